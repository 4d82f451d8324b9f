#ifndef CORDON_SERVER_ENGINE_TENANCY_SECRETS_AT_REST_H_
#define CORDON_SERVER_ENGINE_TENANCY_SECRETS_AT_REST_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/ports/secret_sealer.h"
#include "server/store/database.h"

namespace cordon::engine {

// What the server checks of its stored secrets when it starts (DESIGN
// rule 7, issue 11), before it serves anything.
class SecretsAtRest {
 public:
  // `sealer` may be null (no key): both calls then do nothing.
  SecretsAtRest(store::Database* db, ports::SecretSealer* sealer)
      : db_(db), sealer_(sealer) {}

  // A data dir remembers its key by a sealed check value in
  // meta/secrets_key_check, written on its first start with a key. OK when
  // the key opens it; FAILED_PRECONDITION SECRETS_KEY_MISMATCH when not
  // (the wrong --secrets_key_file), so the server refuses to start rather
  // than fail every PSA delivery later.
  absl::Status CheckKey();

  // Seals every PSA secret still stored in clear (written before issue 11)
  // and clears the clear copy, one account per transaction. Returns how
  // many it sealed. Safe to repeat; a crash midway leaves each account
  // either clear or sealed, and the next start finishes.
  absl::StatusOr<int> SealLegacySecrets();

 private:
  store::Database* db_;
  ports::SecretSealer* sealer_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_SECRETS_AT_REST_H_
