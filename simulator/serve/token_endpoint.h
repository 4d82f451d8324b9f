#ifndef CORDON_SIMULATOR_SERVE_TOKEN_ENDPOINT_H_
#define CORDON_SIMULATOR_SERVE_TOKEN_ENDPOINT_H_

#include <memory>
#include <string>

#include "server/ports/clock.h"
#include "simulator/serve/assertion_verifier.h"
#include "simulator/serve/http_faults.h"
#include "simulator/serve/token_issuer.h"
#include "simulator/serve/wire.h"
#include "simulator/world.h"

namespace cordon::sim::serve {

// The one multi-tenant app the simulated Entra knows (consented in every
// tenant of the world), and the credentials it accepts.
struct ServedApp {
  std::string client_id;
  std::string client_secret;  // "" = no secret is accepted
  // PEM; "" = no certificate credential is accepted.
  std::string client_certificate_pem;
};

// POST /{tenant}/oauth2/v2.0/token, the client credentials grant
// (tests/contract/graph/README.md, "Token endpoint"). Checked in order,
// each with its AADSTS answer: the tenant (its id or a verified domain;
// 90002), the tenant's AADSTS fault, grant_type (70003), client_id
// (700016), scope (must end "/.default"; 1002012), then the credential: a
// client_assertion (700027 / 700024, see AssertionVerifier) or a
// client_secret (7000215), neither (7000218). Success: 200 with a token
// from the TokenIssuer bound to the tenant.
class TokenEndpoint {
 public:
  // Pointers must outlive this. `verifier` may be null (no certificate).
  TokenEndpoint(World* world, TokenIssuer* tokens, HttpFaults* faults,
                ServedApp app, std::unique_ptr<AssertionVerifier> verifier,
                const ports::Clock* clock);

  // request.captures[0] is the URL's tenant segment.
  WireAnswer Handle(WireRequest request) const;

 private:
  // "" when the world has no tenant by that id or verified domain.
  std::string ResolveTenant(const std::string& segment) const;
  WireAnswer CheckCredential(const WireRequest& request,
                             const std::string& assertion,
                             const std::string& secret, bool* ok) const;
  WireAnswer Issue(const WireRequest& request) const;

  World* const world_;
  TokenIssuer* const tokens_;
  HttpFaults* const faults_;
  const ServedApp app_;
  const std::unique_ptr<AssertionVerifier> verifier_;
  const ports::Clock* const clock_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_TOKEN_ENDPOINT_H_
