#ifndef CORDON_SERVER_ENGINE_AGENT_AGENT_CONNECTIONS_H_
#define CORDON_SERVER_ENGINE_AGENT_AGENT_CONNECTIONS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/agent/agent_presence.h"
#include "server/engine/common/actor.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// ISO-15: an organization's on-prem agent connecting and going away, as the
// organization shows it (OnPremAdServer's agent fields). The version the
// agent reports is the one ISO-9 compares from then on; a new version or
// host is audited.
class AgentConnections {
 public:
  AgentConnections(store::Database* db, const ports::Clock* clock,
                   AuditLog* audit, AgentPresence* presence)
      : db_(db), clock_(clock), audit_(audit), presence_(presence) {}

  // The agent of `org` connected, reporting `version` (dotted numbers) and
  // `host`. Returns its stream's session. INVALID_ARGUMENT for a version or
  // host that does not parse, NOT_FOUND when the organization is gone.
  absl::StatusOr<uint64_t> Connect(const Actor& actor,
                                   const core::OrganizationName& org,
                                   const std::string& version,
                                   const std::string& host);
  // The stream `session` ended; when it was the current one, the agent is
  // offline from now.
  absl::Status Disconnect(const core::OrganizationName& org, uint64_t session);

  AgentPresence& presence() { return *presence_; }

 private:
  // Writes the organization's agent fields through `change`.
  absl::Status UpdateOnPrem(const core::OrganizationName& org,
                            const std::function<absl::StatusOr<std::string>(
                                cordon::v1::OnPremAdServer&)>& change,
                            const Actor& actor);

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  AgentPresence* presence_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_AGENT_AGENT_CONNECTIONS_H_
