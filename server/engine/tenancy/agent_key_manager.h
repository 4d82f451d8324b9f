#ifndef CORDON_SERVER_ENGINE_TENANCY_AGENT_KEY_MANAGER_H_
#define CORDON_SERVER_ENGINE_TENANCY_AGENT_KEY_MANAGER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/agent.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/tenancy/api_key_manager.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// ISO-15: the keys of organizations' on-prem agents. An agent key is an API
// key with role AGENT bound to one organization (same token format, same
// SHA-256 of the secret, same Authenticate), so revoking or deleting it
// takes effect on the next call; this class gives it its organization-scoped
// name accounts/{a}/organizations/{o}/agentKeys/{k}, k being the key's id.
class AgentKeyManager {
 public:
  AgentKeyManager(store::Database* db, const ports::Clock* clock,
                  ApiKeyManager* keys, AuditLog* audit)
      : db_(db), clock_(clock), keys_(keys), audit_(audit) {}

  // The key (with its agent key name) and, this once, its secret.
  struct Created {
    cordon::v1::AgentKey key;
    std::string secret;
  };
  absl::StatusOr<Created> Create(const Actor& actor,
                                 const core::OrganizationName& organization,
                                 const cordon::v1::AgentKey& input,
                                 const IdempotentCall& call);
  // The organization's active agent keys, oldest first.
  absl::StatusOr<Page<cordon::v1::AgentKey>> List(
      const core::OrganizationName& organization,
      const PageRequest& page) const;
  // Removes the key; NOT_FOUND when it is not a key of that organization.
  absl::Status Delete(const Actor& actor, const core::AgentKeyName& name);

  static cordon::v1::AgentKey AgentKeyOf(const cordon::v1::ApiKey& key);

 private:
  store::Database* db_;
  const ports::Clock* clock_;
  ApiKeyManager* keys_;
  AuditLog* audit_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_AGENT_KEY_MANAGER_H_
