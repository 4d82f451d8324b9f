#ifndef CORDON_SIMULATOR_SWARM_SHRINKER_H_
#define CORDON_SIMULATOR_SWARM_SHRINKER_H_

#include <cstdint>
#include <functional>

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/swarm/runner.h"

namespace cordon::sim::swarm {

// Whether a candidate scenario still fails (as the original did).
using FailurePredicate =
    std::function<bool(const cordon::sim::v1::Scenario& scenario)>;

// Runs the candidate with `seed` and says whether it fails with `kind`
// (runner.h); never true for kNone or kInvalid (a scenario that is itself
// wrong never counts).
FailurePredicate FailsAs(FailureKind kind, uint64_t seed);

// FailsAs the way `original` fails with `seed` (which runs it once).
FailurePredicate FailsLike(const cordon::sim::v1::Scenario& original,
                           uint64_t seed);

struct ShrinkResult {
  cordon::sim::v1::Scenario scenario;  // the smallest that still fails
  int runs = 0;                        // how many candidates were run
};

// Delta debugging: removes chunks of steps (halving the chunk size down to
// one step), then world and Cordon entities (tenants with their
// organizations, identities, world users, account users, the PSA), then the
// fault plan's knobs, and repeats while anything goes; each candidate is
// repaired (scenario_repair.h) and, for a swarm history, given a fresh quiet
// period (quiet_period.h), and kept when `fails`. Stops after `max_runs`
// candidates. `failing` must fail.
ShrinkResult Shrink(const cordon::sim::v1::Scenario& failing,
                    const FailurePredicate& fails, int max_runs = 3000);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_SHRINKER_H_
