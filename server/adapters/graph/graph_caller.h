#ifndef CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_CALLER_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_CALLER_H_

// One authenticated Graph request: the tenant's token, the headers every
// call carries, the exchange, and its outcome. Never retries (ISO-11: the
// outbox worker owns retries).

#include <chrono>
#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "server/adapters/graph/token_source.h"
#include "server/adapters/http/http_client.h"
#include "server/core/isolation/graph_error.h"
#include "server/ports/clock.h"

namespace cordon::adapters::graph {

// Bounds of every call (DESIGN rule 6), from --graph_timeout.
struct GraphCallLimits {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{30'000};
  // Graph's answers to these calls are kilobytes; the JSON mappers refuse
  // more than 4 MiB anyway.
  size_t max_response_bytes = 4 * 1024 * 1024;
};

enum class CallPriority {
  kNormal,
  // Lock-out first: a containment call asks Graph to throttle it last
  // (x-ms-throttle-priority: high).
  kContainment,
};

struct GraphAnswer {
  core::GraphCallOutcome outcome;
  // The response body when the call succeeded (2xx); "" otherwise.
  std::string body;
};

class GraphCaller {
 public:
  // None of the pointers is owned; all must outlive the caller.
  GraphCaller(http::HttpClient* http, TokenSource* tokens,
              const ports::Clock* clock, GraphCallLimits limits);

  // Sends `body` (JSON, when not empty) to `url` with the tenant's token. A
  // failed token request is answered with its outcome unchanged, and nothing
  // is sent. A 401 InvalidAuthenticationToken makes the token source forget
  // the token, so the worker's next attempt gets a new one. Thread-safe.
  GraphAnswer Call(absl::string_view tenant_id, http::HttpMethod method,
                   std::string url, std::string body,
                   CallPriority priority) const;

 private:
  http::HttpRequest BuildRequest(http::HttpMethod method, std::string url,
                                 std::string body, CallPriority priority,
                                 absl::string_view access_token) const;

  http::HttpClient* http_;
  TokenSource* tokens_;
  const ports::Clock* clock_;
  GraphCallLimits limits_;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_CALLER_H_
