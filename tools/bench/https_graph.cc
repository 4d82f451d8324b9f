#include "tools/bench/https_graph.h"

#include <utility>

#include "server/adapters/graph/client_credential.h"
#include "server/core/errors.h"

namespace cordon::bench {
namespace {

constexpr char kClientId[] = "6d0b1c2e-5a4f-4e3d-9c8b-7a6f5e4d3c2b";
constexpr char kClientSecret[] = "cordon-bench-secret";

}  // namespace

absl::StatusOr<std::unique_ptr<HttpsGraph>> HttpsGraph::Start(
    sim::World* world, sim::Random* random, const ports::Clock* clock,
    absl::Duration latency) {
  sim::serve::ServeOptions serve;
  serve.app.client_id = kClientId;
  serve.app.client_secret = kClientSecret;
  serve.faults.latency_min = latency;
  serve.faults.latency_max = latency;
  std::unique_ptr<HttpsGraph> https(new HttpsGraph());
  CORDON_ASSIGN_OR_RETURN(https->server_, sim::serve::SimServer::Start(
                                              world, random, clock, serve));
  adapters::http::CurlHttpClient::Options http;
  http.ca_file = https->server_->ca_file();
  https->http_ = std::make_unique<adapters::http::CurlHttpClient>(http);
  adapters::graph::OAuthTokenSource::Options tokens;
  tokens.endpoint.client_id = kClientId;
  tokens.endpoint.login_base_url = https->server_->BaseUrl();
  https->tokens_ = std::make_unique<adapters::graph::OAuthTokenSource>(
      tokens,
      std::make_unique<adapters::graph::ClientSecretCredential>(kClientSecret),
      *https->http_, *clock);
  adapters::graph::RestGraphOptions graph;
  graph.base_url = https->server_->GraphBaseUrl();
  https->graph_ = std::make_unique<adapters::graph::RestGraph>(
      https->http_.get(), https->tokens_.get(), clock, graph);
  return https;
}

}  // namespace cordon::bench
