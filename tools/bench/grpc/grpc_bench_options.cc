#include "tools/bench/grpc/grpc_bench_options.h"

#include <algorithm>
#include <functional>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace cordon::bench::grpc_load {
namespace {

using Setter = std::function<bool(const std::string&, GrpcBenchOptions*)>;

// An integer flag within [low, high].
template <typename Int>
Setter IntFlag(Int GrpcBenchOptions::*field, int64_t low, int64_t high) {
  return [=](const std::string& text, GrpcBenchOptions* options) {
    int64_t value = 0;
    if (!absl::SimpleAtoi(text, &value) || value < low || value > high) {
      return false;
    }
    options->*field = static_cast<Int>(value);
    return true;
  };
}

Setter DurationFlag(absl::Duration GrpcBenchOptions::*field) {
  return [=](const std::string& text, GrpcBenchOptions* options) {
    absl::Duration value;
    if (!absl::ParseDuration(text, &value) || value < absl::ZeroDuration() ||
        value > absl::Hours(1)) {
      return false;
    }
    options->*field = value;
    return true;
  };
}

Setter StringFlag(std::string GrpcBenchOptions::*field) {
  return [=](const std::string& text, GrpcBenchOptions* options) {
    options->*field = text;
    return !text.empty();
  };
}

bool SetWorkloads(const std::string& text, GrpcBenchOptions* options) {
  options->workloads = absl::StrSplit(text, ',');
  const std::vector<std::string>& all = AllWorkloads();
  return std::all_of(options->workloads.begin(), options->workloads.end(),
                     [&](const std::string& w) {
                       return std::find(all.begin(), all.end(), w) != all.end();
                     });
}

bool SetInFlight(const std::string& text, GrpcBenchOptions* options) {
  options->in_flight.clear();
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    int value = 0;
    if (!absl::SimpleAtoi(part, &value) || value < 1 || value > 10000) {
      return false;
    }
    options->in_flight.push_back(value);
  }
  return true;
}

bool SetRate(const std::string& text, GrpcBenchOptions* options) {
  return absl::SimpleAtod(text, &options->rate) && options->rate >= 0 &&
         options->rate <= 1e6;
}

const std::map<std::string, Setter>& Setters() {
  static const auto* const setters = new std::map<std::string, Setter>{
      {"cordon", StringFlag(&GrpcBenchOptions::cordon)},
      {"key_file", StringFlag(&GrpcBenchOptions::key_file)},
      {"baseline", StringFlag(&GrpcBenchOptions::baseline)},
      {"workloads", SetWorkloads},
      {"in_flight", SetInFlight},
      {"channels", IntFlag(&GrpcBenchOptions::channels, 1, 64)},
      {"replicas", IntFlag(&GrpcBenchOptions::replicas, 0, 9)},
      {"rate", SetRate},
      {"warmup", DurationFlag(&GrpcBenchOptions::warmup)},
      {"duration", DurationFlag(&GrpcBenchOptions::duration)},
      {"requests", IntFlag(&GrpcBenchOptions::requests, 0, 100000000)},
      {"identities", IntFlag(&GrpcBenchOptions::identities, 1, 100000)},
      {"isolations", IntFlag(&GrpcBenchOptions::isolations, 1, 1000)},
      {"seed", IntFlag(&GrpcBenchOptions::seed, 0, INT64_MAX)},
  };
  return *setters;
}

}  // namespace

absl::StatusOr<GrpcBenchOptions> ParseGrpcBenchOptions(
    const std::vector<std::string>& args) {
  GrpcBenchOptions options;
  for (const std::string& arg : args) {
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name =
        absl::StartsWith(arg, "--") ? arg.substr(2, equals - 2) : "";
    const auto setter = Setters().find(name);
    if (equals == std::string::npos || setter == Setters().end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown argument ", arg, "\n", GrpcBenchUsage()));
    }
    if (!setter->second(arg.substr(equals + 1), &options)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, ": bad value\n", GrpcBenchUsage()));
    }
  }
  if (options.cordon.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError("--cordon and --key_file go together");
  }
  if (options.replicas > 0 && !options.cordon.empty()) {
    return absl::InvalidArgumentError(
        "--replicas spawns the servers: leave out --cordon");
  }
  if (options.workloads.empty()) options.workloads = AllWorkloads();
  return options;
}

std::string GrpcBenchUsage() {
  return R"(cordon-bench grpc [--flag=value ...]: load at the gRPC edge
  --workloads=a,b     of baseline_get get_identity list_identities
                      baseline_put baseline_put_sync create_identity
                      record_sign_in sign_in_join send_report_isolated
                      (default: all, in that order)
  --in_flight=1,4,... the sweep: requests in flight (default 1,4,16,40,64)
  --channels=4        connections the requests are spread over
  --rate=R            open loop: R requests/s (in_flight = most at once)
  --warmup=1s --duration=5s   per point; --requests=N also ends it
  --identities=1000   identities the reads and sign-ins use
  --isolations=50     send_report_isolated: reports sent per point
  --seed=1 --json
  --cordon=host:port[,host:port...] --key_file=F
                      a running cordon-server, or replicas of one store
                      (channels spread over them); else spawned
  --replicas=N        spawn N cordon-server replicas on a spawned
                      three-member etcd cluster (else one on RocksDB)
  --baseline=host:port              a running baseline (else spawned)
)";
}

}  // namespace cordon::bench::grpc_load
