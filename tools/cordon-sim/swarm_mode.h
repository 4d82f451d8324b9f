#ifndef CORDON_TOOLS_CORDON_SIM_SWARM_MODE_H_
#define CORDON_TOOLS_CORDON_SIM_SWARM_MODE_H_

#include <cstdint>
#include <string>

namespace cordon::sim {

// cordon-sim's swarm flags (docs/simulator.md, "Swarm").
struct SwarmFlags {
  bool swarm = false;          // --swarm: run --seeds
  std::string seeds;           // "1..500" or "7"
  uint64_t swarm_seed = 0;     // --swarm_seed: one seed's scenario; 0 = none
  std::string scenario;        // --scenario with --shrink
  uint64_t seed = 1;           // --seed with --shrink --scenario
  bool shrink = false;         // --shrink: write a minimal failing scenario
  std::string write_scenario;  // where to write the (shrunk) scenario
  std::string report = "text";
  bool print_log = false;
};

// Whether the flags ask for a swarm mode at all.
bool WantsSwarm(const SwarmFlags& flags);

// Runs it. Exit status: 0 all ok (or a scenario written), 1 a seed failed
// (each failing seed prints its one-line replay command), 2 bad flags or
// files, or --shrink of a scenario that does not fail.
int RunSwarmMode(const SwarmFlags& flags);

}  // namespace cordon::sim

#endif  // CORDON_TOOLS_CORDON_SIM_SWARM_MODE_H_
