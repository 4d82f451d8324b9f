#ifndef CORDON_SERVER_ENGINE_ISOLATION_ACTION_EXECUTOR_H_
#define CORDON_SERVER_ENGINE_ISOLATION_ACTION_EXECUTOR_H_

#include "cordon/store/records.pb.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"
#include "server/ports/on_prem_agent.h"

namespace cordon::engine {

// Performs one queued action against the outside world and says what it
// came to. No store access: the worker records the result. Safe to call
// again for the same action (after a crash or a lost answer): every action
// sets a state rather than toggling it.
class ActionExecutor {
 public:
  ActionExecutor(ports::Graph* graph, ports::OnPremAgent* agent,
                 const ports::Clock* clock)
      : graph_(graph), agent_(agent), clock_(clock) {}

  ActionResult Perform(const cordon::store::OutboxAction& action);

 private:
  ActionResult DisableSuspiciousRules(
      const cordon::store::OutboxAction& action);

  ports::Graph* graph_;
  ports::OnPremAgent* agent_;
  const ports::Clock* clock_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_ACTION_EXECUTOR_H_
