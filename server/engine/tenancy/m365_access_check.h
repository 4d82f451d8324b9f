#ifndef CORDON_SERVER_ENGINE_TENANCY_M365_ACCESS_CHECK_H_
#define CORDON_SERVER_ENGINE_TENANCY_M365_ACCESS_CHECK_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/core/isolation/m365_access.h"
#include "server/engine/common/actor.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/engine/tenancy/organization_manager.h"
#include "server/ports/graph.h"
#include "server/store/database.h"

namespace cordon::engine {

// What CheckM365Access found for an organization's tenant.
struct M365AccessOutcome {
  std::string tenant_id;
  core::M365AccessReport report;
};

// CheckM365Access at onboarding (docs/m365-setup.md): is the organization's
// tenant reachable with Cordon's app, and which Graph permissions are
// missing. Reads only; the check itself is audited on the organization.
class M365AccessCheck {
 public:
  // `graph` may be null (no Graph port): reported as not configured. None
  // of the pointers is owned.
  M365AccessCheck(store::Database* db, ports::Graph* graph, AuditLog* audit,
                  const OrganizationManager* organizations)
      : db_(db), graph_(graph), audit_(audit), organizations_(organizations) {}

  // NOT_FOUND when the organization does not exist; FAILED_PRECONDITION
  // M365_TENANT_NOT_BOUND when it has no m365_tenant_id.
  absl::StatusOr<M365AccessOutcome> Check(const Actor& actor, uint64_t account,
                                          uint64_t organization);

 private:
  store::Database* db_;
  ports::Graph* graph_;
  AuditLog* audit_;
  const OrganizationManager* organizations_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_M365_ACCESS_CHECK_H_
