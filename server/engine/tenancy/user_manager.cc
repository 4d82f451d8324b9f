#include "server/engine/tenancy/user_manager.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/core/validation.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/update_mask.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {
namespace {

using cordon::v1::Role;
using cordon::v1::User;

const std::vector<std::string>& UserUpdatablePaths() {
  static const auto* paths = new std::vector<std::string>{
      "display_name", "email", "role", "organization"};
  return *paths;
}

// `status` with its message and details (field, reason) but another code:
// lets a non-INVALID_ARGUMENT error still name the request field it is about.
absl::Status WithCode(absl::StatusCode code, const absl::Status& status) {
  absl::Status result(code, status.message());
  status.ForEachPayload(
      [&result](absl::string_view type_url, const absl::Cord& payload) {
        result.SetPayload(type_url, payload);
      });
  return result;
}

std::string EmailIndexKey(uint64_t account, absl::string_view email) {
  return store::IndexKey(store::IndexKind::kUserEmail, {account},
                         core::NormalizeCaseInsensitiveKey(email));
}

bool IsAdmin(const User& user) {
  return user.role() == cordon::v1::ACCOUNT_ADMIN;
}

absl::Status Validate(const User& user) {
  CORDON_RETURN_IF_ERROR(
      core::ForField("user.email", core::ValidateEmail(user.email())));
  CORDON_RETURN_IF_ERROR(core::ForField(
      "user.display_name", core::ValidateDisplayName(user.display_name())));
  switch (user.role()) {
    case cordon::v1::ACCOUNT_ADMIN:
    case cordon::v1::ACCOUNT_USER:
    case cordon::v1::ORGANIZATION_USER:
      return absl::OkStatus();
    case cordon::v1::ROLE_UNSPECIFIED:
      return core::InvalidField(
          "user.role",
          "required: ACCOUNT_ADMIN, ACCOUNT_USER or ORGANIZATION_USER");
    default:
      // SOC_ANALYST and SERVICE are provider principals: API keys without
      // a user, never members of an account.
      return core::InvalidField(
          "user.role", absl::StrCat(Role_Name(user.role()),
                                    " is a provider role, not a user role; "
                                    "use ACCOUNT_ADMIN, ACCOUNT_USER or "
                                    "ORGANIZATION_USER"));
  }
}

// Reserves `email` for `user` in the account's case-insensitive email index.
absl::Status ClaimEmail(store::Transaction& txn, uint64_t account,
                        uint64_t user, absl::string_view email) {
  const std::string key = EmailIndexKey(account, email);
  std::string holder;
  CORDON_ASSIGN_OR_RETURN(
      bool taken, txn.GetRawForUpdate(store::Family::kIndex, key, &holder));
  if (taken && store::ReadUint64(holder, 0) != user) {
    return WithCode(absl::StatusCode::kAlreadyExists,
                    core::InvalidField(
                        "user.email",
                        absl::StrCat("another user of this account already "
                                     "has the email ",
                                     email, " (compared case-insensitively)"),
                        "EMAIL_TAKEN"));
  }
  txn.PutRaw(store::Family::kIndex, key, store::KeyOf({user}));
  return absl::OkStatus();
}

absl::StatusOr<User> LockUser(store::Transaction& txn,
                              const core::UserName& name) {
  return LockRow<User>(txn, store::Family::kUsers,
                       store::KeyOf({name.account, name.user}),
                       name.ToString());
}

// ESC-6: the admins' emails once `before` has become `after` (nullptr: the
// user is deleted). AdminEmails reads the committed state, which cannot move
// while the caller holds the account lock; this user's own change is applied
// on top of it.
absl::Status CheckAdminChangeKeepsRecipients(
    const store::Database& db, const cordon::store::AccountRecord& account,
    uint64_t account_id, const User& before, const User* after,
    absl::string_view field) {
  const bool stays_same_admin =
      after != nullptr && IsAdmin(*after) &&
      core::NormalizeCaseInsensitiveKey(after->email()) ==
          core::NormalizeCaseInsensitiveKey(before.email());
  // Only losing an admin email can break the rule.
  if (!IsAdmin(before) || stays_same_admin) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(std::vector<std::string> admins,
                          AccountManager::AdminEmails(db, account_id));
  auto it = std::find(admins.begin(), admins.end(),
                      core::NormalizeCaseInsensitiveKey(before.email()));
  if (it != admins.end()) admins.erase(it);
  if (after != nullptr && IsAdmin(*after)) {
    admins.push_back(core::NormalizeCaseInsensitiveKey(after->email()));
  }
  if (admins.empty()) {
    // Whatever the recipients list says, nobody could answer or be told.
    return core::WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            before.name(),
            " is the account's last ACCOUNT_ADMIN, who must remain to "
            "receive escalations (ESC-6): make another user ACCOUNT_ADMIN "
            "first")),
        "LAST_ACCOUNT_ADMIN");
  }
  return AccountManager::CheckRecipientsKeepAnAdmin(
      account.account().settings(), admins, field);
}

std::string Describe(const User& before, const User& after) {
  std::vector<std::string> changes;
  if (before.display_name() != after.display_name()) {
    changes.push_back(
        absl::StrCat("display_name \"", after.display_name(), "\""));
  }
  if (before.email() != after.email()) {
    changes.push_back(
        absl::StrCat("email ", before.email(), " -> ", after.email()));
  }
  if (before.role() != after.role()) {
    changes.push_back(absl::StrCat("role ", Role_Name(before.role()), " -> ",
                                   Role_Name(after.role())));
  }
  if (before.organization() != after.organization()) {
    changes.push_back(absl::StrCat(
        "organization ",
        after.organization().empty() ? "(none)" : after.organization()));
  }
  if (changes.empty()) return "no change";
  return absl::StrJoin(changes, "; ");
}

}  // namespace

absl::Status UserManager::CheckRoleAndOrganization(
    store::Transaction& txn, uint64_t account, const User& user,
    bool check_organization) const {
  if (user.role() != cordon::v1::ORGANIZATION_USER) {
    if (!user.organization().empty()) {
      return core::InvalidField(
          "user.organization",
          "only an ORGANIZATION_USER belongs to an organization; clear it "
          "(include organization in the update_mask when changing the role)");
    }
    return absl::OkStatus();
  }
  if (user.organization().empty()) {
    return core::InvalidField(
        "user.organization",
        "required for ORGANIZATION_USER: accounts/{account}/organizations/{o}");
  }
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(user.organization());
  if (!org.ok()) return core::ForField("user.organization", org.status());
  if (org->account != account) {
    // TEN-1: decided from the name alone; another account's organizations
    // are never looked up, so nothing tells whether this one exists.
    return core::InvalidField("user.organization",
                              "must be an organization of the user's account",
                              "ORGANIZATION_OF_ANOTHER_ACCOUNT");
  }
  if (!check_organization) return absl::OkStatus();
  // Shared, so a concurrent delete of the organization waits for this write
  // (OrganizationManager::ShareOrganization) and creates do not.
  cordon::v1::Organization organization;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForShare(store::Family::kOrganizations,
                      store::KeyOf({org->account, org->organization}),
                      &organization));
  if (!found) {
    return WithCode(
        absl::StatusCode::kNotFound,
        core::InvalidField("user.organization",
                           absl::StrCat(user.organization(), " not found"),
                           "ORGANIZATION_NOT_FOUND"));
  }
  return absl::OkStatus();
}

absl::StatusOr<User> UserManager::Create(const Actor& actor, uint64_t account,
                                         const User& input,
                                         const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(Validate(input));
  return CreateOnce<User>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<User> {
        CORDON_RETURN_IF_ERROR(
            AccountManager::LockAccount(txn, account).status());
        CORDON_RETURN_IF_ERROR(
            CheckRoleAndOrganization(txn, account, input, true));
        // The account lock keeps the count stable until commit.
        CORDON_ASSIGN_OR_RETURN(int64_t users,
                                LockChildCount(txn, store::Family::kUsers,
                                               store::KeyOf({account})));
        if (users >= kMaxUsersPerAccount) {
          return core::WithReason(
              absl::ResourceExhaustedError(absl::StrCat(
                  "an account has at most ", kMaxUsersPerAccount, " users")),
              "USER_LIMIT_REACHED");
        }
        CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
        CORDON_RETURN_IF_ERROR(ClaimEmail(txn, account, id, input.email()));
        User user;
        user.set_name(core::UserName{account, id}.ToString());
        user.set_email(input.email());
        user.set_display_name(input.display_name());
        user.set_role(input.role());
        user.set_organization(input.organization());
        StampWrite(&user, clock_->Now(), /*creating=*/true);
        txn.Put(store::Family::kUsers, store::KeyOf({account, id}), user);
        CORDON_RETURN_IF_ERROR(AddToLockedChildCount(
            txn, store::Family::kUsers, store::KeyOf({account}), users, 1));
        CORDON_RETURN_IF_ERROR(audit_->Record(
            txn, account, actor, user.name(),
            absl::StrCat("created user ", user.email(), " (",
                         Role_Name(user.role()),
                         user.organization().empty() ? "" : " of ",
                         user.organization(), ")")));
        return user;
      });
}

absl::StatusOr<User> UserManager::Get(uint64_t account, uint64_t user) const {
  return ReadRow<User>(*db_, store::Family::kUsers,
                       store::KeyOf({account, user}),
                       core::UserName{account, user}.ToString(), "user record");
}

absl::StatusOr<Page<User>> UserManager::List(uint64_t account,
                                             const ListQuery& query,
                                             const PageRequest& page) const {
  CORDON_RETURN_IF_ERROR(CheckRowExists(*db_, store::Family::kAccounts,
                                        store::KeyOf({account}),
                                        core::AccountName{account}.ToString()));
  return ScanPage<User>(*db_, store::Family::kUsers, store::KeyOf({account}),
                        page, "user record", [&](const User& user) {
                          return !query.role || user.role() == *query.role;
                        });
}

absl::StatusOr<User> UserManager::Update(
    const Actor& actor, const User& patch,
    const google::protobuf::FieldMask& mask) {
  absl::StatusOr<core::UserName> parsed = core::ParseUserName(patch.name());
  if (!parsed.ok()) return core::ForField("user.name", parsed.status());
  const core::UserName name = *parsed;
  CORDON_ASSIGN_OR_RETURN(
      User committed,
      store::Transact(*db_, [&](store::Transaction& t) -> absl::StatusOr<User> {
        CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord account,
                                AccountManager::LockAccount(t, name.account));
        CORDON_ASSIGN_OR_RETURN(const User before, LockUser(t, name));
        CORDON_RETURN_IF_ERROR(CheckEtag(patch.etag(), before.etag()));
        User after = before;
        CORDON_RETURN_IF_ERROR(
            ApplyUpdateMask(mask, UserUpdatablePaths(), patch, &after));
        CORDON_RETURN_IF_ERROR(Validate(after));
        // An unchanged organization is not looked up again, so a rename still
        // works for a user whose organization was deleted meanwhile.
        const bool organization_changed =
            after.organization() != before.organization() ||
            after.role() != before.role();
        CORDON_RETURN_IF_ERROR(CheckRoleAndOrganization(t, name.account, after,
                                                        organization_changed));
        const bool email_key_changed =
            core::NormalizeCaseInsensitiveKey(after.email()) !=
            core::NormalizeCaseInsensitiveKey(before.email());
        if (email_key_changed) {
          CORDON_RETURN_IF_ERROR(
              ClaimEmail(t, name.account, name.user, after.email()));
          t.Delete(store::Family::kIndex,
                   EmailIndexKey(name.account, before.email()));
        }
        CORDON_RETURN_IF_ERROR(CheckAdminChangeKeepsRecipients(
            *db_, account, name.account, before, &after,
            IsAdmin(after) ? "user.email" : "user.role"));
        const std::string summary = Describe(before, after);
        StampWrite(&after, clock_->Now(), /*creating=*/false);
        t.Put(store::Family::kUsers, store::KeyOf({name.account, name.user}),
              after);
        CORDON_RETURN_IF_ERROR(audit_->Record(
            t, name.account, actor, after.name(),
            absl::StrCat("updated user ", before.email(), ": ", summary)));
        CORDON_RETURN_IF_ERROR(t.Commit());
        return after;
      }));
  return committed;
}

absl::Status UserManager::Delete(const Actor& actor, uint64_t account,
                                 uint64_t user, const std::string& etag) {
  const core::UserName name{account, user};
  return store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                            AccountManager::LockAccount(t, account));
    CORDON_ASSIGN_OR_RETURN(const User before, LockUser(t, name));
    CORDON_RETURN_IF_ERROR(CheckEtag(etag, before.etag()));
    CORDON_RETURN_IF_ERROR(CheckAdminChangeKeepsRecipients(
        *db_, record, account, before, nullptr, "name"));
    // Authenticate also refuses keys of a missing user; revoking them too makes
    // the end of their access visible in ListApiKeys and permanent.
    CORDON_RETURN_IF_ERROR(api_keys_->RevokeKeysOfUser(t, account, user));
    t.Delete(store::Family::kIndex, EmailIndexKey(account, before.email()));
    t.Delete(store::Family::kUsers, store::KeyOf({account, user}));
    CORDON_RETURN_IF_ERROR(
        AddChildCount(t, store::Family::kUsers, store::KeyOf({account}), -1));
    CORDON_RETURN_IF_ERROR(audit_->Record(
        t, account, actor, before.name(),
        absl::StrCat("deleted user ", before.email(), " (",
                     Role_Name(before.role()), ") and revoked its API keys")));
    return t.Commit();
  });
}

}  // namespace cordon::engine
