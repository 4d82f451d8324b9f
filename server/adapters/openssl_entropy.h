#ifndef CORDON_SERVER_ADAPTERS_OPENSSL_ENTROPY_H_
#define CORDON_SERVER_ADAPTERS_OPENSSL_ENTROPY_H_

#include "server/ports/entropy.h"

namespace cordon::adapters {

// OpenSSL's RAND_bytes (seeded by the kernel). Aborts rather than hand out
// weak bytes if the CSPRNG fails, which only happens on a broken system.
class OpenSslEntropy final : public ports::Entropy {
 public:
  std::string Bytes(size_t count) override;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_OPENSSL_ENTROPY_H_
