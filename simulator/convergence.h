#ifndef CORDON_SIMULATOR_CONVERGENCE_H_
#define CORDON_SIMULATOR_CONVERGENCE_H_

#include <vector>

#include "simulator/scenario_report.h"
#include "simulator/scenario_state.h"

namespace cordon::sim {

// The scenario step `converged {}`: what must be true after a quiet period
// (random faults off, every tenant and the PSA fixed, agents online, time
// advanced and settled), whatever happened before (docs/simulator.md,
// "Swarm"). Only what DOMAIN promises:
// - nothing is left to do: no outbox action due now, no work queued beyond
//   the escalations' notice timers, no agent command waiting (ISO-11,
//   ISO-15);
// - each identity is at rest and Cordon's view matches the world's: no
//   isolation or release in flight; held = ISOLATED or LIMITED (ISO-3,
//   ISO-9: LIMITED when the disable is not possible or failed visibly);
//   ISOLATED = the cloud account disabled, and the
//   on-prem account disabled where Cordon disabled it; not held = ACTIVE
//   with the accounts enabled (ISO-4, ISO-6), or RELEASING with the
//   failure shown (ISO-11);
// - every escalation's notifications have an outcome: none is PENDING
//   (ESC-9), on top of the ESC-1 invariant that each round has one.
// Each check is one result in `results` (met or not), named "converged".
void CheckConverged(int step, const ScenarioState& state,
                    std::vector<ExpectationResult>* results);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_CONVERGENCE_H_
