#include "tools/bench/grpc/ratios.h"

#include <map>
#include <string>

namespace cordon::bench::grpc_load {
namespace {

const std::multimap<std::string, std::string>& References() {
  static const auto* const references =
      new std::multimap<std::string, std::string>{
          {"get_identity", "baseline_get"},
          {"list_identities", "baseline_get"},
          {"create_identity", "baseline_put"},
          {"create_identity", "baseline_put_sync"},
          {"record_sign_in", "baseline_put"},
          {"record_sign_in", "baseline_put_sync"},
          {"sign_in_join", "baseline_put"},
          {"sign_in_join", "baseline_put_sync"},
      };
  return *references;
}

const LoadResult* FindResult(const std::vector<LoadResult>& results,
                             const std::string& workload, int in_flight) {
  for (const LoadResult& result : results) {
    if (result.workload == workload && result.in_flight == in_flight) {
      return &result;
    }
  }
  return nullptr;
}

}  // namespace

nlohmann::json Ratios(const std::vector<LoadResult>& results) {
  nlohmann::json ratios = nlohmann::json::array();
  for (const LoadResult& cordon : results) {
    const auto [begin, end] = References().equal_range(cordon.workload);
    for (auto it = begin; it != end; ++it) {
      const LoadResult* base =
          FindResult(results, it->second, cordon.in_flight);
      if (base == nullptr || base->throughput <= 0 || base->p99_ms <= 0) {
        continue;
      }
      ratios.push_back({{"workload", cordon.workload},
                        {"reference", it->second},
                        {"in_flight", cordon.in_flight},
                        {"throughput", cordon.throughput / base->throughput},
                        {"p99", cordon.p99_ms / base->p99_ms}});
    }
  }
  return ratios;
}

}  // namespace cordon::bench::grpc_load
