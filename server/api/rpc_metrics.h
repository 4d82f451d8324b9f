#ifndef CORDON_SERVER_API_RPC_METRICS_H_
#define CORDON_SERVER_API_RPC_METRICS_H_

#include <array>
#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"

namespace cordon::api {

// What every RPC through CallRunner adds to the registry, under the names
// go-grpc-prometheus uses, so existing gRPC dashboards read them:
// grpc_server_handled_total{grpc_service, grpc_method, grpc_code} and the
// latency histogram grpc_server_handling_seconds{grpc_service, grpc_method}.
// A stream's latency is how long it stayed open.
class RpcMetrics {
 public:
  RpcMetrics(metrics::Registry* registry, const ports::Clock* clock);

  // When a call starts, for Record.
  absl::Time Start() const { return clock_->Now(); }
  // One answered call: `method` is the full name
  // ("/cordon.v1.AccountService/UpdateAccount").
  void Record(absl::string_view method, grpc::StatusCode code,
              absl::Time started);

 private:
  // gRPC's codes run from OK (0) to UNAUTHENTICATED (16).
  static constexpr int kCodes = 17;
  // One method's series, found once: a call then costs a lookup by the
  // method's name instead of joining label values into a key per family.
  struct MethodSeries {
    absl::string_view service, name;  // into `method`
    std::string method;
    metrics::Histogram* handling = nullptr;
    std::array<std::atomic<metrics::Counter*>, kCodes> handled{};
  };

  MethodSeries& SeriesOf(absl::string_view method);
  metrics::Counter& HandledOf(MethodSeries& series, grpc::StatusCode code);

  const ports::Clock* clock_;
  metrics::Family<metrics::Counter>& handled_;
  metrics::Family<metrics::Histogram>& handling_;
  std::shared_mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> methods_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_RPC_METRICS_H_
