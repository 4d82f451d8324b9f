// The cost of the metrics (issue 14, "Observability"): recording one RPC the
// way CallRunner does (a counter by service, method and code, a latency
// histogram by service and method, two clock reads), from one thread and
// from several at once; and one scrape of a registry as large as a busy
// server's (docs/benchmarks.md, section 8).
//
// "Realistic labels": more methods than the API has (80; cordon.v1 has 57)
// with three codes each has answered, and each has its latency histogram
// (16 buckets): 240 counter series and 80 histograms, ~1,700 lines.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "server/api/rpc_metrics.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"

namespace cordon::bench {
namespace {

constexpr int kMethods = 80;
constexpr grpc::StatusCode kCodes[] = {grpc::StatusCode::OK,
                                       grpc::StatusCode::NOT_FOUND,
                                       grpc::StatusCode::INVALID_ARGUMENT};

std::string BenchMethodName(int i) {
  return absl::StrCat("/cordon.v1.Service", i % 16, "/Method", i);
}

// A registry in which every method and code has been recorded once.
struct BusyRegistry {
  ports::SystemClock clock;
  metrics::Registry registry;
  api::RpcMetrics rpc{&registry, &clock};

  BusyRegistry() {
    for (int i = 0; i < kMethods; ++i) {
      for (grpc::StatusCode code : kCodes) {
        rpc.Record(BenchMethodName(i), code, rpc.Start());
      }
    }
  }
};

BusyRegistry& SharedRegistry() {
  static BusyRegistry* const kRegistry = new BusyRegistry();
  return *kRegistry;
}

void BM_RpcMetricRecord(benchmark::State& state) {
  BusyRegistry& busy = SharedRegistry();
  const std::string method = BenchMethodName(7);
  for (auto _ : state) {
    busy.rpc.Record(method, grpc::StatusCode::OK, busy.rpc.Start());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RpcMetricRecord)
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->UseRealTime();

void BM_MetricsScrape(benchmark::State& state) {
  BusyRegistry& busy = SharedRegistry();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string scrape = busy.registry.Scrape();
    bytes = scrape.size();
    benchmark::DoNotOptimize(scrape);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_MetricsScrape)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cordon::bench
