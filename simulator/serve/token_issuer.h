#ifndef CORDON_SIMULATOR_SERVE_TOKEN_ISSUER_H_
#define CORDON_SIMULATOR_SERVE_TOKEN_ISSUER_H_

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/ports/clock.h"
#include "simulator/random.h"

namespace cordon::sim::serve {

// What a bearer token is worth for a Graph request.
enum class TokenCheck {
  kValid,
  kMissing,  // no "Authorization: Bearer ..." header
  kUnknown,  // never issued here
  kExpired,
};

// The access tokens the served token endpoint issued: opaque random strings
// (from the run's Random, so a run replays given its request order), each
// bound to one tenant and valid for `lifetime` by the Clock. Thread-safe.
class TokenIssuer {
 public:
  // `random` and `clock` must outlive this.
  TokenIssuer(Random* random, const ports::Clock* clock,
              absl::Duration lifetime);

  std::string Issue(const std::string& tenant_id);
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
  mutable absl::Mutex mu_;
  std::map<std::string, Issued> tokens_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_TOKEN_ISSUER_H_
