#ifndef CORDON_SIMULATOR_SERVE_TOKEN_ISSUER_H_
#define CORDON_SIMULATOR_SERVE_TOKEN_ISSUER_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/ports/clock.h"
#include "simulator/random.h"
#include "simulator/serve/sim_access_token.h"

namespace cordon::sim::serve {

// What a bearer token is worth for a Graph request.
enum class TokenCheck {
  kValid,
  kMissing,  // no "Authorization: Bearer ..." header
  kUnknown,  // never issued here
  kExpired,
};

// The access tokens the served token endpoint issued: JWT-shaped
// (sim_access_token.h) with a random token id (from the run's Random, so a
// run replays given its request order), each bound to one tenant and valid
// for `lifetime` by the Clock. Each tenant's tokens carry the roles its
// admin consented: every permission Cordon needs unless SetTenantRoles says
// otherwise. Thread-safe.
class TokenIssuer {
 public:
  // `random` and `clock` must outlive this.
  TokenIssuer(Random* random, const ports::Clock* clock,
              absl::Duration lifetime);

  // A token for `app_id` in `tenant_id`, with the tenant's roles.
  std::string Issue(const std::string& tenant_id, const std::string& app_id);
  // The roles `tenant_id`'s next tokens carry (tokens already issued keep
  // theirs, as Entra's do); nullopt = every permission Cordon needs again.
  void SetTenantRoles(const std::string& tenant_id,
                      absl::optional<TokenRoles> roles);
  absl::Duration lifetime() const { return lifetime_; }
  // `authorization` is the header's value ("" when absent); `tenant_id`
  // gets the token's tenant when it is valid.
  TokenCheck Check(const std::string& authorization,
                   std::string* tenant_id) const;

 private:
  struct Issued {
    std::string tenant_id;
    absl::Time expires_at;
  };

  Random* const random_;
  const ports::Clock* const clock_;
  const absl::Duration lifetime_;
  mutable std::mutex mu_;
  std::map<std::string, Issued> tokens_ ABSL_GUARDED_BY(mu_);
  // Lower-case tenant id -> roles; a tenant not listed: AllRequiredRoles().
  std::map<std::string, TokenRoles> tenant_roles_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_TOKEN_ISSUER_H_
