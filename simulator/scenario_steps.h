#ifndef CORDON_SIMULATOR_SCENARIO_STEPS_H_
#define CORDON_SIMULATOR_SCENARIO_STEPS_H_

#include <vector>

#include "absl/status/status.h"
#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/scenario_report.h"
#include "simulator/scenario_state.h"

namespace cordon::sim {

// Performs the step at `index` of a scenario: waits until its `at`, then
// does what it says to Cordon, the world or the clock; an expect step
// appends its results to `expectations`. A mistake of the scenario's own
// (unknown alias, bad duration, a step that does nothing) goes to
// `*mistake`; the return value is Cordon's (or the world's) answer, which
// the step may expect (expect_code).
absl::Status PerformStep(const cordon::sim::v1::ScenarioStep& step, int index,
                         ScenarioState& state,
                         std::vector<ExpectationResult>* expectations,
                         absl::Status* mistake);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_STEPS_H_
