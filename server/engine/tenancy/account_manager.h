#ifndef CORDON_SERVER_ENGINE_TENANCY_ACCOUNT_MANAGER_H_
#define CORDON_SERVER_ENGINE_TENANCY_ACCOUNT_MANAGER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/account.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/core/escalation/host_isolation.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/engine/tenancy/endpoint_policy.h"
#include "server/ports/clock.h"
#include "server/ports/secret_sealer.h"
#include "server/store/database.h"

namespace cordon::engine {

// Partner accounts and their settings: the isolation master toggle (ISO-1),
// escalation recipients (ESC-6), the PSA integration and the org-wide host
// isolation threshold and window (ESC-2).
class AccountManager {
 public:
  // `sealer` seals PSA secrets (null: secrets cannot be stored);
  // `endpoints` judges where PSA URLs point. Neither is owned.
  AccountManager(store::Database* db, const ports::Clock* clock,
                 AuditLog* audit, ports::SecretSealer* sealer,
                 const EndpointPolicy* endpoints)
      : db_(db),
        clock_(clock),
        audit_(audit),
        sealer_(sealer),
        endpoints_(endpoints) {}

  absl::StatusOr<cordon::store::SavedAccount> Create(
      const Actor& actor, const cordon::v1::Account& account,
      const IdempotentCall& call);
  absl::StatusOr<cordon::v1::Account> Get(uint64_t account) const;
  absl::StatusOr<Page<cordon::v1::Account>> List(const PageRequest& page) const;
  absl::StatusOr<cordon::store::SavedAccount> Update(
      const Actor& actor, const cordon::v1::Account& patch,
      const google::protobuf::FieldMask& mask);
  absl::Status Delete(const Actor& actor, uint64_t account,
                      const std::string& etag);

  // Reads and locks an account's record inside `txn`; NOT_FOUND when absent.
  // Changes to an account's users take this lock too, so the recipients
  // rule (ESC-6) is checked against a stable set of admins.
  static absl::StatusOr<cordon::store::AccountRecord> LockAccount(
      store::Transaction& txn, uint64_t account);

  // The emails of the account's ACCOUNT_ADMIN users, normalized.
  static absl::StatusOr<std::vector<std::string>> AdminEmails(
      const store::Database& db, uint64_t account);

  // ESC-2 HOST_ISOLATION_ORG_WIDE: the settings in force (absent or zero
  // values are the defaults, 2 endpoints within 1 hour). Not validated.
  static core::HostIsolationConfig HostIsolationOf(
      const cordon::v1::AccountSettings& settings);

  // ESC-6: an explicit recipients list must name at least one admin.
  static absl::Status CheckRecipientsKeepAnAdmin(
      const cordon::v1::AccountSettings& settings,
      const std::vector<std::string>& admin_emails, absl::string_view field);

  // Drops the input-only secret and the output-only fields about it.
  static void ClearSecretOutputs(cordon::v1::PsaIntegration* psa);

 private:
  // `secret_stored`: a PSA secret of the integration's kind is stored.
  absl::Status Validate(const cordon::v1::Account& account,
                        bool secret_stored) const;
  // Where the integration's endpoints resolve (EndpointPolicy).
  absl::Status CheckPsaEndpoints(const cordon::v1::PsaIntegration& psa) const;
  // An update's PSA settings before its transaction: the form (as if a
  // secret were stored) and the endpoints, since resolving is I/O and must
  // not hold the account's lock.
  absl::Status PrecheckPsa(const cordon::v1::PsaIntegration& psa) const;
  // Whether the stored secret serves `psa`: one is stored, for that kind.
  static bool StoredSecretFits(const cordon::store::AccountRecord& record,
                               const cordon::v1::PsaIntegration& psa);
  // Clears the secret when `psa` has no kind; else stores a new one, if
  // given.
  absl::Status KeepOrReplaceSecret(const cordon::v1::PsaIntegration& psa,
                                   cordon::store::AccountRecord* record) const;
  cordon::v1::Account Present(const cordon::store::AccountRecord& record) const;
  // Seals and stores a non-empty PSA secret and stamps when it was set; an
  // empty one keeps what is stored.
  absl::Status StoreSecret(const std::string& secret,
                           cordon::store::AccountRecord* record) const;

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  ports::SecretSealer* sealer_;
  const EndpointPolicy* endpoints_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_ACCOUNT_MANAGER_H_
