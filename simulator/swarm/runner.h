#ifndef CORDON_SIMULATOR_SWARM_RUNNER_H_
#define CORDON_SIMULATOR_SWARM_RUNNER_H_

#include <cstdint>
#include <string>

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/scenario_report.h"
#include "simulator/swarm/generator.h"

namespace cordon::sim::swarm {

// How a run failed, by kind: the shrinker keeps a smaller scenario only
// when it fails the same way. kInvalid = the scenario itself is wrong (a
// set-up error, or a step that names what does not exist): not a failure
// of Cordon's.
enum class FailureKind { kNone, kInvalid, kStep, kExpectation, kInvariant };

FailureKind KindOf(const ScenarioReport& report);

// The first thing that went wrong, on one line; "" when the run is ok.
std::string FirstFailure(const ScenarioReport& report);

// The scenario in protobuf text format, as --write_scenario writes it.
std::string ScenarioText(const cordon::sim::v1::Scenario& scenario);

// What one swarm seed did.
struct SeedOutcome {
  bool ok = true;
  std::string failure;  // FirstFailure, when !ok
  std::string event_log_hash;
};

// Generates the scenario of swarm seed `seed` and runs it with the same
// seed (DESIGN rule 3: the seed alone replays it).
SeedOutcome RunSeed(uint64_t seed, const SwarmOptions& options = {});

// The one-line command that replays a failing swarm seed.
std::string ReplayCommand(uint64_t seed);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_RUNNER_H_
