#ifndef CORDON_SIMULATOR_SIMULATED_ON_PREM_AGENT_H_
#define CORDON_SIMULATOR_SIMULATED_ON_PREM_AGENT_H_

#include <string>

#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/world.h"

namespace cordon::sim {

// What applying one command to the on-prem AD came to.
struct AgentOutcome {
  enum class Kind { kSuccess, kRetryable, kPermanent };
  Kind kind = Kind::kSuccess;
  std::string detail;
};

// Our agent on a hybrid organization's on-prem AD server (ISO-9), over the
// simulated World. It changes the on-prem account only; the cloud
// accountEnabled follows at the next World::RunDirectorySyncCycle, as with
// real Entra Connect. Each call:
//   1. unknown tenant, no agent, or an agent older than 0.14.22
//      (core::AgentCanDisableOnPrem) -> kPermanent "agent too old": the
//      engine must not have called, and nothing changes;
//   2. the FaultPlan's "agent_set_account_enabled" faults: the transient
//      kinds are kRetryable, kPermanent is kPermanent, and a
//      timeout_after_effect applies the change before answering kRetryable;
//   3. unknown user or a cloud-only user -> kPermanent; else the change and
//      kSuccess.
// Every call and its answer is one "agent" line in the EventLog. Thread-safe.
// Cordon reaches it only through the command protocol (ISO-15):
// SimulatedAgentClient pulls the commands and applies them here.
class SimulatedOnPremAgent final {
 public:
  // All pointers must outlive the agent.
  SimulatedOnPremAgent(World* world, FaultPlan* faults, EventLog* log);

  AgentOutcome SetAccountEnabled(const std::string& tenant_id,
                                 const std::string& upn, bool enabled);

 private:
  World* const world_;
  FaultPlan* const faults_;
  EventLog* const log_;
};

// snake_case for the log: "success", "retryable", "permanent".
absl::string_view AgentOutcomeKindName(AgentOutcome::Kind kind);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SIMULATED_ON_PREM_AGENT_H_
