#ifndef CORDON_SIMULATOR_SERVE_WIRE_H_
#define CORDON_SIMULATOR_SERVE_WIRE_H_

// A request and its answer as the served simulator's endpoints see them:
// plain data, so the endpoints can be read (and tested) without the HTTP
// server, which only the router and sim_server touch.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cordon::sim::serve {

struct WireRequest {
  std::string method;
  std::string path;  // percent-decoded, without the query
  // The route pattern's groups, in order (a UPN, a rule id, a tenant).
  std::vector<std::string> captures;
  std::map<std::string, std::string> query;  // decoded
  std::string body;
  std::string authorization;  // the header, "" when absent
  // Every header, names lowercased (the PSAs' clientId, ApiIntegrationCode,
  // UserName, Secret). Never logged.
  std::map<std::string, std::string> headers;
  std::string host;  // the Host header, for absolute URLs
  // Graph routes: the tenant of the caller's token. Token route: the
  // tenant the URL names, once resolved.
  std::string tenant_id;
  // Also the error bodies' request-id / trace_id: a counter, so it draws
  // nothing from the run's Random.
  std::string request_id;
};

struct WireAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // For the request log: the tenant the answer is about, and which fault
  // knob answered ("" = none).
  std::string tenant;
  std::string fault;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_WIRE_H_
