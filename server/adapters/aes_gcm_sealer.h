#ifndef CORDON_SERVER_ADAPTERS_AES_GCM_SEALER_H_
#define CORDON_SERVER_ADAPTERS_AES_GCM_SEALER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/ports/entropy.h"
#include "server/ports/secret_sealer.h"

namespace cordon::adapters {

inline constexpr size_t kSecretsKeyBytes = 32;

// AES-256-GCM (OpenSSL EVP) under one 32-byte key. A sealed secret is
//   format (1 byte, 1) | key id (1 byte) | nonce (12) | ciphertext | tag (16)
// and the associated data is a fixed label, the first two bytes and the
// binding (the account name). The key id lets a later server hold several
// keys and re-seal under a new one (rotation); today there is one key,
// id 1. Nonces come from `nonces`: OpenSSL's CSPRNG in the server, the
// seeded generator in the simulator (DESIGN rule 3). With random 96-bit
// nonces one key may seal about 2^32 secrets; PSA credentials are rewritten
// by hand, far below that.
class AesGcmSealer final : public ports::SecretSealer {
 public:
  // INVALID_ARGUMENT unless `key` has kSecretsKeyBytes bytes. `nonces` is
  // not owned.
  static absl::StatusOr<std::unique_ptr<AesGcmSealer>> Create(
      std::string key, ports::Entropy* nonces, uint8_t key_id = 1);

  absl::StatusOr<std::string> Seal(absl::string_view plaintext,
                                   absl::string_view binding) override;
  absl::StatusOr<std::string> Open(absl::string_view sealed,
                                   absl::string_view binding) const override;

 private:
  AesGcmSealer(std::string key, ports::Entropy* nonces, uint8_t key_id)
      : key_(std::move(key)), nonces_(nonces), key_id_(key_id) {}

  const std::string key_;
  ports::Entropy* const nonces_;
  const uint8_t key_id_;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_AES_GCM_SEALER_H_
