#ifndef CORDON_SERVER_ADAPTERS_METRICS_ENDPOINT_H_
#define CORDON_SERVER_ADAPTERS_METRICS_ENDPOINT_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "server/metrics/registry.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace cordon::adapters {

// GET /metrics over plain HTTP on its own port (cordon-server
// --metrics_listen): the registry's Prometheus text, nothing else. Apart
// from the gRPC port so a scraper needs no API key and no TLS client, and
// so that port can stay on loopback or a management network. Two threads
// answer; a request is read within 5 s and may carry no body.
class MetricsEndpoint {
 public:
  // Binds `host`:`port` (0 picks a free port) and serves from a thread of
  // its own; UNAVAILABLE when the address cannot be bound. `registry`
  // must outlive this.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& host, int port, const metrics::Registry* registry);
  // Stops serving and waits for the thread.
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // The port actually bound.
  int port() const { return port_; }

 private:
  MetricsEndpoint();

  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_METRICS_ENDPOINT_H_
