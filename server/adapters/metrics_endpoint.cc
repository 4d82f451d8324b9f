#include "server/adapters/metrics_endpoint.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"

namespace cordon::adapters {
namespace {

// The exposition format's content type (text format 0.0.4).
constexpr char kMetricsContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

// Bounds on what a client can make the endpoint hold (threads, time,
// bytes), and SO_REUSEADDR without httplib's SO_REUSEPORT, with which a
// second server on a port in use would start and split the scrapes.
void LimitMetricsServer(httplib::Server& http) {
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http.new_task_queue = [] { return new httplib::ThreadPool(2); };
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);
  http.set_keep_alive_max_count(100);
  http.set_payload_max_length(1024);
}

}  // namespace

MetricsEndpoint::MetricsEndpoint()
    : http_(std::make_unique<httplib::Server>()) {}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& host, int port, const metrics::Registry* registry) {
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  httplib::Server& http = *endpoint->http_;
  LimitMetricsServer(http);
  http.Get("/metrics",
           [registry](const httplib::Request&, httplib::Response& response) {
             response.set_content(registry->Scrape(), kMetricsContentType);
           });
  const bool bound = port == 0
                         ? (endpoint->port_ = http.bind_to_any_port(host)) > 0
                         : http.bind_to_port(host, port);
  if (!bound) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", host, ":", port,
                     " for --metrics_listen (address in use or not valid)"));
  }
  if (port != 0) endpoint->port_ = port;
  endpoint->thread_ = std::thread([&http] { http.listen_after_bind(); });
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace cordon::adapters
