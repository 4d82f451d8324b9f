#ifndef CORDON_SERVER_ENGINE_AGENT_AGENT_COMMANDS_H_
#define CORDON_SERVER_ENGINE_AGENT_AGENT_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "server/core/resource_name.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ISO-15: the durable queue of commands for organizations' on-prem agents
// (family agent_commands). A command is written in the worker's write that
// ends its outbox action's first step, so a crash leaves either the action
// queued or the command pending, never neither; it stays pending, and is
// sent on every connection, until the agent acknowledges it.
class AgentCommands {
 public:
  AgentCommands(store::Database* db, const ports::Clock* clock)
      : db_(db), clock_(clock) {}

  // Stores a command for `action` (AGENT_DISABLE_ACCOUNT or
  // AGENT_ENABLE_ACCOUNT) of the organization of its identity, inside `txn`.
  // Returns the command id.
  absl::StatusOr<std::string> Queue(store::Transaction& txn,
                                    const cordon::store::OutboxAction& action);

  // Up to `limit` pending commands of `org`, oldest first.
  absl::StatusOr<std::vector<cordon::store::AgentCommandRecord>> Pending(
      const core::OrganizationName& org, int limit) const;

  // Up to `limit` pending commands of every organization, in key order
  // (the simulator's agents look at all of them at once).
  absl::StatusOr<std::vector<cordon::store::AgentCommandRecord>> AllPending(
      int limit) const;

  // Removes the pending command `command_id` of `org` inside `txn` and
  // returns it; nullopt when there is none (acknowledged before, or not
  // this organization's).
  absl::StatusOr<absl::optional<cordon::store::AgentCommandRecord>> Take(
      store::Transaction& txn, const core::OrganizationName& org,
      const std::string& command_id);

  // The organization an agent action is for.
  static absl::StatusOr<core::OrganizationName> OrganizationOf(
      const cordon::store::OutboxAction& action);

 private:
  store::Database* db_;
  const ports::Clock* clock_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_AGENT_AGENT_COMMANDS_H_
