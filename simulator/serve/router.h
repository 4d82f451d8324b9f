#ifndef CORDON_SIMULATOR_SERVE_ROUTER_H_
#define CORDON_SIMULATOR_SERVE_ROUTER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "server/ports/clock.h"
#include "simulator/serve/admin_endpoints.h"
#include "simulator/serve/graph_endpoints.h"
#include "simulator/serve/http_faults.h"
#include "simulator/serve/request_log.h"
#include "simulator/serve/served_psas.h"
#include "simulator/serve/smtp_mailbox.h"
#include "simulator/serve/token_endpoint.h"
#include "simulator/serve/token_issuer.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

enum class RouteKind {
  kToken,  // the token endpoint: faults (scripted, AADSTS), logged
  kGraph,  // Graph v1.0: bearer token checked, every fault knob, logged
  kAdmin,  // /_sim/: no token, no faults, not logged
  // The served PSAs: each checks its own credentials and decides its own
  // faults (PsaDesk); scripted answers apply; logged.
  kPsa,
};

struct Route {
  std::string method;
  std::string pattern;  // ECMAScript, matched against the whole path
  RouteKind kind;
  std::function<WireAnswer(const WireRequest&)> handler;
};

// The served routes, each table in one place.
std::vector<Route> TokenRoutes(const TokenEndpoint* endpoint);
std::vector<Route> GraphRoutes(const GraphEndpoints* endpoints);
std::vector<Route> AdminRoutes(const AdminEndpoints* endpoints);
// ConnectWise, Autotask and HaloPSA, and their /_sim/psa/ knobs.
std::vector<Route> PsaRoutes(ServedPsas* psas);
// The SMTP sink's /_sim/smtp/ knobs and its received messages.
std::vector<Route> SmtpRoutes(SmtpMailbox* mailbox);

// Sends each request to its route, and around the Graph and token routes:
// the drawn latency, the bearer token check (401 InvalidAuthenticationToken
// for a missing, unknown or expired token), the fault knobs, RateLimit-*
// headers, and one request log entry. Thread-safe.
class Router {
 public:
  // Pointers must outlive this.
  Router(std::vector<Route> routes, TokenIssuer* tokens, HttpFaults* faults,
         RequestLog* log, const ports::Clock* clock);

  WireAnswer Dispatch(WireRequest request);

 private:
  struct CompiledRoute {
    Route route;
    std::regex pattern;
  };
  const CompiledRoute* Find(WireRequest& request) const;
  WireAnswer Served(const CompiledRoute& route, WireRequest& request);
  // nullopt-like: status 0 when the token is good (tenant_id set).
  WireAnswer Authenticate(WireRequest& request) const;
  WireAnswer FaultAnswer(const HttpFault& fault, const WireRequest& request,
                         bool mailbox_call) const;

  std::vector<CompiledRoute> routes_;
  TokenIssuer* const tokens_;
  HttpFaults* const faults_;
  RequestLog* const log_;
  const ports::Clock* const clock_;
  std::atomic<uint64_t> next_request_ = 1;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_ROUTER_H_
