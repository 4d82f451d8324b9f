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

RpcMetrics::MethodSeries& RpcMetrics::SeriesOf(absl::string_view method) {
  {
    std::shared_lock<std::shared_mutex> read(mu_);
    auto found = methods_.find(method);
    if (found != methods_.end()) return *found->second;
  }
  std::unique_lock<std::shared_mutex> write(mu_);
  std::unique_ptr<MethodSeries>& series = methods_[method];
  if (series != nullptr) return *series;
  series = std::make_unique<MethodSeries>();
  series->method = std::string(method);
  // "/package.Service/Method": the service without the leading slash, and
  // the method; a name without that shape is kept whole as the method.
  const absl::string_view full = series->method;
  series->name = full;
  const size_t slash = full.rfind('/');
  if (slash != absl::string_view::npos && slash > 0) {
    series->service = full.substr(1, slash - 1);
    series->name = full.substr(slash + 1);
  }
  series->handling = &handling_.WithLabels({series->service, series->name});
  return *series;
}

metrics::Counter& RpcMetrics::HandledOf(MethodSeries& series,
                                        grpc::StatusCode code) {
  const auto look_up = [&]() -> metrics::Counter& {
    // gRPC's codes are absl's, number for number.
    const std::string code_name =
        absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
    return handled_.WithLabels({series.service, series.name, code_name});
  };
  const int index = static_cast<int>(code);
  if (index < 0 || index >= kCodes) return look_up();
  metrics::Counter* counter =
      series.handled[index].load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Two first calls may both look it up: the family returns one series.
    counter = &look_up();
    series.handled[index].store(counter, std::memory_order_release);
  }
  return *counter;
}

void RpcMetrics::Record(absl::string_view method, grpc::StatusCode code,
                        absl::Time started) {
  MethodSeries& series = SeriesOf(method);
  HandledOf(series, code).Increment();
  // A wall clock stepped back mid-call is no negative latency.
  const double seconds =
      std::max(0.0, absl::ToDoubleSeconds(clock_->Now() - started));
  series.handling->Observe(seconds);
}

}  // namespace cordon::api
