#ifndef CORDON_SERVER_API_PRINCIPAL_H_
#define CORDON_SERVER_API_PRINCIPAL_H_

#include "server/engine/common/actor.h"
#include "server/engine/tenancy/api_key_manager.h"

namespace cordon::api {

// The authenticated caller of one RPC.
struct Principal {
  engine::KeyHolder key;
  // The same caller as the audit trail names it, with the method called.
  engine::Actor actor;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_PRINCIPAL_H_
