#ifndef CORDON_SIMULATOR_SERVE_ADMIN_ENDPOINTS_H_
#define CORDON_SIMULATOR_SERVE_ADMIN_ENDPOINTS_H_

#include "simulator/serve/http_faults.h"
#include "simulator/serve/request_log.h"
#include "simulator/serve/token_issuer.h"
#include "simulator/serve/wire.h"
#include "simulator/world.h"

namespace cordon::sim::serve {

// The test's hands in the served world, under /_sim/ on the served port
// (docs/simulator.md): what a tenant's users and admins would do outside
// Cordon, and the request log. Bodies are JSON objects; a malformed one is
// 400 {"error": "..."} and changes nothing; an unknown tenant or user 404.
//
//   GET  /_sim/requests                 the request log
//   GET  /_sim/users/{tenant}/{upn}     a user's state (enabled, sessions,
//                                       rules)
//   POST /_sim/sign_in                  {"tenant","upn"}
//   POST /_sim/set_account_enabled      {"tenant","upn","enabled"}: a
//                                       tenant admin, outside Cordon
//   POST /_sim/set_on_prem_enabled      {"tenant","upn","enabled"}: on-prem
//                                       AD, for synced users
//   POST /_sim/inbox_rules              {"tenant","upn","rule":{...}}
//   POST /_sim/directory_sync           {"tenant"} or {} for every tenant
//   POST /_sim/tenant_aadsts            {"tenant","code"}; "" clears it
//   POST /_sim/tenant_roles             {"tenant","roles":[...]}: the roles
//                                       claim of the tenant's next tokens;
//                                       {"tenant","no_roles_claim":true}:
//                                       tokens without one (consented with
//                                       no permission); {"tenant"}: every
//                                       permission Cordon needs again
class AdminEndpoints {
 public:
  // Pointers must outlive this.
  AdminEndpoints(World* world, RequestLog* log, HttpFaults* faults,
                 TokenIssuer* tokens);

  WireAnswer Requests(const WireRequest& request) const;
  // captures: tenant, upn.
  WireAnswer User(const WireRequest& request) const;
  WireAnswer SignIn(const WireRequest& request) const;
  WireAnswer SetAccountEnabled(const WireRequest& request) const;
  WireAnswer SetOnPremEnabled(const WireRequest& request) const;
  WireAnswer AddInboxRule(const WireRequest& request) const;
  WireAnswer DirectorySync(const WireRequest& request) const;
  WireAnswer SetTenantAadsts(const WireRequest& request) const;
  WireAnswer SetTenantRoles(const WireRequest& request) const;

 private:
  World* const world_;
  RequestLog* const log_;
  HttpFaults* const faults_;
  TokenIssuer* const tokens_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_ADMIN_ENDPOINTS_H_
