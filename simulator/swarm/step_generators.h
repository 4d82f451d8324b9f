#ifndef CORDON_SIMULATOR_SWARM_STEP_GENERATORS_H_
#define CORDON_SIMULATOR_SWARM_STEP_GENERATORS_H_

#include <vector>

#include "simulator/swarm/history.h"

namespace cordon::sim::swarm {

// One kind of step a history can take, drawn with `weight`. `emit` appends
// the step (or a few) to the history and returns false when it does not
// apply now (no open report to resolve...), so that another is drawn.
// Every step emitted must be valid whatever happened before it: where the
// answer depends on the run (a sign-in while disabled), the step accepts
// each possible code (expect_code "OK|FAILED_PRECONDITION"). New kinds of
// steps are one more row of StepGenerators().
struct StepGenerator {
  const char* name;
  double weight;
  bool (*emit)(History& history);
};

const std::vector<StepGenerator>& StepGenerators();

// Appends `count` steps drawn from the table.
void GenerateSteps(int count, History& history);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_STEP_GENERATORS_H_
