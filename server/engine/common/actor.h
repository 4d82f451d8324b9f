#ifndef CORDON_SERVER_ENGINE_COMMON_ACTOR_H_
#define CORDON_SERVER_ENGINE_COMMON_ACTOR_H_

#include <string>

namespace cordon::engine {

// Who asked for a change, as the audit trail records it (ISO-11).
struct Actor {
  // apiKeys/{k}, or "system" for changes the server makes by itself.
  std::string principal;
  // accounts/{a}/users/{u} when the key acts as a user; else empty.
  std::string user;
  // Full gRPC method name, or the engine workflow that acted.
  std::string method;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_ACTOR_H_
