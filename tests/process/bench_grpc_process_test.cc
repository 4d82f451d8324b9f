// Issue 14, "a load generator at the gRPC edge": `cordon-bench grpc` (its
// library, as cordon-bench runs it) against a cordon-server, a cordon-sim
// tenant and the bare baseline server it spawns itself, for a few requests
// per workload and point: every workload works, nothing fails, and the
// JSON holds what docs/benchmarks.md reads. Not a timed test: it checks no
// speed.

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tools/bench/grpc/grpc_bench.h"
#include "tools/bench/grpc/grpc_bench_options.h"
#include "tools/bench/grpc/load_result.h"

namespace cordon::bench::grpc_load {
namespace bench_grpc_process_test {

constexpr int kRequests = 12;
constexpr int kIsolations = 3;

TEST(BenchGrpcProcessTest, Issue14EveryWorkloadAtEveryPointWithoutErrors) {
  std::ostringstream out, log;
  const int code = RunGrpcBench(
      {"--json", "--in_flight=1,4", "--channels=2", "--warmup=0s",
       "--duration=60s", absl::StrCat("--requests=", kRequests),
       "--identities=20", absl::StrCat("--isolations=", kIsolations)},
      out, log);
  ASSERT_EQ(code, 0) << log.str();
  const nlohmann::json run = nlohmann::json::parse(out.str(), nullptr, false);
  ASSERT_TRUE(run.is_object()) << out.str();
  const nlohmann::json& results = run["results"];
  ASSERT_EQ(results.size(), AllWorkloads().size() * 2) << out.str();
  std::set<std::string> seen;
  for (const nlohmann::json& result : results) {
    const std::string workload = result["workload"];
    seen.insert(workload);
    SCOPED_TRACE(workload);
    EXPECT_TRUE(result["errors"].empty()) << result.dump();
    // A point ends after its bounded count; each isolation is one send
    // followed by reads until the report shows ISO-3's three actions done.
    EXPECT_EQ(result["requests"],
              workload == "send_report_isolated" ? kIsolations : kRequests);
    EXPECT_GT(result["throughput_per_s"].get<double>(), 0);
    const nlohmann::json& latency = result["latency_ms"];
    EXPECT_GT(latency["p50"].get<double>(), 0);
    EXPECT_LE(latency["p50"], latency["p99"]);
    EXPECT_LE(latency["p99"], latency["max"]);
  }
  EXPECT_EQ(seen.size(), AllWorkloads().size());
  // Every Cordon read and write has its ratio at both points: reads to
  // baseline_get, writes to baseline_put and baseline_put_sync.
  EXPECT_EQ(run["ratios"].size(), (2 + 3 * 2) * 2u) << run["ratios"].dump();
}

// Issue 15: with --replicas=3 it spawns a three-member etcd cluster and
// three replicas on it, spreads its channels over them, and an isolation
// sent through them ends SUCCEEDED like on RocksDB.
TEST(BenchGrpcProcessTest, Issue15ThreeReplicasOnEtcdWithoutErrors) {
  std::ostringstream out, log;
  const int code = RunGrpcBench(
      {"--json", "--replicas=3", "--in_flight=3", "--channels=3", "--warmup=0s",
       "--duration=60s", absl::StrCat("--requests=", kRequests),
       "--identities=20", absl::StrCat("--isolations=", kIsolations),
       "--workloads=get_identity,create_identity,send_report_isolated"},
      out, log);
  ASSERT_EQ(code, 0) << log.str();
  const nlohmann::json run = nlohmann::json::parse(out.str(), nullptr, false);
  ASSERT_TRUE(run.is_object()) << out.str();
  ASSERT_EQ(run["results"].size(), 3u) << out.str();
  for (const nlohmann::json& result : run["results"]) {
    SCOPED_TRACE(result["workload"].get<std::string>());
    EXPECT_TRUE(result["errors"].empty()) << result.dump();
    EXPECT_GT(result["requests"].get<int>(), 0);
  }
}

TEST(BenchGrpcProcessTest, BadFlagExitsWithUsageNamingIt) {
  std::ostringstream out, log;
  EXPECT_EQ(RunGrpcBench({"--in_flight=0"}, out, log), 2);
  EXPECT_NE(log.str().find("--in_flight"), std::string::npos) << log.str();
  EXPECT_EQ(RunGrpcBench({"--workloads=get_identity,nope"}, out, log), 2);
  EXPECT_EQ(RunGrpcBench({"--replicas=2", "--cordon=127.0.0.1:1",
                          "--key_file=/nonexistent"},
                         out, log),
            2);
  EXPECT_NE(log.str().find("--replicas"), std::string::npos) << log.str();
  EXPECT_EQ(out.str(), "");
}

// Nearest rank over 1..1000 ms: the figures the JSON reports.
TEST(BenchGrpcProcessTest, PercentilesAreNearestRank) {
  std::vector<int64_t> samples_ns;
  for (int64_t ms = 1000; ms >= 1; --ms) samples_ns.push_back(ms * 1000000);
  LoadResult result;
  SummarizeLatencies(&samples_ns, &result);
  EXPECT_DOUBLE_EQ(result.p50_ms, 500);
  EXPECT_DOUBLE_EQ(result.p90_ms, 900);
  EXPECT_DOUBLE_EQ(result.p99_ms, 990);
  EXPECT_DOUBLE_EQ(result.p999_ms, 999);
  EXPECT_DOUBLE_EQ(result.max_ms, 1000);
  EXPECT_DOUBLE_EQ(result.mean_ms, 500.5);
}

}  // namespace bench_grpc_process_test
}  // namespace cordon::bench::grpc_load
