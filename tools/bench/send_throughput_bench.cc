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

class SendThroughput : public SyncedBenchFixture {
 protected:
  // One draft per send of every thread.
  absl::Status Populate(benchmark::State& state) override {
    targets_.clear();
    const int64_t total = state.max_iterations * state.threads();
    for (int64_t i = 0; i < total; ++i) {
      absl::StatusOr<BenchCordon::Target> target =
          cordon_->AddTarget(static_cast<int>(i));
      if (!target.ok()) return target.status();
      targets_.push_back(std::move(*target));
    }
    return absl::OkStatus();
  }

  std::vector<BenchCordon::Target> targets_;
};

BENCHMARK_DEFINE_F(SendThroughput, Send)(benchmark::State& state) {
  // Each thread sends its own slice of the drafts.
  size_t next = static_cast<size_t>(state.thread_index()) *
                static_cast<size_t>(state.max_iterations);
  for (auto _ : state) {
    if (!Ready(state)) break;
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
