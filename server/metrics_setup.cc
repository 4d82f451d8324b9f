#include "server/metrics_setup.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on (GET /metrics, plain "
          "HTTP), e.g. 127.0.0.1:9464; empty = no metrics endpoint");

namespace cordon {

absl::StatusOr<std::optional<ListenAddress>> MetricsListenFromFlags() {
  const std::string value = absl::GetFlag(FLAGS_metrics_listen);
  if (value.empty()) return std::nullopt;
  absl::StatusOr<ListenAddress> address =
      ParseListenAddress("metrics_listen", value, "127.0.0.1:9464");
  if (!address.ok()) return address.status();
  return *address;
}

absl::StatusOr<std::unique_ptr<MetricsSetup>> MetricsSetup::Start(
    const ListenAddress& address, metrics::Registry* registry,
    const store::RocksDatabase* db) {
  std::unique_ptr<MetricsSetup> setup(new MetricsSetup(registry, db));
  absl::StatusOr<std::unique_ptr<adapters::MetricsEndpoint>> endpoint =
      adapters::MetricsEndpoint::Start(address.host, address.port, registry);
  if (!endpoint.ok()) return endpoint.status();
  setup->endpoint_ = *std::move(endpoint);
  return setup;
}

}  // namespace cordon
