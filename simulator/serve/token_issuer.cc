#include "simulator/serve/token_issuer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace cordon::sim::serve {

TokenIssuer::TokenIssuer(Random* random, const ports::Clock* clock,
                         absl::Duration lifetime)
    : random_(random), clock_(clock), lifetime_(lifetime) {}

std::string TokenIssuer::Issue(const std::string& tenant_id) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  // Expired tokens are dropped as new ones come, so a long run stays small;
  // a dropped token checks as kUnknown, which a client treats the same.
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = it->second.expires_at <= now ? tokens_.erase(it) : std::next(it);
  }
  const std::string token = absl::StrFormat(
      "simtok.%016x%016x", random_->NextUint64(), random_->NextUint64());
  tokens_[token] = Issued{tenant_id, now + lifetime_};
  return token;
}

TokenCheck TokenIssuer::Check(const std::string& authorization,
                              std::string* tenant_id) const {
  absl::string_view value = authorization;
  // The scheme is case-insensitive (RFC 9110).
  if (value.size() < 7 || !absl::StartsWithIgnoreCase(value, "Bearer ")) {
    return TokenCheck::kMissing;
  }
  value.remove_prefix(7);
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(std::string(value));
  if (it == tokens_.end()) return TokenCheck::kUnknown;
  if (clock_->Now() >= it->second.expires_at) return TokenCheck::kExpired;
  *tenant_id = it->second.tenant_id;
  return TokenCheck::kValid;
}

}  // namespace cordon::sim::serve
