#include "server/adapters/openssl_entropy.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "server/core/log.h"

namespace cordon::adapters {

std::string OpenSslEntropy::Bytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()),
                 static_cast<int>(count)) != 1) {
    core::Log(core::LogEvent(core::LogLevel::kFatal, "csprng_failed")
                  .Message("the system CSPRNG failed"));
    std::abort();
  }
  return bytes;
}

}  // namespace cordon::adapters
