#ifndef CORDON_SIMULATOR_SWARM_WORLD_GENERATOR_H_
#define CORDON_SIMULATOR_SWARM_WORLD_GENERATOR_H_

#include "simulator/swarm/history.h"

namespace cordon::sim::swarm {

// Small worlds, so that a seed runs in a fraction of a second. At most 24
// identities in all: no history can pass the ISO-14 cap of 25 distinct
// identities an hour, so holds stay predictable (the guard has its own
// scenario and tests).
struct WorldLimits {
  int max_tenants = 3;
  int max_users_per_tenant = 8;
};

// Writes a random world (tenants, users with sessions and inbox rules,
// agent versions) and Cordon's set-up (organizations, cloud and hybrid
// identities, exclusions, the ISO-1 toggle, admins, the PSA) into
// `history`, and records what the step generators pick from.
void GenerateWorld(const WorldLimits& limits, History& history);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_WORLD_GENERATOR_H_
