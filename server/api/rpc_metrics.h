#ifndef CORDON_SERVER_API_RPC_METRICS_H_
#define CORDON_SERVER_API_RPC_METRICS_H_

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
  const ports::Clock* clock_;
  metrics::Family<metrics::Counter>& handled_;
  metrics::Family<metrics::Histogram>& handling_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_RPC_METRICS_H_
