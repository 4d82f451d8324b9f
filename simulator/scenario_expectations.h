#ifndef CORDON_SIMULATOR_SCENARIO_EXPECTATIONS_H_
#define CORDON_SIMULATOR_SCENARIO_EXPECTATIONS_H_

#include <vector>

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/scenario_report.h"
#include "simulator/scenario_state.h"

namespace cordon::sim {

// Checks every expectation of the expect step at `step` against Cordon and
// the world as they are now, appending one result per check to `results`.
// A check that cannot be made (unknown alias, failed read) is a result
// that is not met, never an error of the run.
void EvaluateExpectations(const cordon::sim::v1::ScenarioExpect& expect,
                          int step, const ScenarioState& state,
                          std::vector<ExpectationResult>* results);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_EXPECTATIONS_H_
