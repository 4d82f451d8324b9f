#ifndef CORDON_TOOLS_BENCH_HTTPS_GRAPH_H_
#define CORDON_TOOLS_BENCH_HTTPS_GRAPH_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "server/adapters/graph/rest_graph.h"
#include "server/adapters/http/curl_http_client.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"
#include "simulator/random.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"

namespace cordon::bench {

// Microsoft Graph as cordon-server talks to it with its --graph_* flags —
// CurlHttpClient, OAuthTokenSource with a client secret, RestGraph — against
// the simulated tenant served on loopback HTTPS (sim::serve::SimServer) over
// the benchmark's World: the real adapter, TLS and OAuth included, in front
// of a fake Microsoft that answers after `latency`.
class HttpsGraph {
 public:
  // `world`, `random` and `clock` must outlive the result.
  static absl::StatusOr<std::unique_ptr<HttpsGraph>> Start(
      sim::World* world, sim::Random* random, const ports::Clock* clock,
      absl::Duration latency);
  // Members go in reverse order: the client before the server it is
  // connected to.

  ports::Graph& graph() { return *graph_; }

 private:
  HttpsGraph() = default;

  std::unique_ptr<sim::serve::SimServer> server_;
  std::unique_ptr<adapters::http::CurlHttpClient> http_;
  std::unique_ptr<adapters::graph::OAuthTokenSource> tokens_;
  std::unique_ptr<adapters::graph::RestGraph> graph_;
};

}  // namespace cordon::bench

#endif  // CORDON_TOOLS_BENCH_HTTPS_GRAPH_H_
