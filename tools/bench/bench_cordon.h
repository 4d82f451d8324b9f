#ifndef CORDON_TOOLS_BENCH_BENCH_CORDON_H_
#define CORDON_TOOLS_BENCH_BENCH_CORDON_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "benchmark/benchmark.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/core/resource_name.h"
#include "server/engine/engine.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"
#include "server/ports/psa.h"
#include "server/store/rocks/rocks_database.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/simulated_graph.h"
#include "simulator/world.h"
#include "testing/fake_entropy.h"
#include "tools/bench/https_graph.h"

namespace cordon::bench {

// A Graph port that forwards to another and lets a benchmark see, without
// sleeping or spinning, what the calls change in the world: after every call
// it runs an observer in the calling thread, under its lock, and then wakes
// a thread blocked in AwaitAfterCalls (std::mutex and a condition variable,
// so ThreadSanitizer sees the hand-off).
class ObservedGraph final : public ports::Graph {
 public:
  explicit ObservedGraph(ports::Graph* inner) : inner_(inner) {}

  // Starts a measurement: forgets the first call seen and runs
  // `after_each_call` (quick; must not call the graph) after every call
  // until Disarm(). Whatever it writes is guarded by this graph's lock.
  void Arm(std::function<void()> after_each_call);
  void Disarm();
  // When the first call since Arm() was entered (before Graph's latency).
  absl::optional<absl::Time> first_call_start() const;

  // Blocks until `done()` holds or `deadline` passes (false). `done` is
  // evaluated under this graph's lock, after every call that ends.
  bool AwaitAfterCalls(const std::function<bool()>& done, absl::Time deadline);

  core::GraphCallOutcome RevokeSignInSessions(
      const ports::GraphUserRef& user) override;
  core::GraphCallOutcome SetAccountEnabled(const ports::GraphUserRef& user,
                                           bool enabled) override;
  core::GraphCallOutcome ListInboxRules(
      const ports::GraphUserRef& user,
      std::vector<core::InboxRule>* rules) override;
  core::GraphCallOutcome SetInboxRuleEnabled(const ports::GraphUserRef& user,
                                             const std::string& rule_id,
                                             bool enabled) override;
  core::GraphCallOutcome GetUser(const ports::GraphUserRef& user,
                                 ports::GraphUser* result) override;
  core::GraphCallOutcome ListTenantDomains(
      const std::string& tenant_id, std::vector<std::string>* domains) override;
  core::GraphCallOutcome ReadUsersDeltaPage(
      const std::string& tenant_id, const std::string& link,
      ports::UsersDeltaPage* page) override;
  // Not a call the benchmarks time: forwarded unobserved.
  core::M365AccessReport CheckAccess(const std::string& tenant_id) override {
    return inner_->CheckAccess(tenant_id);
  }

 private:
  void CallStarts();
  void CallEnded();

  ports::Graph* const inner_;
  mutable std::mutex mu_;
  std::condition_variable call_ended_;
  absl::optional<absl::Time> first_call_start_ ABSL_GUARDED_BY(mu_);
  std::function<void()> after_each_call_ ABSL_GUARDED_BY(mu_);
};

struct BenchCordonOptions {
  // Real time every Graph call takes (SimulatedGraphOptions::real_latency,
  // or the served tenant's answer latency over HTTPS).
  absl::Duration graph_latency = absl::ZeroDuration();
  // Graph through the real REST adapter over loopback HTTPS (HttpsGraph)
  // instead of the in-process SimulatedGraph.
  bool over_https = false;
  // The PSA the engine delivers tickets to, and the integration
  // SetUpOrganization gives the account; null = a PSA that accepts every
  // ticket at once (and no integration: reports go by e-mail). Must outlive
  // the BenchCordon.
  ports::Psa* psa = nullptr;
  absl::optional<cordon::v1::PsaIntegration> psa_integration;
  // DESIGN rule 4; off only to set up large fixtures quickly.
  bool sync_writes = true;
  // The worker as cordon-server runs it. A set-up that drains a large
  // backlog may run it inline (parallelism 1) in larger batches instead;
  // Reopen() goes back to cordon-server's.
  engine::OutboxWorkerOptions worker = ServerWorkerOptions();

  // Parallelism 8, batches of 64.
  static engine::OutboxWorkerOptions ServerWorkerOptions();
};

// Cordon's engine as cordon-server runs it — the system clock, a RocksDB on
// disk (a new directory under $TMPDIR, removed at the end) and the outbox
// worker's own thread when started — against the simulated Microsoft 365
// world without faults. Unlike sim::Simulation (virtual time, one worker
// thread, replayable), nothing here is deterministic: it is for timing.
class BenchCordon {
 public:
  static absl::StatusOr<std::unique_ptr<BenchCordon>> Create(
      const BenchCordonOptions& options);
  ~BenchCordon();
  BenchCordon(const BenchCordon&) = delete;
  BenchCordon& operator=(const BenchCordon&) = delete;

  static constexpr char kTenant[] = "00000000-0000-0000-0000-00000000be0c";
  // The forwarding rule every target's mailbox has: ISO-3 disables it.
  static constexpr char kRuleId[] = "r-fwd";
  static engine::Actor Operator();

  engine::Engine& engine() { return *engine_; }
  sim::World& world() { return world_; }
  ObservedGraph& graph() { return *observed_graph_; }
  // For set-ups that write in their own transactions (Begin) and for
  // compacting a family (raw()).
  store::RocksDatabase& db() { return *db_; }
  // What seals the PSA secret in the database (a fixed bench key).
  const ports::SecretSealer& sealer() const { return *sealer_; }
  // accounts/{a}/organizations/{o}, once SetUpOrganization has run.
  const std::string& organization() const { return organization_; }

  // One account with isolation on (and the options' PSA integration), one
  // organization bound to kTenant.
  absl::Status SetUpOrganization();

  // A cloud-only identity, in Cordon and in the tenant with one session and
  // one rule forwarding outside, and a drafted isolation-worthy report about
  // it (ISO-2), ready to send.
  struct Target {
    std::string upn;
    core::IdentityName identity;
    core::IncidentReportName draft;
  };
  absl::StatusOr<Target> AddTarget(int n);

  // Closes the engine and the database and opens them again on the same
  // directory, with `sync_writes` and cordon-server's worker options. The
  // worker must not be running.
  absl::Status Reopen(bool sync_writes);

 private:
  BenchCordon(const BenchCordonOptions& options, std::string data_dir);
  absl::Status Open(bool sync_writes,
                    const engine::OutboxWorkerOptions& worker);

  const std::string data_dir_;
  ports::Psa* const psa_;
  const absl::optional<cordon::v1::PsaIntegration> psa_integration_;
  ports::SystemClock clock_;
  sim::Random random_{1};
  ports::SeededEntropy entropy_{1};
  std::unique_ptr<adapters::AesGcmSealer> sealer_;
  sim::EventLog log_{&clock_};
  sim::World world_{&log_};
  sim::FaultPlan faults_ = sim::FaultPlan::None();
  sim::SimulatedGraph simulated_graph_;
  std::unique_ptr<HttpsGraph> https_graph_;  // with over_https
  std::unique_ptr<ObservedGraph> observed_graph_;
  std::unique_ptr<store::RocksDatabase> db_;
  std::unique_ptr<engine::Engine> engine_;
  std::string organization_;
};

// A (possibly multi-threaded) benchmark over one BenchCordon that thread 0
// builds before the timed loop: set-up data is written unsynced (fast), then
// the database is reopened synced, as cordon-server runs it.
class SyncedBenchFixture : public benchmark::Fixture {
 public:
  void SetUp(benchmark::State& state) final {
    if (state.thread_index() != 0) return;
    error_.clear();
    BenchCordonOptions options;
    options.sync_writes = false;
    absl::StatusOr<std::unique_ptr<BenchCordon>> created =
        BenchCordon::Create(options);
    if (!created.ok()) return Fail(created.status());
    cordon_ = std::move(*created);
    if (absl::Status s = cordon_->SetUpOrganization(); !s.ok()) return Fail(s);
    if (absl::Status s = Populate(state); !s.ok()) return Fail(s);
    if (absl::Status s = cordon_->Reopen(/*sync_writes=*/true); !s.ok()) {
      return Fail(s);
    }
  }

  void TearDown(benchmark::State& state) final {
    if (state.thread_index() == 0) cordon_.reset();
  }

 protected:
  // What the benchmark needs beyond the organization, written unsynced.
  virtual absl::Status Populate(benchmark::State& state) = 0;

  // Call inside the timed loop: only there (after the start barrier) is
  // thread 0's SetUp known to be done. False, with the run marked skipped,
  // when the set-up failed.
  bool Ready(benchmark::State& state) {
    if (error_.empty() && cordon_ != nullptr) return true;
    state.SkipWithError(error_.empty() ? "no fixture" : error_.c_str());
    return false;
  }

  std::unique_ptr<BenchCordon> cordon_;
  std::string error_;

 private:
  void Fail(const absl::Status& status) {
    error_ = std::string(status.message());
  }
};

}  // namespace cordon::bench

#endif  // CORDON_TOOLS_BENCH_BENCH_CORDON_H_
