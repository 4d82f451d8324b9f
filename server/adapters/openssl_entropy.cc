#include "server/adapters/openssl_entropy.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace cordon::adapters {

std::string OpenSslEntropy::Bytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()),
                 static_cast<int>(count)) != 1) {
    std::fprintf(stderr, "FATAL: the system CSPRNG failed\n");
    std::abort();
  }
  return bytes;
}

}  // namespace cordon::adapters
