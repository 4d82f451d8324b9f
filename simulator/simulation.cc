#include "simulator/simulation.h"

#include <algorithm>

#include "server/core/check.h"
#include "server/store/rocks/rocks_database.h"
#include "simulator/recording_database.h"

namespace cordon::sim {
namespace {

// Bounds every loop of a run: a scenario that needs more passes than this
// in one instant is a livelock, not a long scenario.
constexpr int kMaxPassesPerInstant = 10000;
constexpr int kMaxStepsPerAdvance = 1000000;

// The in-memory Env's files live under this (virtual) directory.
constexpr char kMemoryDataDir[] = "/cordon-sim";

}  // namespace

engine::Actor Simulation::Operator() {
  return engine::Actor{"simulator", "", "simulator"};
}

Simulation::Simulation(SimulationOptions options)
    : options_(std::move(options)),
      random_(options_.seed),
      log_(&clock_),
      world_(&log_, &journal_),
      // Built at a fixed point: with BUGGIFY on it draws from random_.
      faults_(std::make_unique<FaultPlan>(options_.faults, &random_, &clock_)),
      server_buggify_(faults_.get(), &random_, &clock_, &log_),
      graph_(&world_, faults_.get(), &log_, &random_),
      agent_(&world_, faults_.get(), &log_),
      agent_client_(&agent_, &world_, &log_),
      psa_(&clock_, &log_),
      mailbox_(&clock_, &log_),
      group_executor_(&random_),
      entropy_(options_.seed),
      sealer_(*adapters::AesGcmSealer::Create(
          std::string(adapters::kSecretsKeyBytes, 's'), &entropy_)),
      next_sync_(clock_.Now() + options_.sync_interval) {
  data_dir_ = options_.data_dir;
  if (data_dir_.empty()) {
    memory_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    data_dir_ = kMemoryDataDir;
  }
  // Disk faults apply to whichever disk holds the data: the in-memory one
  // or the real one under a given data dir.
  disk_ = std::make_shared<testing::FaultFileSystem>(
      memory_env_ != nullptr ? memory_env_->GetFileSystem()
                             : rocksdb::FileSystem::Default());
  if (faults_->HasServerSites()) core::SetBuggifyHooks(&server_buggify_);
  OpenCordon();
}

Simulation::~Simulation() {
  engine_.reset();
  db_.reset();
  backend_.reset();
  if (faults_->HasServerSites()) core::SetBuggifyHooks(nullptr);
}

absl::StatusOr<std::unique_ptr<store::Database>> Simulation::OpenBackend() {
  if (options_.open_store) return options_.open_store();
  store::RocksDatabaseOptions rocks_options;
  rocks_options.file_system = disk_;
  rocks_options.auto_compaction = false;
  auto db = store::RocksDatabase::Open(data_dir_, rocks_options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<store::Database>(std::move(*db));
}

void Simulation::OpenCordon() {
  auto db = OpenBackend();
  CORDON_CHECK(db.ok(), std::string(db.status().message()).c_str());
  backend_ = std::move(*db);
  db_ = std::make_unique<RecordingDatabase>(backend_.get(), &journal_);
  engine::EngineOptions engine_options;
  // The server's parallelism; the seed interleaves each group, so the
  // order of calls, and so the event log, replays.
  engine_options.worker.executor = &group_executor_;
  engine_options.inventory_interval = options_.inventory_interval;
  engine_ = std::make_unique<engine::Engine>(
      db_.get(),
      engine::Ports{&clock_, &entropy_, &graph_, &random_, &psa_, &mailbox_,
                    sealer_.get(), &resolver_},
      engine_options);
  CORDON_CHECK(engine_->secrets_at_rest().CheckKey().ok(),
               "the simulator's secrets key does not open its data dir");
  agent_client_.Attach(engine_.get());
}

absl::Status Simulation::CrashAndRestart() {
  if (disk() != nullptr && disk()->fault() != testing::DiskFault::kNone) {
    return absl::FailedPreconditionError(
        "crash_and_restart while the disk fails: the server could not open "
        "its data dir; end the disk fault first (disk_ok)");
  }
  log_.Append("simulator", "crash", {});
  engine_.reset();
  db_.reset();
  backend_.reset();
  OpenCordon();
  log_.Append("simulator", "restart", {});
  return absl::OkStatus();
}

absl::Status Simulation::RunUntilIdle() {
  // The agents answer within the same instant: each acknowledgement may
  // queue more work (a retry, a follow-up), so alternate until both rest.
  for (int round = 0; round < kMaxPassesPerInstant; ++round) {
    absl::StatusOr<int> handled =
        engine_->worker().RunUntilIdle(kMaxPassesPerInstant);
    if (!handled.ok()) return handled.status();
    absl::StatusOr<int> acked = agent_client_.Step();
    if (!acked.ok()) return acked.status();
    if (*acked == 0) return absl::OkStatus();
  }
  return absl::InternalError("the agents and the outbox did not come to rest");
}

absl::Time Simulation::WorkerLooksAt(absl::Time due) {
  return std::max(due, engine_->worker().LateWakeUntil());
}

void Simulation::MoveClockTo(absl::Time t) {
  if (t > clock_.Now()) clock_.Set(t);
}

absl::Status Simulation::RunSyncCyclesDueBy(absl::Time now) {
  while (next_sync_ <= now) {
    MoveClockTo(next_sync_);
    world_.RunDirectorySyncCycleForAllTenants();
    next_sync_ += options_.sync_interval;
    if (absl::Status s = RunUntilIdle(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Simulation::Advance(absl::Duration duration) {
  const absl::Time target = clock_.Now() + duration;
  if (absl::Status s = RunUntilIdle(); !s.ok()) return s;
  for (int step = 0; step < kMaxStepsPerAdvance; ++step) {
    absl::StatusOr<absl::optional<absl::Time>> next_due =
        engine_->outbox().NextDue();
    if (!next_due.ok()) return next_due.status();
    absl::Time next = std::min(target, next_sync_);
    if (next_due->has_value()) next = std::min(next, WorkerLooksAt(**next_due));
    next = std::max(next, clock_.Now());
    if (next_sync_ <= next) {
      if (absl::Status s = RunSyncCyclesDueBy(next); !s.ok()) return s;
    }
    MoveClockTo(next);
    if (absl::Status s = RunUntilIdle(); !s.ok()) return s;
    if (next >= target) return absl::OkStatus();
  }
  return absl::InternalError("Advance did not reach its target: livelock");
}

absl::StatusOr<bool> Simulation::Settle(absl::Duration limit) {
  const absl::Time deadline = clock_.Now() + limit;
  for (int step = 0; step < kMaxStepsPerAdvance; ++step) {
    if (absl::Status s = RunUntilIdle(); !s.ok()) return s;
    // Converged when only timers remain: an open escalation keeps its
    // notification timer queued for as long as it stays open.
    absl::StatusOr<absl::optional<absl::Time>> next_due =
        engine_->outbox().NextDueWork();
    if (!next_due.ok()) return next_due.status();
    if (!next_due->has_value()) {
      // ISO-15: a command an offline agent never took is work left undone.
      absl::StatusOr<std::vector<cordon::store::AgentCommandRecord>> pending =
          engine_->agent_commands().AllPending(1);
      if (!pending.ok()) return pending.status();
      return pending->empty();
    }
    const absl::Time look = WorkerLooksAt(**next_due);
    if (look > deadline) return false;
    if (absl::Status s = Advance(look - clock_.Now()); !s.ok()) return s;
  }
  return absl::InternalError("Settle did not converge: livelock");
}

}  // namespace cordon::sim
