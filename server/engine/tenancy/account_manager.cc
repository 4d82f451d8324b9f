#include "server/engine/tenancy/account_manager.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/v1/user.pb.h"
#include "google/protobuf/util/time_util.h"
#include "server/core/errors.h"
#include "server/core/isolation/blast_radius.h"
#include "server/core/psa_settings.h"
#include "server/core/resource_name.h"
#include "server/core/validation.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/update_mask.h"
#include "server/engine/isolation/blast_radius_guard.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::store::AccountRecord;
using cordon::store::SavedAccount;
using cordon::v1::Account;
using cordon::v1::HostIsolationSettings;
using cordon::v1::PsaIntegration;

constexpr int kMaxRecipients = 50;
constexpr absl::string_view kPsaField = "account.settings.psa_integration";
// An account with more users than this is refused further users; it keeps
// the ESC-6 admin scan bounded.
constexpr int kMaxUsersScanned = 10000;

const std::vector<std::string>& AccountUpdatablePaths() {
  static const auto* paths =
      new std::vector<std::string>{"display_name",
                                   "settings.identity_isolation_enabled",
                                   "settings.notification_recipients",
                                   "settings.psa_integration",
                                   "settings.host_isolation",
                                   "settings.automated_isolations_per_hour"};
  return *paths;
}

bool IsolationEnabled(const Account& account) {
  // ISO-1: on unless explicitly turned off.
  return !account.settings().has_identity_isolation_enabled() ||
         account.settings().identity_isolation_enabled();
}

bool MaskReplacesPsa(const google::protobuf::FieldMask& mask) {
  for (const std::string& path : mask.paths()) {
    if (path == "*" || path == "settings.psa_integration") return true;
  }
  return false;
}

bool HasPsa(const PsaIntegration& psa) {
  return psa.kind() != PsaIntegration::KIND_UNSPECIFIED &&
         psa.kind() != PsaIntegration::NONE;
}

// The integration's string fields by name, as core checks them.
core::PsaSettings PsaSettingsOf(const PsaIntegration& psa) {
  core::PsaSettings settings;
  settings.kind =
      psa.kind() == PsaIntegration::AUTOTASK  ? core::PsaKind::kAutotask
      : psa.kind() == PsaIntegration::HALOPSA ? core::PsaKind::kHaloPsa
                                              : core::PsaKind::kConnectWise;
  const google::protobuf::Reflection* reflection = psa.GetReflection();
  for (absl::string_view name : core::PsaFieldNames()) {
    const google::protobuf::FieldDescriptor* field =
        psa.GetDescriptor()->FindFieldByName(std::string(name));
    settings.values[std::string(name)] = reflection->GetString(psa, field);
  }
  return settings;
}

// A core validator's INVALID_ARGUMENT with its field (`default_field` when
// it names none) renamed as the request names it: under account.settings.
absl::Status UnderPrefix(const absl::Status& status, absl::string_view prefix,
                         absl::string_view default_field) {
  if (status.ok()) return status;
  const std::string core_field =
      core::FieldOf(status).value_or(std::string(default_field));
  absl::string_view description = status.message();
  const std::string own_prefix = core_field + ": ";
  if (absl::StartsWith(description, own_prefix)) {
    description.remove_prefix(own_prefix.size());
  }
  return core::InvalidField(absl::StrCat(prefix, core_field), description);
}

absl::Status UnderSettings(const absl::Status& status,
                           absl::string_view default_field) {
  return UnderPrefix(status, "account.settings.", default_field);
}

// `secret_stored`: a secret for this same kind is stored (a secret belongs
// to one product; switching products needs the new product's secret).
absl::Status ValidatePsa(const PsaIntegration& psa, bool secret_stored) {
  if (!HasPsa(psa)) {
    const core::PsaSettings entered = PsaSettingsOf(psa);
    for (const auto& [name, value] : entered.values) {
      if (!value.empty()) {
        return core::InvalidField(absl::StrCat(kPsaField, ".kind"),
                                  "set a kind to configure a PSA integration");
      }
    }
    return absl::OkStatus();
  }
  core::PsaSettings settings = PsaSettingsOf(psa);
  settings.secret_stored = secret_stored;
  return UnderPrefix(core::ValidatePsaSettings(settings),
                     absl::StrCat(kPsaField, "."), "");
}

// ESC-2: validated with core's rule, the fields named as the request names
// them.
absl::Status ValidateHostIsolation(
    const cordon::v1::AccountSettings& settings) {
  if (!settings.has_host_isolation()) return absl::OkStatus();
  const std::string field = "account.settings.host_isolation";
  const HostIsolationSettings& input = settings.host_isolation();
  if (input.has_window()) {
    const google::protobuf::Duration& window = input.window();
    if (window.nanos() <= -1000000000 || window.nanos() >= 1000000000 ||
        (window.seconds() > 0 && window.nanos() < 0) ||
        (window.seconds() < 0 && window.nanos() > 0)) {
      return core::InvalidField(field + ".window", "not a valid duration");
    }
  }
  return UnderSettings(core::ValidateHostIsolationConfig(
                           AccountManager::HostIsolationOf(settings)),
                       "host_isolation");
}

// ISO-14: the hourly cap of automated isolations, when set.
absl::Status ValidateIsolationCap(const cordon::v1::AccountSettings& settings) {
  if (!settings.has_automated_isolations_per_hour()) return absl::OkStatus();
  return UnderSettings(core::ValidateAutomatedIsolationsPerHour(
                           settings.automated_isolations_per_hour()),
                       core::kAutomatedIsolationsPerHourField);
}

std::string DescribeHostIsolation(const core::HostIsolationConfig& config) {
  return absl::StrCat("org-wide host isolation: ", config.threshold,
                      " endpoints within ",
                      absl::FormatDuration(config.window));
}

// Whether anything but the secret differs (the audit names the kind only,
// and "secret replaced" apart: never the secret).
bool PsaSettingsDiffer(PsaIntegration a, PsaIntegration b) {
  AccountManager::ClearSecretOutputs(&a);
  AccountManager::ClearSecretOutputs(&b);
  return a.SerializeAsString() != b.SerializeAsString();
}

std::string Describe(const Account& before, const Account& after) {
  std::vector<std::string> changes;
  if (before.display_name() != after.display_name()) {
    changes.push_back("display_name");
  }
  if (IsolationEnabled(before) != IsolationEnabled(after)) {
    changes.push_back(IsolationEnabled(after)
                          ? "identity isolation turned ON"
                          : "identity isolation turned OFF");
  }
  if (before.settings().notification_recipients().size() !=
          after.settings().notification_recipients().size() ||
      !std::equal(before.settings().notification_recipients().begin(),
                  before.settings().notification_recipients().end(),
                  after.settings().notification_recipients().begin())) {
    changes.push_back(absl::StrCat(
        "notification recipients: ",
        after.settings().notification_recipients().empty()
            ? "all account admins"
            : absl::StrJoin(after.settings().notification_recipients(), ", ")));
  }
  const PsaIntegration& a = before.settings().psa_integration();
  const PsaIntegration& b = after.settings().psa_integration();
  if (PsaSettingsDiffer(a, b) || !b.secret().empty()) {
    changes.push_back(
        absl::StrCat("PSA integration: ", PsaIntegration::Kind_Name(b.kind()),
                     b.secret().empty() ? "" : " (secret replaced)"));
  }
  const core::HostIsolationConfig a_hosts =
      AccountManager::HostIsolationOf(before.settings());
  const core::HostIsolationConfig b_hosts =
      AccountManager::HostIsolationOf(after.settings());
  if (a_hosts.threshold != b_hosts.threshold ||
      a_hosts.window != b_hosts.window) {
    changes.push_back(DescribeHostIsolation(b_hosts));
  }
  const int a_cap = AutomatedIsolationCap(before.settings());
  const int b_cap = AutomatedIsolationCap(after.settings());
  if (a_cap != b_cap) {
    changes.push_back(absl::StrCat("automated isolation cap (ISO-14): ", b_cap,
                                   " identities per hour"));
  }
  if (changes.empty()) return "no change";
  return absl::StrJoin(changes, "; ");
}

void AddIsolationWarning(const Account& before, const Account& after,
                         SavedAccount* change) {
  if (IsolationEnabled(before) && !IsolationEnabled(after)) {
    cordon::v1::Warning* warning = change->add_warnings();
    warning->set_code("IDENTITY_ISOLATION_DISABLED");
    warning->set_message(
        "Automated identity isolation is now OFF for every organization of "
        "this account: compromised identities will no longer be logged out "
        "and locked out when the SOC sends an incident report (ISO-1). "
        "Manual isolation still works.");
  }
}

}  // namespace

absl::StatusOr<AccountRecord> AccountManager::LockAccount(
    store::Transaction& txn, uint64_t account) {
  return LockRow<AccountRecord>(txn, store::Family::kAccounts,
                                store::KeyOf({account}),
                                core::AccountName{account}.ToString());
}

absl::StatusOr<std::vector<std::string>> AccountManager::AdminEmails(
    const store::Database& db, uint64_t account) {
  std::vector<std::string> emails;
  CORDON_RETURN_IF_ERROR(ScanRows<cordon::v1::User>(
      db, store::Family::kUsers, store::KeyOf({account}), kMaxUsersScanned,
      "user record", [&](const cordon::v1::User& user) {
        if (user.role() == cordon::v1::ACCOUNT_ADMIN) {
          emails.push_back(core::NormalizeCaseInsensitiveKey(user.email()));
        }
        return true;
      }));
  return emails;
}

core::HostIsolationConfig AccountManager::HostIsolationOf(
    const cordon::v1::AccountSettings& settings) {
  core::HostIsolationConfig config;
  if (!settings.has_host_isolation()) return config;
  const HostIsolationSettings& input = settings.host_isolation();
  if (input.threshold() != 0) config.threshold = input.threshold();
  if (input.has_window()) {
    config.window = absl::Seconds(input.window().seconds()) +
                    absl::Nanoseconds(input.window().nanos());
  }
  return config;
}

absl::Status AccountManager::CheckRecipientsKeepAnAdmin(
    const cordon::v1::AccountSettings& settings,
    const std::vector<std::string>& admin_emails, absl::string_view field) {
  // An empty list means "all account admins" and always qualifies.
  if (settings.notification_recipients().empty()) return absl::OkStatus();
  for (const std::string& recipient : settings.notification_recipients()) {
    if (std::find(admin_emails.begin(), admin_emails.end(),
                  core::NormalizeCaseInsensitiveKey(recipient)) !=
        admin_emails.end()) {
      return absl::OkStatus();
    }
  }
  return core::InvalidField(
      field,
      "the escalation recipients must include at least one account admin's "
      "email (ESC-6)",
      "RECIPIENTS_NEED_AN_ADMIN");
}

absl::Status AccountManager::Validate(const Account& account,
                                      bool secret_stored) const {
  CORDON_RETURN_IF_ERROR(
      core::ForField("account.display_name",
                     core::ValidateDisplayName(account.display_name())));
  const auto& recipients = account.settings().notification_recipients();
  if (recipients.size() > kMaxRecipients) {
    return core::InvalidField("account.settings.notification_recipients",
                              absl::StrCat("at most ", kMaxRecipients));
  }
  for (int i = 0; i < recipients.size(); ++i) {
    CORDON_RETURN_IF_ERROR(core::ForField(
        absl::StrCat("account.settings.notification_recipients[", i, "]"),
        core::ValidateEmail(recipients[i])));
  }
  CORDON_RETURN_IF_ERROR(ValidateHostIsolation(account.settings()));
  CORDON_RETURN_IF_ERROR(ValidateIsolationCap(account.settings()));
  return ValidatePsa(account.settings().psa_integration(), secret_stored);
}

absl::Status AccountManager::CheckPsaEndpoints(
    const PsaIntegration& psa) const {
  if (!HasPsa(psa)) return absl::OkStatus();
  const std::pair<const char*, const std::string*> urls[] = {
      {"endpoint", &psa.endpoint()}, {"auth_endpoint", &psa.auth_endpoint()}};
  for (const auto& [name, url] : urls) {
    if (url->empty()) continue;
    CORDON_RETURN_IF_ERROR(
        endpoints_->Check(absl::StrCat(kPsaField, ".", name), *url));
  }
  return absl::OkStatus();
}

absl::Status AccountManager::StoreSecret(const std::string& secret,
                                         AccountRecord* record) const {
  if (secret.empty()) return absl::OkStatus();
  CORDON_RETURN_IF_ERROR(SealPsaSecret(sealer_, secret, record));
  *record->mutable_psa_secret_update_time() = ToTimestamp(clock_->Now());
  return absl::OkStatus();
}

absl::Status AccountManager::PrecheckPsa(const PsaIntegration& psa) const {
  // Whether a secret is stored is known only inside the transaction, which
  // checks the whole account again.
  CORDON_RETURN_IF_ERROR(ValidatePsa(psa, /*secret_stored=*/true));
  return CheckPsaEndpoints(psa);
}

bool AccountManager::StoredSecretFits(const AccountRecord& record,
                                      const PsaIntegration& psa) {
  return HasPsaSecret(record) &&
         record.account().settings().psa_integration().kind() == psa.kind();
}

absl::Status AccountManager::KeepOrReplaceSecret(const PsaIntegration& psa,
                                                 AccountRecord* record) const {
  if (!HasPsa(psa)) {
    ClearPsaSecret(record);
    return absl::OkStatus();
  }
  // An update that leaves the secret empty keeps the stored one, so an admin
  // can move the board without re-entering the credential.
  return StoreSecret(psa.secret(), record);
}

void AccountManager::ClearSecretOutputs(PsaIntegration* psa) {
  psa->clear_secret();
  psa->clear_secret_set();
  psa->clear_secret_update_time();
}

Account AccountManager::Present(const AccountRecord& record) const {
  Account account = record.account();
  PsaIntegration* psa = account.mutable_settings()->mutable_psa_integration();
  psa->clear_secret();
  psa->set_secret_set(HasPsaSecret(record));
  psa->clear_secret_update_time();
  if (psa->secret_set()) {
    *psa->mutable_secret_update_time() = record.psa_secret_update_time();
  }
  if (!account.settings().has_identity_isolation_enabled()) {
    account.mutable_settings()->set_identity_isolation_enabled(true);
  }
  // ISO-14: the cap in force.
  account.mutable_settings()->set_automated_isolations_per_hour(
      AutomatedIsolationCap(account.settings()));
  // ESC-2: the host isolation settings in force, defaults filled in.
  const core::HostIsolationConfig hosts = HostIsolationOf(account.settings());
  HostIsolationSettings* shown =
      account.mutable_settings()->mutable_host_isolation();
  shown->set_threshold(hosts.threshold);
  *shown->mutable_window() =
      google::protobuf::util::TimeUtil::NanosecondsToDuration(
          absl::ToInt64Nanoseconds(hosts.window));
  return account;
}

absl::StatusOr<SavedAccount> AccountManager::Create(
    const Actor& actor, const Account& input, const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(Validate(input, /*secret_stored=*/false));
  CORDON_RETURN_IF_ERROR(CheckPsaEndpoints(input.settings().psa_integration()));
  return CreateOnce<SavedAccount>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<SavedAccount> {
        CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
        AccountRecord record;
        Account* account = record.mutable_account();
        account->set_name(core::AccountName{id}.ToString());
        account->set_display_name(input.display_name());
        *account->mutable_settings() = input.settings();
        account->mutable_settings()->set_identity_isolation_enabled(
            IsolationEnabled(input));
        // A new account has no admins yet, so only the default list (all
        // admins) can satisfy ESC-6.
        CORDON_RETURN_IF_ERROR(CheckRecipientsKeepAnAdmin(
            account->settings(), {},
            "account.settings.notification_recipients"));
        CORDON_RETURN_IF_ERROR(
            StoreSecret(input.settings().psa_integration().secret(), &record));
        ClearSecretOutputs(
            account->mutable_settings()->mutable_psa_integration());
        StampWrite(account, clock_->Now(), /*creating=*/true);
        txn.Put(store::Family::kAccounts, store::KeyOf({id}), record);
        SavedAccount change;
        Account defaults;  // isolation on
        AddIsolationWarning(defaults, *account, &change);
        CORDON_RETURN_IF_ERROR(audit_->Record(
            txn, id, actor, account->name(),
            absl::StrCat("created account \"", account->display_name(), "\"; ",
                         Describe(defaults, *account))));
        *change.mutable_account() = Present(record);
        return change;
      });
}

absl::StatusOr<Account> AccountManager::Get(uint64_t account) const {
  CORDON_ASSIGN_OR_RETURN(
      AccountRecord record,
      ReadRow<AccountRecord>(
          *db_, store::Family::kAccounts, store::KeyOf({account}),
          core::AccountName{account}.ToString(), "account record"));
  return Present(record);
}

absl::StatusOr<Page<Account>> AccountManager::List(
    const PageRequest& page) const {
  CORDON_ASSIGN_OR_RETURN(
      Page<AccountRecord> records,
      ScanPage<AccountRecord>(*db_, store::Family::kAccounts, "", page,
                              "account record",
                              [](const AccountRecord&) { return true; }));
  Page<Account> result;
  for (const AccountRecord& record : records.items) {
    result.items.push_back(Present(record));
  }
  result.resume_after_key = std::move(records.resume_after_key);
  return result;
}

absl::StatusOr<SavedAccount> AccountManager::Update(
    const Actor& actor, const Account& patch,
    const google::protobuf::FieldMask& mask) {
  CORDON_ASSIGN_OR_RETURN(core::AccountName name,
                          core::ParseAccountName(patch.name()));
  if (MaskReplacesPsa(mask)) {
    CORDON_RETURN_IF_ERROR(PrecheckPsa(patch.settings().psa_integration()));
  }
  CORDON_ASSIGN_OR_RETURN(
      SavedAccount committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<SavedAccount> {
            CORDON_ASSIGN_OR_RETURN(AccountRecord record,
                                    LockAccount(t, name.account));
            CORDON_RETURN_IF_ERROR(
                CheckEtag(patch.etag(), record.account().etag()));
            const Account before = Present(record);
            Account after = record.account();
            CORDON_RETURN_IF_ERROR(
                ApplyUpdateMask(mask, AccountUpdatablePaths(), patch, &after));
            PsaIntegration* psa =
                after.mutable_settings()->mutable_psa_integration();
            CORDON_RETURN_IF_ERROR(
                Validate(after, StoredSecretFits(record, *psa)));
            CORDON_ASSIGN_OR_RETURN(std::vector<std::string> admins,
                                    AdminEmails(*db_, name.account));
            CORDON_RETURN_IF_ERROR(CheckRecipientsKeepAnAdmin(
                after.settings(), admins,
                "account.settings.notification_recipients"));
            const std::string summary = Describe(before, after);
            CORDON_RETURN_IF_ERROR(KeepOrReplaceSecret(*psa, &record));
            ClearSecretOutputs(psa);
            after.mutable_settings()->set_identity_isolation_enabled(
                IsolationEnabled(after));
            StampWrite(&after, clock_->Now(), /*creating=*/false);
            *record.mutable_account() = after;
            t.Put(store::Family::kAccounts, store::KeyOf({name.account}),
                  record);
            CORDON_RETURN_IF_ERROR(
                audit_->Record(t, name.account, actor, after.name(), summary));
            CORDON_RETURN_IF_ERROR(t.Commit());
            SavedAccount change;
            *change.mutable_account() = Present(record);
            AddIsolationWarning(before, change.account(), &change);
            return change;
          }));
  return committed;
}

absl::Status AccountManager::Delete(const Actor& actor, uint64_t account,
                                    const std::string& etag) {
  return store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(AccountRecord record, LockAccount(t, account));
    CORDON_RETURN_IF_ERROR(CheckEtag(etag, record.account().etag()));
    for (store::Family children :
         {store::Family::kOrganizations, store::Family::kUsers}) {
      CORDON_ASSIGN_OR_RETURN(
          int64_t child_count,
          LockChildCount(t, children, store::KeyOf({account})));
      if (child_count > 0) {
        return core::WithReason(
            absl::FailedPreconditionError(
                "delete the account's organizations and users first"),
            "ACCOUNT_NOT_EMPTY");
      }
    }
    t.Delete(store::Family::kAccounts, store::KeyOf({account}));
    CORDON_RETURN_IF_ERROR(
        audit_->Record(t, account, actor, record.account().name(),
                       absl::StrCat("deleted account \"",
                                    record.account().display_name(), "\"")));
    return t.Commit();
  });
}

}  // namespace cordon::engine
