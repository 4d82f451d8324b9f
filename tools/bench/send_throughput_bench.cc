// Sends per second: IncidentManager::Send of isolation-worthy reports, each
// about its own cloud-only identity, on a synced RocksDB, from 1 and from 4
// threads. One Send is one transaction (report, hold, isolation record,
// three outbox entries, audit) synced to the WAL before it returns; the
// worker is not running, so this is the acknowledging write alone — what
// bounds SendIncidentReport's rate behind the API. See docs/benchmarks.md.

#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "tools/bench/bench_cordon.h"

namespace cordon::bench {
namespace {

class SendThroughput : public benchmark::Fixture {
 public:
  // Thread 0 builds the fixture: every thread waits at the start of the
  // timed loop until all have set up.
  void SetUp(benchmark::State& state) override {
    if (state.thread_index() != 0) return;
    error_.clear();
    targets_.clear();
    // Identities and drafts are written unsynced (fast), then the database
    // is reopened synced for the timed sends.
    BenchCordonOptions options;
    options.sync_writes = false;
    absl::StatusOr<std::unique_ptr<BenchCordon>> created =
        BenchCordon::Create(options);
    if (!created.ok()) return Fail(created.status());
    cordon_ = std::move(*created);
    if (absl::Status s = cordon_->SetUpOrganization(); !s.ok()) return Fail(s);
    const int64_t total = state.max_iterations * state.threads();
    for (int64_t i = 0; i < total; ++i) {
      absl::StatusOr<BenchCordon::Target> target =
          cordon_->AddTarget(static_cast<int>(i));
      if (!target.ok()) return Fail(target.status());
      targets_.push_back(std::move(*target));
    }
    if (absl::Status s = cordon_->Reopen(/*sync_writes=*/true); !s.ok()) {
      return Fail(s);
    }
  }

  void TearDown(benchmark::State& state) override {
    if (state.thread_index() == 0) cordon_.reset();
  }

 protected:
  void Fail(const absl::Status& status) {
    error_ = std::string(status.message());
  }

  std::unique_ptr<BenchCordon> cordon_;
  std::vector<BenchCordon::Target> targets_;
  std::string error_;
};

BENCHMARK_DEFINE_F(SendThroughput, Send)(benchmark::State& state) {
  // Each thread sends its own slice of the drafts.
  size_t next = static_cast<size_t>(state.thread_index()) *
                static_cast<size_t>(state.max_iterations);
  for (auto _ : state) {
    // Inside the loop: only here (after the start barrier) is thread 0's
    // SetUp known to be done.
    if (!error_.empty() || cordon_ == nullptr) {
      state.SkipWithError(error_.empty() ? "no fixture" : error_.c_str());
      break;
    }
    absl::StatusOr<cordon::v1::IncidentReport> sent =
        cordon_->engine().incidents().Send(BenchCordon::Operator(),
                                           targets_[next++].draft, "");
    if (!sent.ok()) {
      state.SkipWithError(std::string(sent.status().message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Fixed counts: the drafts are made before the timed loop, ~1 s of sends.
BENCHMARK_REGISTER_F(SendThroughput, Send)
    ->Threads(1)
    ->Iterations(1000)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_REGISTER_F(SendThroughput, Send)
    ->Threads(4)
    ->Iterations(500)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cordon::bench
