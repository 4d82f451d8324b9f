#ifndef CORDON_SIMULATOR_SERVE_SIM_ACCESS_TOKEN_H_
#define CORDON_SIMULATOR_SERVE_SIM_ACCESS_TOKEN_H_

// The served token endpoint's access tokens, shaped like Entra's app-only
// Graph tokens: a JWT (RFC 7519), header.payload.signature in base64url
// without padding, so that a client reading the claims (CheckM365Access reads
// `roles`) reads them as it would Entra's. A stand-in: the signature is an
// HMAC-SHA256 (HS256) with a fixed key published here, not Entra's RS256
// with a published signing key; nobody may verify it as proof of anything.
// The simulator knows its tokens by the whole string (TokenIssuer), never
// by checking the signature.

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace cordon::sim::serve {

// The fixed, public HS256 key of the stand-in signature.
inline constexpr char kSimTokenSigningKey[] = "cordon-sim-token-not-a-secret";

// Graph's resource: the `aud` of every token.
inline constexpr char kGraphAudience[] = "https://graph.microsoft.com";

// The `roles` claim: the application permissions the tenant's admin
// consented. An app consented without any permission gets a token without
// the claim at all (claim = false), not an empty array.
struct TokenRoles {
  bool claim = true;
  std::vector<std::string> roles;
};

// Every permission Cordon asks for (core::RequiredM365Permissions()): what a
// tenant of the simulated world consented unless a test says otherwise.
TokenRoles AllRequiredRoles();

struct SimTokenClaims {
  std::string tenant_id;  // tid, and the issuer's tenant
  std::string app_id;     // appid: the client id the token was issued to
  TokenRoles roles;
  absl::Time issued_at;   // iat and nbf
  absl::Time expires_at;  // exp
  std::string token_id;   // uti: makes every token distinct
};

// header {"alg":"HS256","typ":"JWT"}; payload aud, iss
// (https://sts.windows.net/{tid}/), iat, nbf, exp, appid, tid, uti, ver
// "1.0", idtyp "app" and roles (unless !roles.claim); seconds since the
// epoch.
std::string EncodeSimAccessToken(const SimTokenClaims& claims);

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SIM_ACCESS_TOKEN_H_
