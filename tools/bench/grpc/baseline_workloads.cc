#include "tools/bench/grpc/baseline_workloads.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "bench_baseline.grpc.pb.h"
#include "tools/bench/grpc/unary_workload.h"

namespace cordon::bench::grpc_load {

using baseline::Baseline;

std::unique_ptr<Workload> BaselinePut(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const std::string& name, const std::string& prefix, bool sync) {
  using Put =
      UnaryWorkload<Baseline, baseline::PutRequest, baseline::PutResponse>;
  Put::Spec spec;
  spec.name = name;
  spec.method = &Baseline::Stub::PrepareAsyncPut;
  spec.next_request = [prefix, sync, n = int64_t{0}]() mutable {
    baseline::PutRequest request;
    request.set_key(absl::StrCat(prefix, n++));
    request.set_value(std::string(200, 'v'));
    request.set_sync(sync);
    return request;
  };
  return std::make_unique<Put>(channels, CallSettings{}, std::move(spec));
}

std::unique_ptr<Workload> BaselineGet(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels, int keys,
    uint64_t seed) {
  using Get =
      UnaryWorkload<Baseline, baseline::GetRequest, baseline::GetResponse>;
  Get::Spec spec;
  spec.name = "baseline_get";
  spec.method = &Baseline::Stub::PrepareAsyncGet;
  spec.next_request = [keys, random = std::mt19937_64(seed)]() mutable {
    baseline::GetRequest request;
    request.set_key(absl::StrCat(kBaselineSeedPrefix,
                                 random() % static_cast<uint64_t>(keys)));
    return request;
  };
  return std::make_unique<Get>(channels, CallSettings{}, std::move(spec));
}

}  // namespace cordon::bench::grpc_load
