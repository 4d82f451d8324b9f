#include "server/api/rpc_metrics.h"

#include <algorithm>

#include "absl/status/status.h"

namespace cordon::api {

RpcMetrics::RpcMetrics(metrics::Registry* registry, const ports::Clock* clock)
    : clock_(clock),
      handled_(registry->AddCounter(
          "grpc_server_handled_total",
          "RPCs completed on the server, by service, method and gRPC status "
          "code.",
          {"grpc_service", "grpc_method", "grpc_code"})),
      handling_(registry->AddHistogram(
          "grpc_server_handling_seconds",
          "How long the server took to answer an RPC (a stream: how long it "
          "stayed open), by service and method.",
          {"grpc_service", "grpc_method"}, metrics::LatencyBuckets())) {}

void RpcMetrics::Record(absl::string_view method, grpc::StatusCode code,
                        absl::Time started) {
  // "/package.Service/Method": the service without the leading slash, and
  // the method; a name without that shape is kept whole as the method.
  absl::string_view service;
  absl::string_view name = method;
  const size_t slash = method.rfind('/');
  if (slash != absl::string_view::npos && slash > 0) {
    service = method.substr(1, slash - 1);
    name = method.substr(slash + 1);
  }
  // gRPC's codes are absl's, number for number.
  const std::string code_name =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  handled_.WithLabels({service, name, code_name}).Increment();
  // A wall clock stepped back mid-call is no negative latency.
  const double seconds =
      std::max(0.0, absl::ToDoubleSeconds(clock_->Now() - started));
  handling_.WithLabels({service, name}).Observe(seconds);
}

}  // namespace cordon::api
