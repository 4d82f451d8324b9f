#ifndef CORDON_SIMULATOR_ESCALATION_EXPECTATIONS_H_
#define CORDON_SIMULATOR_ESCALATION_EXPECTATIONS_H_

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/expectation_recorder.h"
#include "simulator/scenario_state.h"

namespace cordon::sim {

// Checks an expect step's `escalations { ... }` against Cordon now: how
// many escalations the selector matches, and for each of them the
// severity, identities, channel, deliveries and answer it asks about.
void EvaluateEscalationExpectation(
    const cordon::sim::v1::ScenarioEscalationExpectation& expect,
    const ScenarioState& state, ExpectationRecorder& recorder);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_ESCALATION_EXPECTATIONS_H_
