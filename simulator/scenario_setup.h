#ifndef CORDON_SIMULATOR_SCENARIO_SETUP_H_
#define CORDON_SIMULATOR_SCENARIO_SETUP_H_

#include <cstdint>

#include "absl/status/status.h"
#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/scenario_state.h"

namespace cordon::sim {

// Builds what `scenario` describes before its first step: a Simulation
// seeded with `seed` and the scenario's faults, the world's tenants and
// users, and Cordon's account, users, PSA, organizations and identities
// (as an admin would create them), filling in `state`'s aliases. A
// scenario error says what the scenario got wrong; `state` keeps what was
// built until then, so the event log of a failed set-up can be reported.
// `open_store`: Cordon's store, when not an in-memory RocksDB (issue 15).
absl::Status SetUpScenario(const cordon::sim::v1::Scenario& scenario,
                           uint64_t seed, ScenarioState& state,
                           const StoreOpener& open_store = nullptr);

// The world's tenants, their users (with their open sessions) and inbox
// rules, added to `world`. Also the world of cordon-sim --serve.
absl::Status SetUpWorld(const cordon::sim::v1::ScenarioWorld& scenario_world,
                        World& world);

// ESC-3: the account's PSA integration as an admin would set it (the
// simulated PSA accepts any endpoint and secret).
absl::Status ConnectPsa(const cordon::sim::v1::ScenarioPsa& psa,
                        ScenarioState& state);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_SETUP_H_
