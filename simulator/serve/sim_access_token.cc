#include "simulator/serve/sim_access_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/core/isolation/m365_access.h"

namespace cordon::sim::serve {
namespace {

// base64url without padding, as JWS wants (RFC 7515 section 2).
std::string Base64Url(const std::string& bytes) {
  return absl::WebSafeBase64Escape(bytes);
}

std::string HmacSha256(const std::string& signing_input) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSimTokenSigningKey,
       static_cast<int>(std::strlen(kSimTokenSigningKey)),
       reinterpret_cast<const unsigned char*>(signing_input.data()),
       signing_input.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

TokenRoles AllRequiredRoles() {
  TokenRoles all;
  for (const core::RequiredPermission& permission :
       core::RequiredM365Permissions()) {
    all.roles.emplace_back(permission.name);
  }
  return all;
}

std::string EncodeSimAccessToken(const SimTokenClaims& claims) {
  const nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  nlohmann::json payload = {
      {"aud", kGraphAudience},
      {"iss", absl::StrCat("https://sts.windows.net/", claims.tenant_id, "/")},
      {"iat", absl::ToUnixSeconds(claims.issued_at)},
      {"nbf", absl::ToUnixSeconds(claims.issued_at)},
      {"exp", absl::ToUnixSeconds(claims.expires_at)},
      {"appid", claims.app_id},
      {"idtyp", "app"},
      {"tid", claims.tenant_id},
      {"uti", claims.token_id},
      {"ver", "1.0"}};
  if (claims.roles.claim) payload["roles"] = claims.roles.roles;
  const std::string signing_input =
      absl::StrCat(Base64Url(header.dump()), ".", Base64Url(payload.dump()));
  return absl::StrCat(signing_input, ".", Base64Url(HmacSha256(signing_input)));
}

}  // namespace cordon::sim::serve
