#ifndef CORDON_SERVER_ENGINE_ISOLATION_ACTION_EXECUTOR_H_
#define CORDON_SERVER_ENGINE_ISOLATION_ACTION_EXECUTOR_H_

#include <future>
#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"

namespace cordon::engine {

// Performs one queued Microsoft Graph action (the on-prem agent's are
// asynchronous: engine/agent/AgentActions) and says what it
// came to. No store access: the worker records the result. Safe to call
// again for the same action (after a crash or a lost answer): every action
// sets a state rather than toggling it.
class ActionExecutor {
 public:
  // `parallel_reads`: the rule action reads the tenant's domains beside the
  // mailbox's rules (one round trip, not two); off where calls must come in
  // one replayable order (the simulator).
  ActionExecutor(ports::Graph* graph, const ports::Clock* clock,
                 bool parallel_reads)
      : graph_(graph), clock_(clock), parallel_reads_(parallel_reads) {}

  ActionResult Perform(const cordon::store::OutboxAction& action);

 private:
  ActionResult DisableSuspiciousRules(
      const cordon::store::OutboxAction& action);
  // The mailbox's rules and the tenant's verified domains, read side by
  // side when parallel_reads_ (else domains first); the action's result
  // when it ends here (a failed read, no mailbox), else nullopt.
  absl::optional<ActionResult> ReadRulesAndDomains(
      const ports::GraphUserRef& user, std::vector<core::InboxRule>* rules,
      std::vector<std::string>* domains);
  // ISO-3 on rules already read: disables the suspicious ones.
  ActionResult DisableAmong(const ports::GraphUserRef& user,
                            const std::vector<core::InboxRule>& rules,
                            const std::vector<std::string>& domains,
                            const cordon::store::OutboxAction& action);

  ports::Graph* graph_;
  const ports::Clock* clock_;
  const bool parallel_reads_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_ACTION_EXECUTOR_H_
