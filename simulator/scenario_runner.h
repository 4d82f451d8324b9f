#ifndef CORDON_SIMULATOR_SCENARIO_RUNNER_H_
#define CORDON_SIMULATOR_SCENARIO_RUNNER_H_

#include <cstdint>

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/scenario_report.h"
#include "simulator/simulation.h"

namespace cordon::sim {

struct ScenarioRunOptions {
  // Also check the invariants from a full rescan after every step, and
  // report as a violation any difference from what the incremental check
  // found: for tests that show the incremental check misses nothing (a
  // full rescan per step is slow on big worlds).
  bool cross_check_invariants = false;
  // Issue 15: Cordon's store is what this opens (an etcd cluster) instead
  // of an in-memory RocksDB; a scenario with disk faults then fails its
  // step.
  StoreOpener open_store = nullptr;
};

// Runs `scenario` in a new Simulation seeded with `seed`: sets up the world
// and Cordon, performs the steps in order, checks the invariants after the
// set-up and after every step (incrementally; from a full rescan after the
// set-up, after each settle and quiet step, and after the last step), and
// evaluates the expectations. Never aborts
// on a scenario's mistakes: they are reported as a set-up error or a failed
// step. ParseScenario and LoadScenario (simulator/scenario_parse.h) read a
// scenario; ReportToJson and ReportToText (simulator/scenario_report.h)
// print what the run found.
ScenarioReport RunScenario(const cordon::sim::v1::Scenario& scenario,
                           uint64_t seed,
                           const ScenarioRunOptions& options = {});

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_RUNNER_H_
