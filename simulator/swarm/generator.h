#ifndef CORDON_SIMULATOR_SWARM_GENERATOR_H_
#define CORDON_SIMULATOR_SWARM_GENERATOR_H_

#include <cstdint>

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/swarm/world_generator.h"

namespace cordon::sim::swarm {

struct SwarmOptions {
  WorldLimits world;
  int min_steps = 10;
  int max_steps = 40;
};

// The scenario of swarm seed `seed`: a random world, Cordon's set-up, a
// fault plan and a history of steps (from the tables of
// world_generator, fault_generators and step_generators), closed by the
// quiet period and the convergence checks (quiet_period.h). A pure
// function of its arguments: the same seed gives the same scenario text.
cordon::sim::v1::Scenario GenerateScenario(uint64_t seed,
                                           const SwarmOptions& options = {});

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_GENERATOR_H_
