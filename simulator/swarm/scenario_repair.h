#ifndef CORDON_SIMULATOR_SWARM_SCENARIO_REPAIR_H_
#define CORDON_SIMULATOR_SWARM_SCENARIO_REPAIR_H_

#include "cordon/sim/v1/scenario.pb.h"

namespace cordon::sim::swarm {

// Makes a scenario the shrinker cut down whole again: drops organizations
// whose tenant is gone, identities whose organization is gone, fault
// settings of tenants that are gone, and steps that name an identity,
// organization, tenant or report that no longer exists (a report resolved
// before it was sent, or twice). A send_report keeps the identities that
// remain, and goes when none does.
void DropDanglingReferences(cordon::sim::v1::Scenario& scenario);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_SCENARIO_REPAIR_H_
