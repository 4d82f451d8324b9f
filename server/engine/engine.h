#ifndef CORDON_SERVER_ENGINE_ENGINE_H_
#define CORDON_SERVER_ENGINE_ENGINE_H_

#include "server/engine/account_manager.h"
#include "server/engine/api_key_manager.h"
#include "server/engine/audit_log.h"
#include "server/ports/clock.h"
#include "server/ports/entropy.h"
#include "server/store/database.h"

namespace cordon::engine {

// The ports the engine talks to; main.cc passes real ones, tests and the
// simulator fakes.
struct Ports {
  const ports::Clock* clock = nullptr;
  ports::Entropy* entropy = nullptr;
};

// Every workflow of the server, wired to one database and one set of ports.
// The API layer talks to nothing else.
class Engine {
 public:
  Engine(store::Database* db, const Ports& ports)
      : audit_(db, ports.clock),
        accounts_(db, ports.clock, &audit_),
        api_keys_(db, ports.clock, &audit_, ports.entropy) {}

  AuditLog& audit() { return audit_; }
  AccountManager& accounts() { return accounts_; }
  ApiKeyManager& api_keys() { return api_keys_; }

 private:
  AuditLog audit_;
  AccountManager accounts_;
  ApiKeyManager api_keys_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ENGINE_H_
