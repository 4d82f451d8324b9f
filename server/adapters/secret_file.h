#ifndef CORDON_SERVER_ADAPTERS_SECRET_FILE_H_
#define CORDON_SERVER_ADAPTERS_SECRET_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace cordon::adapters {

// Client secrets and private keys are far smaller; a bigger file is the
// wrong file, and reading it whole would let a mistake grow our memory.
inline constexpr size_t kMaxSecretFileBytes = 64 * 1024;

// The content of a secret file (a client secret, a PEM private key), without
// its trailing line breaks. DESIGN rule 7: the file must belong to nobody but
// its owner, so FAILED_PRECONDITION when group or others may read or write it
// (mode & 077), and also when it is missing, not a regular file, empty, or
// over `max_bytes`. Errors name the path and the mode seen, never the
// content.
absl::StatusOr<std::string> ReadSecretFile(
    const std::string& path, size_t max_bytes = kMaxSecretFileBytes);

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_SECRET_FILE_H_
