#ifndef CORDON_SERVER_ENGINE_AGENT_AGENT_ACTIONS_H_
#define CORDON_SERVER_ENGINE_AGENT_AGENT_ACTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/isolation/retry_policy.h"
#include "server/core/resource_name.h"
#include "server/engine/agent/agent_commands.h"
#include "server/engine/agent/agent_presence.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/action_log.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/ports/random_source.h"
#include "server/store/database.h"

namespace cordon::engine {

// How the agent says a command ended (AgentService.AcknowledgeCommand).
enum class AgentAck { kSucceeded, kFailedRetryable, kFailedPermanent };

// ISO-9 / ISO-15: the on-prem agent's actions (AGENT_DISABLE_ACCOUNT,
// AGENT_ENABLE_ACCOUNT), asynchronous. The agent connects out to Cordon, so
// nothing is called: performing the outbox action hands it over as a
// durable pending command (AgentCommands, in the worker's write) and records
// on the report — and, while the agent is offline, on the identity — that
// it waits ("on-prem agent offline since ..."). The outcome is recorded when
// the agent acknowledges the command: success or a permanent failure ends
// the step; a retryable failure queues the action again with backoff (a new
// command id). An acknowledgement of a command no longer pending changes
// nothing (duplicate delivery, a lost answer repeated).
class AgentActions : public ActionHandler {
 public:
  AgentActions(store::Database* db, const ports::Clock* clock,
               ports::RandomSource* random, IsolationEngine* isolation,
               Outbox* outbox, AgentCommands* commands, AgentPresence* presence,
               core::RetryPolicy retry_policy)
      : db_(db),
        clock_(clock),
        random_(random),
        isolation_(isolation),
        outbox_(outbox),
        commands_(commands),
        presence_(presence),
        retry_policy_(retry_policy) {}

  void RouteAll(ActionRouter& router);

  absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction& action) const override {
    return isolation_->IsCurrent(action);
  }
  // Nothing to call: the agent pulls its commands.
  ActionResult Perform(const cordon::store::OutboxAction& action) override;
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;
  core::RetryPolicy RetryPolicy() const override { return retry_policy_; }
  bool IsContainment(const cordon::store::OutboxAction& action) const override {
    return action.kind() == cordon::store::OutboxAction::AGENT_DISABLE_ACCOUNT;
  }

  // Up to `limit` commands of `org` to send, oldest first (`org` null: of
  // every organization, for the simulator). A pending command made obsolete
  // (a release or a new isolation changed its identity's epoch) is
  // withdrawn instead, recorded SUPERSEDED: a late disable must never reach
  // an account that was released meanwhile.
  absl::StatusOr<std::vector<cordon::store::AgentCommandRecord>> Deliverable(
      const core::OrganizationName* org, int limit);

  // The agent of `org` acknowledged `command_id`, in one write, and its
  // outcome is logged as the worker logs its own (event "action"). Returns
  // false when the command was not pending (acknowledged before): nothing
  // changed. `detail` is what the directory answered.
  absl::StatusOr<bool> Acknowledge(const core::OrganizationName& org,
                                   const std::string& command_id, AgentAck ack,
                                   const std::string& detail);

 private:
  // The wait as the report (and the identity, when offline) shows it.
  absl::Status RecordHandOver(store::Transaction& txn,
                              const cordon::store::OutboxAction& action,
                              const std::string& command_id);
  // Removes an obsolete pending command (if still pending) as superseded.
  absl::Status Withdraw(const cordon::store::AgentCommandRecord& command);
  // Records the acknowledgement in `txn`; returns the outcome to log.
  absl::StatusOr<ActionOutcome> RecordAck(store::Transaction& txn,
                                          cordon::store::OutboxAction action,
                                          AgentAck ack,
                                          const std::string& detail);

  store::Database* db_;
  const ports::Clock* clock_;
  ports::RandomSource* random_;
  IsolationEngine* isolation_;
  Outbox* outbox_;
  AgentCommands* commands_;
  AgentPresence* presence_;
  const core::RetryPolicy retry_policy_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_AGENT_AGENT_ACTIONS_H_
