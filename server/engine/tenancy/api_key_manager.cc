#include "server/engine/tenancy/api_key_manager.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <map>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/user.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/core/validation.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/api_key_expiry.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::store::ApiKeyRecord;
using cordon::v1::ApiKey;
using cordon::v1::Role;

constexpr absl::string_view kTokenPrefix = "cordon_";
constexpr size_t kSecretBytes = 32;
constexpr absl::string_view kBootstrapMarkerKey = "bootstrap_key_created";

std::string Sha256(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof(digest));
}

absl::Status Unauthenticated() {
  // One answer for every kind of bad token: nothing tells a guesser which
  // part was wrong.
  return core::WithReason(
      absl::UnauthenticatedError("the API key is not valid or was revoked"),
      "INVALID_API_KEY");
}

absl::StatusOr<ApiKeyRecord> ReadRecord(const store::Database& db,
                                        uint64_t key) {
  return ReadRow<ApiKeyRecord>(db, store::Family::kApiKeys, store::KeyOf({key}),
                               core::ApiKeyName{key}.ToString(),
                               "api key record");
}

absl::StatusOr<cordon::v1::User> ReadUser(const store::Database& db,
                                          const core::UserName& name) {
  return ReadRow<cordon::v1::User>(db, store::Family::kUsers,
                                   store::KeyOf({name.account, name.user}),
                                   name.ToString(), "user record");
}

// What a reader sees of a key: its user's role now, the one Authenticate
// grants, not the role stored when the key was made (issue 8; a key whose
// user was deleted keeps the role it last had), and EXPIRED once it is past
// its expiry (issue 14). `roles`, when given, caches the users already read
// (a page lists many keys of few users).
absl::Status ShowCurrent(const store::Database& db, absl::Time now, ApiKey* key,
                         std::map<std::string, Role>* roles = nullptr) {
  key->set_state(ShownKeyState(*key, now));
  if (key->user().empty()) return absl::OkStatus();
  std::map<std::string, Role> unused;
  if (roles == nullptr) roles = &unused;
  if (auto it = roles->find(key->user()); it != roles->end()) {
    key->set_role(it->second);
    return absl::OkStatus();
  }
  CORDON_ASSIGN_OR_RETURN(core::UserName name,
                          core::ParseUserName(key->user()));
  absl::StatusOr<cordon::v1::User> user = ReadUser(db, name);
  if (absl::IsNotFound(user.status())) return absl::OkStatus();
  if (!user.ok()) return user.status();
  (*roles)[key->user()] = user->role();
  key->set_role(user->role());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<cordon::store::CreatedApiKey> ApiKeyManager::Insert(
    store::Transaction& txn, const Actor& actor, ApiKey key) {
  CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
  const std::string secret =
      absl::WebSafeBase64Escape(entropy_->Bytes(kSecretBytes));
  ApiKeyRecord record;
  key.set_name(core::ApiKeyName{id}.ToString());
  key.set_state(ApiKey::ACTIVE);
  key.clear_revoke_time();
  *key.mutable_create_time() = ToTimestamp(clock_->Now());
  *record.mutable_api_key() = key;
  record.set_secret_sha256(Sha256(secret));
  txn.Put(store::Family::kApiKeys, store::KeyOf({id}), record);
  uint64_t account = 0;
  if (absl::StatusOr<core::AccountName> owner =
          core::ParseAccountName(key.account());
      owner.ok()) {
    account = owner->account;  // an agent key
  }
  if (!key.user().empty()) {
    CORDON_ASSIGN_OR_RETURN(core::UserName user,
                            core::ParseUserName(key.user()));
    account = user.account;
    txn.PutRaw(store::Family::kIndex,
               store::IndexKey(store::IndexKind::kUserApiKey,
                               {user.account, user.user, id}),
               "");
  }
  CORDON_RETURN_IF_ERROR(audit_->Record(
      txn, account, actor, key.name(),
      absl::StrCat("created API key \"", key.display_name(), "\" with role ",
                   cordon::v1::Role_Name(key.role()),
                   key.user().empty() ? "" : " acting as ", key.user(),
                   key.has_expire_time() ? ", expiring " : "",
                   KeyExpiryText(key))));
  cordon::store::CreatedApiKey response;
  *response.mutable_api_key() = key;
  response.set_secret(absl::StrCat(kTokenPrefix, id, "_", secret));
  return response;
}

absl::StatusOr<cordon::store::CreatedApiKey> ApiKeyManager::Create(
    const Actor& actor, const ApiKey& input, const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(core::ForField(
      "api_key.display_name", core::ValidateDisplayName(input.display_name())));
  CORDON_RETURN_IF_ERROR(CheckKeyExpiry(input, clock_->Now()));
  ApiKey key;
  key.set_display_name(input.display_name());
  if (input.has_expire_time()) {
    *key.mutable_expire_time() = input.expire_time();
  }
  absl::optional<core::UserName> user_name;
  if (!input.user().empty()) {
    absl::StatusOr<core::UserName> parsed = core::ParseUserName(input.user());
    if (!parsed.ok()) return core::ForField("api_key.user", parsed.status());
    user_name = *parsed;
  } else if (input.role() != cordon::v1::SOC_ANALYST &&
             input.role() != cordon::v1::SERVICE) {
    return core::InvalidField(
        "api_key.role",
        "a key without a user must be a provider key: SOC_ANALYST or SERVICE");
  }
  return CreateOnce<cordon::store::CreatedApiKey>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn)
          -> absl::StatusOr<cordon::store::CreatedApiKey> {
        if (user_name.has_value()) {
          CORDON_ASSIGN_OR_RETURN(
              cordon::v1::User user,
              LockRow<cordon::v1::User>(
                  txn, store::Family::kUsers,
                  store::KeyOf({user_name->account, user_name->user}),
                  user_name->ToString()));
          key.set_user(user.name());
          key.set_role(user.role());
          key.set_account(core::AccountName{user_name->account}.ToString());
        } else {
          key.set_role(input.role());
        }
        return Insert(txn, actor, key);
      },
      // A retry gets the key but never the secret again: only its hash is
      // kept.
      [](cordon::store::CreatedApiKey* response) { response->clear_secret(); });
}

absl::StatusOr<ApiKey> ApiKeyManager::Get(uint64_t key) const {
  CORDON_ASSIGN_OR_RETURN(ApiKeyRecord record, ReadRecord(*db_, key));
  CORDON_RETURN_IF_ERROR(
      ShowCurrent(*db_, clock_->Now(), record.mutable_api_key()));
  return record.api_key();
}

absl::StatusOr<Page<ApiKey>> ApiKeyManager::List(
    const ListQuery& query, const PageRequest& page) const {
  const std::string account_name =
      query.account ? core::AccountName{*query.account}.ToString() : "";
  const absl::Time now = clock_->Now();
  CORDON_ASSIGN_OR_RETURN(
      Page<ApiKeyRecord> records,
      ScanPage<ApiKeyRecord>(
          *db_, store::Family::kApiKeys, "", page, "api key record",
          [&](const ApiKeyRecord& record) {
            const ApiKey& api_key = record.api_key();
            if (query.account && api_key.account() != account_name) {
              return false;
            }
            if (query.provider_keys_only && !api_key.account().empty()) {
              return false;
            }
            return !query.state || ShownKeyState(api_key, now) == *query.state;
          }));
  Page<ApiKey> result;
  std::map<std::string, Role> roles;
  for (ApiKeyRecord& record : records.items) {
    CORDON_RETURN_IF_ERROR(
        ShowCurrent(*db_, now, record.mutable_api_key(), &roles));
    result.items.push_back(std::move(*record.mutable_api_key()));
  }
  result.resume_after_key = std::move(records.resume_after_key);
  return result;
}

absl::StatusOr<ApiKey> ApiKeyManager::Revoke(const Actor& actor, uint64_t key) {
  return store::Transact(
      *db_, [&](store::Transaction& txn) -> absl::StatusOr<ApiKey> {
        CORDON_ASSIGN_OR_RETURN(
            ApiKeyRecord record,
            LockRow<ApiKeyRecord>(txn, store::Family::kApiKeys,
                                  store::KeyOf({key}),
                                  core::ApiKeyName{key}.ToString()));
        if (record.api_key().state() == ApiKey::REVOKED) {
          return core::WithReason(
              absl::FailedPreconditionError(
                  absl::StrCat(record.api_key().name(), " is already revoked")),
              "ALREADY_REVOKED");
        }
        record.mutable_api_key()->set_state(ApiKey::REVOKED);
        *record.mutable_api_key()->mutable_revoke_time() =
            ToTimestamp(clock_->Now());
        txn.Put(store::Family::kApiKeys, store::KeyOf({key}), record);
        uint64_t account = 0;
        if (absl::StatusOr<core::AccountName> owner =
                core::ParseAccountName(record.api_key().account());
            owner.ok()) {
          account = owner->account;
        }
        CORDON_RETURN_IF_ERROR(audit_->Record(
            txn, account, actor, record.api_key().name(),
            absl::StrCat("revoked API key \"", record.api_key().display_name(),
                         "\"")));
        CORDON_RETURN_IF_ERROR(txn.Commit());
        CORDON_RETURN_IF_ERROR(
            ShowCurrent(*db_, clock_->Now(), record.mutable_api_key()));
        return record.api_key();
      });
}

absl::Status ApiKeyManager::RevokeKeysOfUser(store::Transaction& txn,
                                             uint64_t account, uint64_t user) {
  const std::string prefix =
      store::IndexKey(store::IndexKind::kUserApiKey, {account, user});
  std::vector<uint64_t> keys;
  CORDON_RETURN_IF_ERROR(
      db_->Scan(store::Family::kIndex, prefix, "", false,
                [&](absl::string_view index_key, absl::string_view) {
                  if (absl::optional<uint64_t> id =
                          store::ReadUint64(index_key, prefix.size())) {
                    keys.push_back(*id);
                  }
                  return true;
                }));
  for (uint64_t key : keys) {
    ApiKeyRecord record;
    CORDON_ASSIGN_OR_RETURN(bool found,
                            txn.GetForUpdate(store::Family::kApiKeys,
                                             store::KeyOf({key}), &record));
    if (found && record.api_key().state() == ApiKey::ACTIVE) {
      record.mutable_api_key()->set_state(ApiKey::REVOKED);
      *record.mutable_api_key()->mutable_revoke_time() =
          ToTimestamp(clock_->Now());
      txn.Put(store::Family::kApiKeys, store::KeyOf({key}), record);
    }
    txn.Delete(
        store::Family::kIndex,
        store::IndexKey(store::IndexKind::kUserApiKey, {account, user, key}));
  }
  return absl::OkStatus();
}

absl::StatusOr<KeyHolder> ApiKeyManager::Authenticate(
    absl::string_view token) const {
  if (!absl::ConsumePrefix(&token, kTokenPrefix)) return Unauthenticated();
  std::vector<absl::string_view> parts =
      absl::StrSplit(token, absl::MaxSplits('_', 1));
  uint64_t id = 0;
  if (parts.size() != 2 || parts[0].size() > 20 ||
      !absl::SimpleAtoi(parts[0], &id) || parts[1].size() > 100) {
    return Unauthenticated();
  }
  const absl::string_view secret = parts[1];
  if (std::optional<AuthenticatedKeyCache::Entry> kept =
          authenticated_.Find(id, secret)) {
    if (KeyExpired(kept->key, clock_->Now())) {
      return ExpiredKeyError(kept->key);
    }
    return kept->holder;
  }
  // Before the reads: a write after this point drops what Insert keeps.
  const absl::optional<uint64_t> generation = authenticated_.Generation();
  absl::StatusOr<ApiKeyRecord> record = ReadRecord(*db_, id);
  if (absl::IsNotFound(record.status())) return Unauthenticated();
  if (!record.ok()) return record.status();
  const std::string digest = Sha256(secret);
  if (record->secret_sha256().size() != digest.size() ||
      CRYPTO_memcmp(digest.data(), record->secret_sha256().data(),
                    digest.size()) != 0 ||
      record->api_key().state() != ApiKey::ACTIVE) {
    return Unauthenticated();
  }
  if (KeyExpired(record->api_key(), clock_->Now())) {
    return ExpiredKeyError(record->api_key());
  }
  CORDON_ASSIGN_OR_RETURN(KeyHolder holder, HolderOf(record->api_key()));
  authenticated_.Insert(id, secret, {holder, record->api_key()}, generation);
  return holder;
}

absl::StatusOr<KeyHolder> ApiKeyManager::HolderOf(const ApiKey& key) const {
  KeyHolder holder;
  holder.key_name = key.name();
  if (key.role() == cordon::v1::AGENT) {
    // ISO-15: bound to one organization for its whole life.
    absl::StatusOr<core::OrganizationName> org =
        core::ParseOrganizationName(key.organization());
    if (!org.ok()) return Unauthenticated();
    holder.role = cordon::v1::AGENT;
    holder.account = org->account;
    holder.organization = org->organization;
    return holder;
  }
  if (key.user().empty()) {
    holder.role = key.role();
    return holder;
  }
  CORDON_ASSIGN_OR_RETURN(core::UserName user_name,
                          core::ParseUserName(key.user()));
  absl::StatusOr<cordon::v1::User> user = ReadUser(*db_, user_name);
  if (absl::IsNotFound(user.status())) return Unauthenticated();
  if (!user.ok()) return user.status();
  holder.role = user->role();
  holder.account = user_name.account;
  holder.user = user->name();
  if (user->role() == cordon::v1::ORGANIZATION_USER) {
    absl::StatusOr<core::OrganizationName> org =
        core::ParseOrganizationName(user->organization());
    if (!org.ok()) return Unauthenticated();
    holder.organization = org->organization;
  }
  return holder;
}

absl::StatusOr<bool> ApiKeyManager::CreateBootstrapKeyOnce(
    const std::function<absl::Status(const std::string& token)>& deliver,
    const std::function<void()>& withdraw) {
  return store::Transact(
      *db_, [&](store::Transaction& txn) -> absl::StatusOr<bool> {
        std::string marker;
        CORDON_ASSIGN_OR_RETURN(
            bool exists, txn.GetRawForUpdate(store::Family::kMeta,
                                             kBootstrapMarkerKey, &marker));
        if (exists) return false;
        ApiKey key;
        key.set_display_name("bootstrap SOC analyst key");
        key.set_role(cordon::v1::SOC_ANALYST);
        const Actor actor{"system", "", "bootstrap"};
        CORDON_ASSIGN_OR_RETURN(cordon::store::CreatedApiKey created,
                                Insert(txn, actor, key));
        txn.PutRaw(store::Family::kMeta, kBootstrapMarkerKey,
                   created.api_key().name());
        CORDON_RETURN_IF_ERROR(deliver(created.secret()));
        const absl::Status committed = txn.Commit();
        // Another server sharing the store committed first (issue 15):
        // this token will never be valid. The next run finds that
        // server's key. A write whose outcome is unknown keeps what it
        // delivered: its key may be stored.
        if (store::IsConflict(committed)) withdraw();
        CORDON_RETURN_IF_ERROR(committed);
        return true;
      });
}

}  // namespace cordon::engine
