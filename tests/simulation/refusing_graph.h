#ifndef CORDON_TESTS_SIMULATION_REFUSING_GRAPH_H_
#define CORDON_TESTS_SIMULATION_REFUSING_GRAPH_H_

#include "simulator/fault_plan.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// Graph refuses every accountEnabled change for good (403). Quiet
// (FaultPlan::SetQuiet) lets the calls through until a test says otherwise.
inline SimulationOptions RefusingAccountChanges() {
  SimulationOptions options;
  OperationFaults& faults = options.faults.For(Operation::kSetAccountEnabled);
  faults.error_rate = 1;
  faults.mix = ErrorMix::Only(FaultKind::kPermanent);
  return options;
}

}  // namespace cordon::sim

#endif  // CORDON_TESTS_SIMULATION_REFUSING_GRAPH_H_
