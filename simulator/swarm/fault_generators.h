#ifndef CORDON_SIMULATOR_SWARM_FAULT_GENERATORS_H_
#define CORDON_SIMULATOR_SWARM_FAULT_GENERATORS_H_

#include <vector>

#include "simulator/swarm/history.h"

namespace cordon::sim::swarm {

// One kind of noise the world can start with: applied to the scenario's
// fault plan with `probability`, independently of the others. New knobs
// (disk faults, more BUGGIFY) are one more row of FaultGenerators().
struct FaultGenerator {
  const char* name;
  double probability;
  void (*apply)(History& history);
};

const std::vector<FaultGenerator>& FaultGenerators();

// Draws the scenario's `faults` from the table.
void GenerateFaults(History& history);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_FAULT_GENERATORS_H_
