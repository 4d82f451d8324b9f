#ifndef CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_REQUEST_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_REQUEST_H_

// One client credentials request to the token endpoint and what it means as
// a TokenResult; the cache around it is OAuthTokenSource's.

#include <chrono>
#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/adapters/graph/client_credential.h"
#include "server/adapters/graph/token_source.h"
#include "server/adapters/http/http_client.h"
#include "server/ports/clock.h"

namespace cordon::adapters::graph {

inline constexpr absl::string_view kDefaultLoginBaseUrl =
    "https://login.microsoftonline.com";

// Where and how the app asks for tokens.
struct TokenEndpoint {
  std::string client_id;
  // --login_base_url: scheme and host, without the tenant.
  std::string login_base_url = std::string(kDefaultLoginBaseUrl);
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{30'000};
  // A token answer is a few KiB; an error answer less.
  size_t max_response_bytes = 64 * 1024;
};

// "{login_base_url}/{tenant_id}/oauth2/v2.0/token". `tenant_id` must have
// passed core::ValidateTenantId.
std::string TokenUrl(absl::string_view login_base_url,
                     absl::string_view tenant_id);

struct TokenAnswer {
  TokenResult result;
  // When result.ok: the token's lifetime from expires_in.
  absl::Duration expires_in = absl::ZeroDuration();
};

// Sends one request (never retries: the worker owns retries) and maps the
// answer: 200 with a readable token is ok; an error answer gives its HTTP
// status, AADSTS code and Retry-After (read against `clock`); a transport
// failure gives status 0 (or the status seen) and timed_out. A 200 whose
// body is no valid token reads as status 0, no usable answer, so it is
// retried rather than taken for success. Details never hold the credential.
TokenAnswer RequestToken(http::HttpClient& client,
                         const ClientCredential& credential,
                         const TokenEndpoint& endpoint,
                         absl::string_view tenant_id,
                         const ports::Clock& clock);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_REQUEST_H_
