#include "server/engine/tenancy/secrets_at_rest.h"

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/store/records.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/store/keys.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {
namespace {

constexpr absl::string_view kCheckKey = "secrets_key_check";
constexpr absl::string_view kCheckValue = "cordon secrets key check";
// Bounds the start-up scan; far above any real number of partner accounts.
constexpr int kMaxAccountsScanned = 1000000;

}  // namespace

absl::Status SecretsAtRest::CheckKey() {
  if (sealer_ == nullptr) return absl::OkStatus();
  // Replicas starting together on an empty etcd store may both write the
  // check (issue 15): the one whose commit loses runs again and checks its
  // key against the other's.
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    std::string sealed;
    CORDON_ASSIGN_OR_RETURN(
        bool exists,
        txn.GetRawForUpdate(store::Family::kMeta, kCheckKey, &sealed));
    if (exists) {
      absl::StatusOr<std::string> opened = sealer_->Open(sealed, kCheckKey);
      if (opened.ok() && *opened == kCheckValue) return absl::OkStatus();
      return core::WithReason(
          absl::FailedPreconditionError(
              "--secrets_key_file does not hold the key this data dir's "
              "secrets were sealed with; start with the original key file "
              "(restore it from your backup)"),
          "SECRETS_KEY_MISMATCH");
    }
    CORDON_ASSIGN_OR_RETURN(std::string check,
                            sealer_->Seal(kCheckValue, kCheckKey));
    txn.PutRaw(store::Family::kMeta, kCheckKey, check);
    return txn.Commit();
  });
}

absl::StatusOr<int> SecretsAtRest::SealLegacySecrets() {
  if (sealer_ == nullptr) return 0;
  std::vector<uint64_t> clear;
  CORDON_RETURN_IF_ERROR(ScanRows<cordon::store::AccountRecord>(
      *db_, store::Family::kAccounts, "", kMaxAccountsScanned, "account record",
      [&](const cordon::store::AccountRecord& record) {
        if (record.psa_secret().empty()) return true;
        // A record whose name does not parse is not ours to fix here.
        absl::StatusOr<core::AccountName> name =
            core::ParseAccountName(record.account().name());
        if (name.ok()) clear.push_back(name->account);
        return true;
      }));
  for (uint64_t account : clear) {
    CORDON_RETURN_IF_ERROR(
        store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
          CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                                  AccountManager::LockAccount(t, account));
          if (record.psa_secret().empty()) return absl::OkStatus();
          const std::string secret = record.psa_secret();
          CORDON_RETURN_IF_ERROR(SealPsaSecret(sealer_, secret, &record));
          t.Put(store::Family::kAccounts, store::KeyOf({account}), record);
          return t.Commit();
        }));
  }
  return static_cast<int>(clear.size());
}

}  // namespace cordon::engine
