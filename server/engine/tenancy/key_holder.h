#ifndef CORDON_SERVER_ENGINE_TENANCY_KEY_HOLDER_H_
#define CORDON_SERVER_ENGINE_TENANCY_KEY_HOLDER_H_

#include <cstdint>
#include <string>

#include "cordon/v1/api_key.pb.h"

namespace cordon::engine {

// Who a valid bearer token speaks for. Read at the first call with the token
// and again after any write to an API key or a user (AuthenticatedKeyCache),
// so that a revoked key, a deleted user or a changed role takes effect at
// once.
struct KeyHolder {
  std::string key_name;  // apiKeys/{k}
  cordon::v1::Role role = cordon::v1::ROLE_UNSPECIFIED;
  uint64_t account = 0;       // 0 for provider keys
  uint64_t organization = 0;  // ORGANIZATION_USER and AGENT only
  std::string user;           // accounts/{a}/users/{u}, or empty
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_KEY_HOLDER_H_
