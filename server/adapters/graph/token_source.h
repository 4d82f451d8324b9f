#ifndef CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_SOURCE_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_SOURCE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::adapters::graph {

// What asking for a tenant's app-only Graph token gave: the bearer token, or
// the outcome of the failed token request (its HTTP status, AADSTS code,
// timeout...) for core::ClassifyGraphOutcome, exactly as if the Graph call
// itself had failed that way.
struct TokenResult {
  bool ok = false;
  // The bearer token when ok. A credential: never log it (DESIGN rule 7).
  std::string access_token;
  // When !ok: why.
  core::GraphCallOutcome failure;
  // When !ok: a short explanation without secrets, for the record.
  std::string detail;
};

// App-only tokens per customer tenant (OAuth2 client credentials).
// Implementations cache a token until shortly before it expires and let one
// request per tenant be in flight however many callers wait for it. Thread
// safe.
class TokenSource {
 public:
  virtual ~TokenSource() = default;

  // A valid token for `tenant_id`, from the cache or fetched now.
  virtual TokenResult Token(absl::string_view tenant_id) = 0;

  // Graph refused `access_token` (401 InvalidAuthenticationToken): forget it,
  // unless a newer token replaced it already, so the next Token() call
  // fetches a new one.
  virtual void Invalidate(absl::string_view tenant_id,
                          absl::string_view access_token) = 0;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_SOURCE_H_
