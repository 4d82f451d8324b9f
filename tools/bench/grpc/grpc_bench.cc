#include "tools/bench/grpc/grpc_bench.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "cordon/client/channel.h"
#include "tools/bench/grpc/baseline_workloads.h"
#include "tools/bench/grpc/channels.h"
#include "tools/bench/grpc/cordon_setup.h"
#include "tools/bench/grpc/grpc_bench_options.h"
#include "tools/bench/grpc/isolation_workload.h"
#include "tools/bench/grpc/load_driver.h"
#include "tools/bench/grpc/ratios.h"
#include "tools/bench/grpc/spawned_servers.h"

namespace cordon::bench::grpc_load {
namespace {

constexpr char kIsolation[] = "send_report_isolated";

bool IsBaseline(const std::string& workload) {
  return absl::StartsWith(workload, "baseline_");
}

struct NamedWorkload {
  std::string target;  // "cordon" or "baseline"
  std::unique_ptr<Workload> workload;
};

// The targets of one run and its workloads, in the order of the flags.
struct GrpcRun {
  GrpcBenchOptions options;
  bool cordon = false, baseline = false, isolation = false;
  std::unique_ptr<SpawnedServers> spawned;
  CordonTarget cordon_target;
  std::vector<std::shared_ptr<grpc::Channel>> baseline_channels;
  std::vector<NamedWorkload> workloads;
};

// send_report_isolated isolates each user once: --isolations per point.
int IsolationUsers(const GrpcRun& run) {
  return run.options.isolations *
         static_cast<int>(run.options.in_flight.size());
}

absl::Status SpawnServers(GrpcRun* run) {
  SpawnOptions spawn;
  spawn.cordon = run->cordon && run->options.cordon.empty();
  spawn.baseline = run->baseline && run->options.baseline.empty();
  if (run->isolation) spawn.tenant_users = IsolationUsers(*run);
  spawn.etcd_replicas = run->options.replicas;
  if (!spawn.cordon && !spawn.baseline) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<SpawnedServers>> spawned =
      SpawnedServers::Start(spawn);
  if (!spawned.ok()) return spawned.status();
  run->spawned = std::move(*spawned);
  return absl::OkStatus();
}

absl::Status ConnectCordon(GrpcRun* run) {
  std::string address = run->options.cordon;
  CordonTarget& target = run->cordon_target;
  if (address.empty()) {
    for (int port : run->spawned->cordon_ports()) {
      absl::StrAppend(&address, address.empty() ? "" : ",", "127.0.0.1:", port);
    }
    target.settings.bearer_key = run->spawned->cordon_key();
  } else {
    absl::StatusOr<std::string> key =
        client::ReadKeyFile(run->options.key_file);
    if (!key.ok()) return key.status();
    target.settings.bearer_key = *key;
  }
  absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> channels =
      ConnectChannels(address, run->options.channels);
  if (!channels.ok()) return channels.status();
  target.channels = std::move(*channels);
  target.nonce = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  return SetUpCordonTarget(run->options.identities, &target);
}

absl::Status ConnectBaseline(GrpcRun* run) {
  std::string address = run->options.baseline;
  if (address.empty()) {
    address = absl::StrCat("127.0.0.1:", run->spawned->baseline_port());
  }
  absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> channels =
      ConnectChannels(address, run->options.channels);
  if (!channels.ok()) return channels.status();
  run->baseline_channels = std::move(*channels);
  // The keys baseline_get reads, as many as the identities GetIdentity
  // reads.
  std::unique_ptr<Workload> seed = BaselinePut(
      run->baseline_channels, "seed", kBaselineSeedPrefix, /*sync=*/false);
  LoadPoint point;
  point.in_flight = 40;
  point.warmup = absl::ZeroDuration();
  point.duration = absl::Minutes(10);
  point.max_requests = run->options.identities;
  const LoadResult seeded = RunLoadPoint(*seed, run->options.channels, point);
  if (seeded.error_count() > 0 || seeded.requests != point.max_requests) {
    return absl::UnavailableError("cannot seed the baseline's keys");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Workload>> MakeWorkload(const std::string& name,
                                                       GrpcRun* run) {
  const CordonTarget& cordon = run->cordon_target;
  const auto& base = run->baseline_channels;
  if (name == "baseline_get") {
    return BaselineGet(base, run->options.identities, run->options.seed);
  }
  if (name == "baseline_put") return BaselinePut(base, name, "put-", false);
  if (name == "baseline_put_sync") {
    return BaselinePut(base, name, "put-sync-", true);
  }
  if (name == "get_identity") return GetIdentityLoad(cordon, run->options.seed);
  if (name == "list_identities") return ListIdentitiesLoad(cordon);
  if (name == "create_identity") {
    // A new organization for each point: a create's cost may grow with
    // the organization, and each point should start from the same.
    return CreateIdentityLoad(
        cordon, [&cordon] { return CreateBenchOrganization(cordon, ""); },
        nullptr);
  }
  if (name == "record_sign_in") return RecordSignInLoad(cordon, name, "US");
  if (name == "sign_in_join") return RecordSignInLoad(cordon, name, "RU");
  absl::StatusOr<std::unique_ptr<IsolationWorkload>> isolation =
      IsolationWorkload::SetUp(cordon, run->spawned->cordon_port(),
                               *run->spawned->tenant(), IsolationUsers(*run),
                               run->options.isolations);
  if (!isolation.ok()) return isolation.status();
  return std::unique_ptr<Workload>(std::move(*isolation));
}

absl::Status SetUpRun(GrpcRun* run) {
  for (const std::string& name : run->options.workloads) {
    (IsBaseline(name) ? run->baseline : run->cordon) = true;
    if (name == kIsolation) run->isolation = true;
  }
  if (run->isolation && !run->options.cordon.empty()) {
    return absl::InvalidArgumentError(
        "send_report_isolated needs the spawned cordon-server (pointed at "
        "the simulated tenant): leave out --cordon");
  }
  if (absl::Status s = SpawnServers(run); !s.ok()) return s;
  if (run->cordon) {
    if (absl::Status s = ConnectCordon(run); !s.ok()) return s;
  }
  if (run->baseline) {
    if (absl::Status s = ConnectBaseline(run); !s.ok()) return s;
  }
  for (const std::string& name : run->options.workloads) {
    absl::StatusOr<std::unique_ptr<Workload>> workload =
        MakeWorkload(name, run);
    if (!workload.ok()) return workload.status();
    run->workloads.push_back(
        {IsBaseline(name) ? "baseline" : "cordon", std::move(*workload)});
  }
  return absl::OkStatus();
}

// Each number in flight, each workload in turn.
absl::StatusOr<std::vector<LoadResult>> Sweep(GrpcRun& run, std::ostream& log) {
  std::vector<LoadResult> results;
  for (const int in_flight : run.options.in_flight) {
    for (NamedWorkload& named : run.workloads) {
      Workload& workload = *named.workload;
      if (absl::Status s = workload.Prepare(); !s.ok()) return s;
      LoadPoint point;
      point.in_flight = in_flight;
      point.rate = run.options.rate;
      point.warmup = run.options.warmup;
      point.duration = run.options.duration;
      point.max_requests = run.options.requests;
      if (workload.name() == kIsolation) {
        // Bounded by its identities, not by time.
        point.warmup = absl::ZeroDuration();
        point.duration = absl::Hours(1);
      }
      LoadResult result = RunLoadPoint(workload, run.options.channels, point);
      result.target = named.target;
      result.workload = workload.name();
      log << absl::StreamFormat(
                 "%-8s %-21s in_flight %4d: %9.1f/s p99 %8.3f ms, %d errors\n",
                 result.target, result.workload, in_flight, result.throughput,
                 result.p99_ms, result.error_count())
          << std::flush;
      results.push_back(std::move(result));
    }
  }
  return results;
}

void PrintTable(const std::vector<LoadResult>& results,
                const nlohmann::json& ratios, std::ostream& out) {
  out << absl::StreamFormat("%-8s %-21s %9s %10s %8s %8s %8s %8s %7s\n",
                            "target", "workload", "in_flight", "req/s", "p50",
                            "p90", "p99", "p99.9", "errors");
  for (const LoadResult& r : results) {
    out << absl::StreamFormat(
        "%-8s %-21s %9d %10.1f %8.3f %8.3f %8.3f %8.3f %7d\n", r.target,
        r.workload, r.in_flight, r.throughput, r.p50_ms, r.p90_ms, r.p99_ms,
        r.p999_ms, r.error_count());
  }
  out << "\nratios to the bare server (throughput: higher is better; p99: "
         "lower is better)\n";
  for (const nlohmann::json& ratio : ratios) {
    out << absl::StreamFormat(
        "%-21s / %-17s in_flight %4d: throughput %.2fx, p99 %.2fx\n",
        ratio["workload"].get<std::string>(),
        ratio["reference"].get<std::string>(), ratio["in_flight"].get<int>(),
        ratio["throughput"].get<double>(), ratio["p99"].get<double>());
  }
}

nlohmann::json RunToJson(const std::vector<std::string>& args,
                         const GrpcBenchOptions& options,
                         const std::vector<LoadResult>& results,
                         const nlohmann::json& ratios) {
  nlohmann::json json;
  json["arguments"] = args;
  json["time"] = absl::FormatTime(absl::Now());
  json["channels"] = options.channels;
  json["warmup_s"] = absl::ToDoubleSeconds(options.warmup);
  json["duration_s"] = absl::ToDoubleSeconds(options.duration);
  json["results"] = nlohmann::json::array();
  for (const LoadResult& result : results) {
    json["results"].push_back(result.ToJson());
  }
  json["ratios"] = ratios;
  return json;
}

}  // namespace

int RunGrpcBench(const std::vector<std::string>& args, std::ostream& out,
                 std::ostream& log) {
  absl::StatusOr<GrpcBenchOptions> options = ParseGrpcBenchOptions(args);
  if (!options.ok()) {
    log << options.status().message() << "\n";
    return 2;
  }
  GrpcRun run;
  run.options = *options;
  const absl::Status set_up = SetUpRun(&run);
  absl::StatusOr<std::vector<LoadResult>> results =
      set_up.ok() ? Sweep(run, log)
                  : absl::StatusOr<std::vector<LoadResult>>(set_up);
  if (!results.ok()) {
    log << "cordon-bench grpc: " << results.status().message() << "\n";
    return 1;
  }
  const nlohmann::json ratios = Ratios(*results);
  if (run.options.json) {
    out << RunToJson(args, run.options, *results, ratios).dump(2) << "\n";
  } else {
    PrintTable(*results, ratios, out);
  }
  for (const LoadResult& result : *results) {
    if (result.error_count() > 0) return 1;
  }
  return 0;
}

}  // namespace cordon::bench::grpc_load
