#ifndef CORDON_SERVER_ADAPTERS_SECRETS_KEY_FILE_H_
#define CORDON_SERVER_ADAPTERS_SECRETS_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/ports/entropy.h"

namespace cordon::adapters {

// The key that seals stored secrets (AesGcmSealer): 32 bytes, kept in
// `path` as 64 hex digits on one line. When `path` does not exist it is
// created with fresh bytes from `entropy`, mode 0600 (*created says so).
// FAILED_PRECONDITION naming `flag` and the path when the file is readable
// by group or others, is not 64 hex digits, or cannot be read or written.
// Errors never contain the key.
absl::StatusOr<std::string> LoadOrCreateSecretsKey(const std::string& path,
                                                   const std::string& flag,
                                                   ports::Entropy& entropy,
                                                   bool* created);

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_SECRETS_KEY_FILE_H_
