#ifndef CORDON_SERVER_ENGINE_TENANCY_ORGANIZATION_MANAGER_H_
#define CORDON_SERVER_ENGINE_TENANCY_ORGANIZATION_MANAGER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/organization.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// An account refuses organizations beyond this many: it bounds the scan that
// counts them (and every listing of them).
inline constexpr int kMaxOrganizationsPerAccount = 10000;

// A partner's customers: their Microsoft 365 tenant binding, the on-prem AD
// server of a hybrid directory (ISO-9) and the organization-wide isolation
// exclusion (ISO-7).
class OrganizationManager {
 public:
  OrganizationManager(store::Database* db, const ports::Clock* clock,
                      AuditLog* audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Called in the write that binds an organization to a tenant (create, or
  // an update that changes the tenant): the periodic inventory (ISO-12).
  using TenantBoundHook = std::function<absl::Status(
      store::Transaction&, const core::OrganizationName&, const std::string&)>;
  void SetOnTenantBound(TenantBoundHook hook) {
    on_tenant_bound_ = std::move(hook);
  }

  absl::StatusOr<cordon::v1::Organization> Create(
      const Actor& actor, uint64_t account,
      const cordon::v1::Organization& organization, const IdempotentCall& call);
  absl::StatusOr<cordon::v1::Organization> Get(uint64_t account,
                                               uint64_t organization) const;

  struct ListQuery {
    // Only this organization of the account (an ORGANIZATION_USER's view).
    absl::optional<uint64_t> organization;
    absl::optional<bool> excluded_from_isolation;
  };
  // NOT_FOUND when the account does not exist.
  absl::StatusOr<Page<cordon::v1::Organization>> List(
      uint64_t account, const ListQuery& query, const PageRequest& page) const;

  absl::StatusOr<cordon::v1::Organization> Update(
      const Actor& actor, const cordon::v1::Organization& patch,
      const google::protobuf::FieldMask& mask);
  // FAILED_PRECONDITION (ORGANIZATION_NOT_EMPTY) while identities, or users
  // bound to the organization (ORGANIZATION_USER), remain.
  absl::Status Delete(const Actor& actor, uint64_t account,
                      uint64_t organization, const std::string& etag);

  // Reads and locks an organization inside `txn`; NOT_FOUND when absent.
  // Updating and deleting the organization take this lock.
  static absl::StatusOr<cordon::v1::Organization> LockOrganization(
      store::Transaction& txn, uint64_t account, uint64_t organization);
  // The same read under a shared lock: creating an identity takes it, so
  // creates in one organization run side by side while an update or a
  // delete of the organization waits for them (and they for it): an
  // identity can never be added to an organization that is being deleted.
  static absl::StatusOr<cordon::v1::Organization> ShareOrganization(
      store::Transaction& txn, uint64_t account, uint64_t organization);

 private:
  absl::Status TenantBound(store::Transaction& txn,
                           const core::OrganizationName& org,
                           const std::string& tenant) const;

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  TenantBoundHook on_tenant_bound_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_ORGANIZATION_MANAGER_H_
