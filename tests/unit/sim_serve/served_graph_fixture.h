#ifndef CORDON_TESTS_UNIT_SIM_SERVE_SERVED_GRAPH_FIXTURE_H_
#define CORDON_TESTS_UNIT_SIM_SERVE_SERVED_GRAPH_FIXTURE_H_

// The real Graph adapter (RestGraph + OAuthTokenSource + CurlHttpClient)
// against the served simulator over loopback HTTPS, trusting its throwaway
// certificate. The server's clock and the adapter's are one FakeClock, so
// token lifetimes and Retry-After move only when a test says.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/graph/client_credential.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "server/adapters/graph/rest_graph.h"
#include "server/adapters/http/curl_http_client.h"
#include "simulator/event_log.h"
#include "simulator/random.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"

namespace cordon::sim::serve::testing {

inline constexpr char kTenant[] = "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b";
inline constexpr char kOtherTenant[] = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
inline constexpr char kClientId[] = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
inline constexpr char kSecret[] = "served-sim-secret";
inline constexpr char kMegan[] = "megan@contoso.com";
inline constexpr char kAdele[] = "adele@fabrikam.com";  // in kOtherTenant

class ServedGraphTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The options every test starts from: the app with kClientId and kSecret.
  static ServeOptions Options();
  // Starts the server and an adapter using the client secret `secret`.
  void Serve(ServeOptions options = Options(), std::string secret = kSecret);
  // A token source for the served app with `credential`.
  std::unique_ptr<adapters::graph::OAuthTokenSource> TokenSourceWith(
      std::unique_ptr<const adapters::graph::ClientCredential> credential);
  std::unique_ptr<adapters::graph::RestGraph> GraphWith(
      adapters::graph::TokenSource* tokens);

  // One request to the served path with a bearer token ("" = none).
  adapters::http::HttpResponse Raw(adapters::http::HttpMethod method,
                                   const std::string& path,
                                   const std::string& token,
                                   std::string body = "");
  // A fresh token of `tenant` from the token source.
  std::string TokenOf(const std::string& tenant);
  std::vector<LoggedRequest> Logged() {
    return server_->request_log().Entries();
  }
  // Logged requests whose path contains `part`.
  int CountLogged(const std::string& part);

  ports::GraphUserRef Megan() const { return {kTenant, kMegan}; }

  ports::FakeClock clock_;
  EventLog events_{&clock_};
  World world_{&events_};
  Random random_{42};
  std::unique_ptr<SimServer> server_;
  std::unique_ptr<adapters::http::CurlHttpClient> http_;
  std::unique_ptr<adapters::graph::OAuthTokenSource> tokens_;
  std::unique_ptr<adapters::graph::RestGraph> graph_;
};

}  // namespace cordon::sim::serve::testing

#endif  // CORDON_TESTS_UNIT_SIM_SERVE_SERVED_GRAPH_FIXTURE_H_
