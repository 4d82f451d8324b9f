#ifndef CORDON_SERVER_METRICS_SETUP_H_
#define CORDON_SERVER_METRICS_SETUP_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/adapters/metrics_endpoint.h"
#include "server/adapters/process_metrics.h"
#include "server/listen_address.h"
#include "server/metrics/registry.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/rocks/rocks_metrics.h"

namespace cordon {

// --metrics_listen, checked: nullopt when empty (no metrics endpoint);
// INVALID_ARGUMENT naming the flag when it is not host:port.
absl::StatusOr<std::optional<ListenAddress>> MetricsListenFromFlags();

// What --metrics_listen serves (docs/operations.md, "Watching Cordon"): the
// process' and the database's figures read at each scrape, beside what the
// engine and the API record, on GET /metrics. Destroy it before the
// database. The RocksDB figures only on RocksDB (`db` null on etcd).
class MetricsSetup {
 public:
  // UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsSetup>> Start(
      const ListenAddress& address, metrics::Registry* registry,
      const store::RocksDatabase* db);

  int port() const { return endpoint_->port(); }

 private:
  MetricsSetup(metrics::Registry* registry, const store::RocksDatabase* db)
      : process_(registry) {
    if (db != nullptr) rocks_.emplace(db, registry);
  }

  adapters::ProcessMetrics process_;
  std::optional<store::RocksMetrics> rocks_;
  // Last: stops serving before the figures it reads go away.
  std::unique_ptr<adapters::MetricsEndpoint> endpoint_;
};

}  // namespace cordon

#endif  // CORDON_SERVER_METRICS_SETUP_H_
