#ifndef CORDON_SERVER_CORE_FINGERPRINT_H_
#define CORDON_SERVER_CORE_FINGERPRINT_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace cordon::core {

// FNV-1a, 64 bit: a fingerprint of bytes that is stable across builds and
// platforms (std::hash is neither). Use it where a short, stable name for
// content helps: etags, request fingerprints, spool file names, the
// simulator's event-log hash. It is NOT for security: anyone can make two
// inputs collide on purpose, so never use it to authenticate or to decide
// who may do what (page tokens use HMAC-SHA256, API keys SHA-256).
inline constexpr uint64_t kFingerprintSeed = 0xcbf29ce484222325ULL;

// The fingerprint of `bytes`, continuing from `seed` (the fingerprint of
// what came before), so a sequence can be fingerprinted piece by piece.
constexpr uint64_t Fingerprint(absl::string_view bytes,
                               uint64_t seed = kFingerprintSeed) {
  uint64_t hash = seed;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_FINGERPRINT_H_
