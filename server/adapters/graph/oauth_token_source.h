#ifndef CORDON_SERVER_ADAPTERS_GRAPH_OAUTH_TOKEN_SOURCE_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_OAUTH_TOKEN_SOURCE_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/adapters/graph/client_credential.h"
#include "server/adapters/graph/token_request.h"
#include "server/adapters/graph/token_source.h"
#include "server/adapters/http/http_client.h"
#include "server/ports/clock.h"

namespace cordon::adapters::graph {

// TokenSource over the Microsoft identity platform's client credentials
// flow. Per tenant: a token is cached until `refresh_margin` (or half its
// lifetime, if shorter) before it expires, by the Clock port; while one
// caller fetches, the tenant's other callers wait for that request and get
// its result (single-flight), and other tenants go on meanwhile. A failed
// request is returned to the callers that waited for it but not kept, so
// the next call asks again. A tenant id that is no GUID
// (core::ValidateTenantId, the check every stored organization passed; so no
// '/', '?', '#', '%' or space can change which URL is asked) fails with HTTP
// status 400 and no request is sent: it is the caller's data that is wrong,
// and no retry can fix it.
class OAuthTokenSource final : public TokenSource {
 public:
  struct Options {
    TokenEndpoint endpoint;
    absl::Duration refresh_margin = absl::Minutes(5);
    // Called whenever a caller starts waiting for another caller's request:
    // lets tests see callers queue up without sleeping.
    std::function<void()> on_caller_waiting;
    // Called after each request to the token endpoint, with its result
    // (never logged: it holds the token): the token refreshes an operator
    // counts (issue 14, cordon_graph_token_requests_total).
    std::function<void(const TokenResult&)> on_fetched;
  };

  // `client` and `clock` must outlive this.
  OAuthTokenSource(Options options,
                   std::unique_ptr<const ClientCredential> credential,
                   http::HttpClient& client, const ports::Clock& clock);
  ~OAuthTokenSource() override;

  TokenResult Token(absl::string_view tenant_id) override;
  void Invalidate(absl::string_view tenant_id,
                  absl::string_view access_token) override;

 private:
  struct Tenant {
    std::mutex mutex;
    std::condition_variable fetched;
    bool fetching = false;      // guarded by mutex
    uint64_t fetches_done = 0;  // guarded by mutex
    std::string access_token;   // guarded by mutex; "" when none
    absl::Time refresh_at;      // guarded by mutex
    TokenResult last_result;    // guarded by mutex
  };

  std::shared_ptr<Tenant> TenantFor(absl::string_view tenant_id, bool create);
  TokenResult WaitForFetch(Tenant& tenant, std::unique_lock<std::mutex>& lock);
  TokenResult FetchAndPublish(absl::string_view tenant_id, Tenant& tenant,
                              std::unique_lock<std::mutex>& lock);
  absl::Duration MarginFor(absl::Duration lifetime) const;

  const Options options_;
  const std::unique_ptr<const ClientCredential> credential_;
  http::HttpClient& client_;
  const ports::Clock& clock_;

  std::mutex tenants_mutex_;
  // Entries are never removed: a server serves a bounded set of tenants,
  // and a caller may hold an entry without the map's lock.
  absl::flat_hash_map<std::string, std::shared_ptr<Tenant>>
      tenants_;  // guarded by tenants_mutex_
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_OAUTH_TOKEN_SOURCE_H_
