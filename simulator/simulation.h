#ifndef CORDON_SIMULATOR_SIMULATION_H_
#define CORDON_SIMULATOR_SIMULATION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rocksdb/env.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/engine/engine.h"
#include "server/store/database.h"
#include "simulator/change_journal.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/seeded_group_executor.h"
#include "simulator/server_buggify.h"
#include "simulator/simulated_agent_client.h"
#include "simulator/simulated_graph.h"
#include "simulator/simulated_mailbox.h"
#include "simulator/simulated_on_prem_agent.h"
#include "simulator/simulated_psa.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"
#include "testing/fake_endpoint_resolver.h"
#include "testing/fake_entropy.h"
#include "testing/fault_file_system.h"

namespace cordon::sim {

// Opens Cordon's store when it is not RocksDB (issue 15: an etcd cluster;
// the caller links that backend, the simulator does not). Called again on
// each restart: it must open the same state.
using StoreOpener =
    std::function<absl::StatusOr<std::unique_ptr<store::Database>>()>;

struct SimulationOptions {
  // The one seed every random choice of the run derives from.
  uint64_t seed = 1;
  FaultPlanConfig faults = {};
  // Entra Connect's default cycle.
  absl::Duration sync_interval = absl::Minutes(30);
  // Where Cordon's RocksDB lives; empty = in memory (rocksdb::NewMemEnv),
  // gone when the simulation ends. A crash and restart keeps it: the
  // crash points test what Cordon committed, not fsync, and memory spares
  // every commit its sync (docs/benchmarks.md, "Simulation speed").
  std::string data_dir = "";
  // ISO-12: Cordon's periodic inventory; zero = only when a test runs it.
  absl::Duration inventory_interval = absl::ZeroDuration();
  // When set, Cordon's store is what it opens; data_dir and disk faults
  // then have no part (the disk is not Cordon's).
  StoreOpener open_store = nullptr;
};

// Cordon's engine, unchanged, on a real RocksDB (on disk or in memory),
// against the
// simulated outside world, on a virtual clock (DESIGN rule 3). Nothing
// sleeps and nothing races: the simulation moves time itself and steps the
// outbox worker, which runs with the server's parallelism but on one thread,
// the seed choosing the order in which the actions of a group call out and
// finish (SeededGroupExecutor), so a seed replays the same event log byte
// for byte.
class Simulation {
 public:
  explicit Simulation(SimulationOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // The outside world and its instruments. Like the world, the PSA and
  // the mailbox outlive crashes: they are not Cordon.
  World& world() { return world_; }
  SimulatedPsa& psa() { return psa_; }
  SimulatedMailbox& mailbox() { return mailbox_; }
  EventLog& log() { return log_; }
  FaultPlan& faults() { return *faults_; }
  ports::FakeClock& clock() { return clock_; }
  Random& random() { return random_; }
  uint64_t seed() const { return options_.seed; }

  // The disk under Cordon's data dir: storage faults switched on and off by
  // the scenario (issue 13). Null on a store open_store opened.
  testing::FaultFileSystem* disk() {
    return options_.open_store ? nullptr : disk_.get();
  }

  // Cordon.
  engine::Engine& engine() { return *engine_; }
  store::Database& database() { return *db_; }
  // Every row Cordon commits and every world user that changes, for checks
  // that look only at what changed (InvariantChecker).
  ChangeJournal& changes() { return journal_; }
  // The database under the journal: a write here is not recorded. Only for
  // tests that show what a full invariant check catches that an incremental
  // one cannot.
  store::Database& unrecorded_database() { return *backend_; }
  // The actor the simulation's own steps are audited as.
  static engine::Actor Operator();

  // The on-prem agents (ISO-15 faults: offline, duplicate, lost ack).
  SimulatedAgentClient& agent_client() { return agent_client_; }

  // Performs what is due now until nothing is (outbox actions, and the
  // agents' commands and acknowledgements); no simulated time passes.
  absl::Status RunUntilIdle();
  // Moves time forward by `duration`, stopping at every due action and
  // every directory-sync cycle on the way, in time order.
  absl::Status Advance(absl::Duration duration);
  // Advances until no action is queued (true) or `limit` has passed (false).
  absl::StatusOr<bool> Settle(absl::Duration limit);

  // A crash: the engine and database go away without shutdown, then come
  // back on the same data (every acknowledged write was synced, or is in
  // the in-memory Env, which outlives the database) and the new engine
  // resumes what is queued. FAILED_PRECONDITION while a disk fault is on:
  // cordon-server could not open its data dir then.
  absl::Status CrashAndRestart();

 private:
  void OpenCordon();
  // The store options_ ask for: RocksDB unless open_store is set.
  absl::StatusOr<std::unique_ptr<store::Database>> OpenBackend();
  absl::Status RunSyncCyclesDueBy(absl::Time now);
  // When the worker looks at work due at `due`: not before a BUGGIFY'd late
  // wake-up.
  absl::Time WorkerLooksAt(absl::Time due);
  // Sets the clock to `t` unless it is already later (a BUGGIFY slow commit
  // moves it while the worker runs): simulated time never goes back.
  void MoveClockTo(absl::Time t);

  const SimulationOptions options_;
  std::string data_dir_;
  // Set when the data lives in memory; outlives every database opened on it.
  std::unique_ptr<rocksdb::Env> memory_env_;
  ports::FakeClock clock_;
  Random random_;
  EventLog log_;
  ChangeJournal journal_;
  World world_;
  std::unique_ptr<FaultPlan> faults_;
  // The server's BUGGIFY sites, installed for the run's lifetime when the
  // plan switched any on (one such simulation per process at a time).
  ServerBuggify server_buggify_;
  SimulatedGraph graph_;
  SimulatedOnPremAgent agent_;
  // ISO-15: the agents as clients of Cordon's command protocol.
  SimulatedAgentClient agent_client_;
  SimulatedPsa psa_;
  SimulatedMailbox mailbox_;
  // The worker's groups, interleaved by the seed.
  SeededGroupExecutor group_executor_;
  ports::SeededEntropy entropy_;
  // PSA endpoints resolve to a public address; secrets are sealed under a
  // fixed key with nonces from entropy_ (deterministic).
  ports::FakeEndpointResolver resolver_;
  std::unique_ptr<adapters::AesGcmSealer> sealer_;
  absl::Time next_sync_;
  std::shared_ptr<testing::FaultFileSystem> disk_;
  // The backend (RocksDB, or etcd), and the engine's view of it (which
  // records every commit in journal_).
  std::unique_ptr<store::Database> backend_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<engine::Engine> engine_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SIMULATION_H_
