#ifndef CORDON_SERVER_PORTS_SECRET_SEALER_H_
#define CORDON_SERVER_PORTS_SECRET_SEALER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::ports {

// Encrypts secrets the server must keep readable (PSA credentials) before
// they are stored (DESIGN rule 7). `binding` is authenticated with the
// ciphertext (the account's name): a sealed secret copied to another
// account's record does not open. Thread-safe.
class SecretSealer {
 public:
  virtual ~SecretSealer() = default;
  virtual absl::StatusOr<std::string> Seal(absl::string_view plaintext,
                                           absl::string_view binding) = 0;
  // FAILED_PRECONDITION SECRET_UNREADABLE when `sealed` was not sealed by
  // this key for this binding (wrong key file, tampering, copied record).
  // The error never contains the secret.
  virtual absl::StatusOr<std::string> Open(absl::string_view sealed,
                                           absl::string_view binding) const = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_SECRET_SEALER_H_
