#ifndef CORDON_SERVER_ADAPTERS_GRAPH_REST_GRAPH_SETUP_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_REST_GRAPH_SETUP_H_

// cordon-server's Microsoft Graph settings (its --graph_* and
// --login_base_url flags), checked, and the REST adapter they build: one
// HTTPS client, one OAuth2 token source and RestGraph over both.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "server/adapters/graph/rest_graph.h"
#include "server/adapters/http/curl_http_client.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"
#include "server/ports/entropy.h"

namespace cordon::adapters::graph {

// Field names follow the flags, and errors name the flag.
struct RestGraphSettings {
  std::string client_id;           // --graph_client_id
  std::string client_secret_file;  // --graph_client_secret_file (mode 0600)
  std::string client_cert_file;    // --graph_client_cert_file
  std::string client_key_file;     // --graph_client_key_file (mode 0600)
  std::string graph_base_url = std::string(kDefaultGraphBaseUrl);
  std::string login_base_url = std::string(kDefaultLoginBaseUrl);
  std::string ca_file;  // --graph_ca_file: trust these instead of the system
  absl::Duration timeout = absl::Seconds(30);  // --graph_timeout, per call
  // Where token requests are counted; null: nowhere. Outlives the setup.
  metrics::Registry* metrics = nullptr;
};

// Whether any Graph setting was given: without one the server runs with
// the "not configured" adapter and says so.
bool HasGraphSettings(const RestGraphSettings& settings);

// The REST adapter and what it owns. Thread-safe like RestGraph.
class RestGraphSetup {
 public:
  // INVALID_ARGUMENT naming the flag for a missing client id, neither or
  // both credentials, a certificate without its key, a URL that is not
  // https://host..., or a timeout outside 1s..5min; FAILED_PRECONDITION
  // (from the file checks) for a secret or key file that is unreadable or
  // readable by others, or a key that does not belong to the certificate.
  // Never echoes a secret. `clock` and `entropy` must outlive the result.
  static absl::StatusOr<std::unique_ptr<RestGraphSetup>> Create(
      const RestGraphSettings& settings, const ports::Clock& clock,
      ports::Entropy& entropy);

  ports::Graph& graph() { return graph_; }
  // For the start-up line, from the checked settings: "<graph base URL> as
  // app <client id> with its client secret" (or "... with its certificate
  // x5t#S256 <thumbprint>"). Names no secret.
  const std::string& description() const { return description_; }

 private:
  RestGraphSetup(const RestGraphSettings& settings,
                 std::unique_ptr<const ClientCredential> credential,
                 std::string credential_description, const ports::Clock& clock);

  http::CurlHttpClient http_;
  OAuthTokenSource tokens_;
  RestGraph graph_;
  const std::string description_;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_REST_GRAPH_SETUP_H_
