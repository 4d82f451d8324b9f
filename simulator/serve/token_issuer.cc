#include "simulator/serve/token_issuer.h"

#include <mutex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace cordon::sim::serve {

TokenIssuer::TokenIssuer(Random* random, const ports::Clock* clock,
                         absl::Duration lifetime)
    : random_(random), clock_(clock), lifetime_(lifetime) {}

std::string TokenIssuer::Issue(const std::string& tenant_id,
                               const std::string& app_id) {
  const absl::Time now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  // Expired tokens are dropped as new ones come, so a long run stays small;
  // a dropped token checks as kUnknown, which a client treats the same.
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = it->second.expires_at <= now ? tokens_.erase(it) : std::next(it);
  }
  SimTokenClaims claims;
  claims.tenant_id = tenant_id;
  claims.app_id = app_id;
  auto roles = tenant_roles_.find(absl::AsciiStrToLower(tenant_id));
  claims.roles =
      roles == tenant_roles_.end() ? AllRequiredRoles() : roles->second;
  claims.issued_at = now;
  claims.expires_at = now + lifetime_;
  claims.token_id = absl::StrFormat("%016x%016x", random_->NextUint64(),
                                    random_->NextUint64());
  const std::string token = EncodeSimAccessToken(claims);
  tokens_[token] = Issued{tenant_id, claims.expires_at};
  return token;
}

void TokenIssuer::SetTenantRoles(const std::string& tenant_id,
                                 absl::optional<TokenRoles> roles) {
  const std::string key = absl::AsciiStrToLower(tenant_id);
  std::lock_guard<std::mutex> lock(mu_);
  if (roles.has_value()) {
    tenant_roles_[key] = *std::move(roles);
  } else {
    tenant_roles_.erase(key);
  }
}

TokenCheck TokenIssuer::Check(const std::string& authorization,
                              std::string* tenant_id) const {
  absl::string_view value = authorization;
  // The scheme is case-insensitive (RFC 9110).
  if (value.size() < 7 || !absl::StartsWithIgnoreCase(value, "Bearer ")) {
    return TokenCheck::kMissing;
  }
  value.remove_prefix(7);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(std::string(value));
  if (it == tokens_.end()) return TokenCheck::kUnknown;
  if (clock_->Now() >= it->second.expires_at) return TokenCheck::kExpired;
  *tenant_id = it->second.tenant_id;
  return TokenCheck::kValid;
}

}  // namespace cordon::sim::serve
