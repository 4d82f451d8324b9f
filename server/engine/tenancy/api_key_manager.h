#ifndef CORDON_SERVER_ENGINE_TENANCY_API_KEY_MANAGER_H_
#define CORDON_SERVER_ENGINE_TENANCY_API_KEY_MANAGER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/api_key.pb.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/engine/tenancy/authenticated_key_cache.h"
#include "server/engine/tenancy/key_holder.h"
#include "server/ports/clock.h"
#include "server/ports/entropy.h"
#include "server/store/database.h"

namespace cordon::engine {

// API keys: bearer tokens "cordon_<id>_<secret>". Only the SHA-256 of the
// secret is stored; the secret is 256 random bits, so a fast hash is enough
// (no password-style stretching needed).
class ApiKeyManager {
 public:
  ApiKeyManager(store::Database* db, const ports::Clock* clock, AuditLog* audit,
                ports::Entropy* entropy)
      : db_(db),
        clock_(clock),
        audit_(audit),
        entropy_(entropy),
        authenticated_(db) {}

  absl::StatusOr<cordon::store::CreatedApiKey> Create(
      const Actor& actor, const cordon::v1::ApiKey& key,
      const IdempotentCall& call);

  struct ListQuery {
    absl::optional<uint64_t> account;  // only keys of this account
    absl::optional<cordon::v1::ApiKey::State> state;
    bool provider_keys_only = false;
  };
  absl::StatusOr<Page<cordon::v1::ApiKey>> List(const ListQuery& query,
                                                const PageRequest& page) const;
  absl::StatusOr<cordon::v1::ApiKey> Get(uint64_t key) const;
  absl::StatusOr<cordon::v1::ApiKey> Revoke(const Actor& actor, uint64_t key);

  // Revokes every key of `user` inside `txn` (the user is being deleted).
  absl::Status RevokeKeysOfUser(store::Transaction& txn, uint64_t account,
                                uint64_t user);

  // UNAUTHENTICATED unless `token` is an active key's token: reason
  // INVALID_API_KEY, or API_KEY_EXPIRED past the key's expire_time.
  absl::StatusOr<KeyHolder> Authenticate(absl::string_view token) const;

  // On a store that never had one: creates the SOC_ANALYST bootstrap key
  // and hands its token to `deliver` before committing, so a crash leaves
  // either no key or a key whose token was delivered. When another server
  // sharing the store commits its own first (replicas starting together
  // on etcd), `withdraw()` is told the delivered token will never be
  // valid, and that server's key stands. Returns whether a key was
  // created here.
  absl::StatusOr<bool> CreateBootstrapKeyOnce(
      const std::function<absl::Status(const std::string& token)>& deliver,
      const std::function<void()>& withdraw);

  // Stores `key` (name, state and create time assigned here) with a new
  // secret, audited in the key's account, inside `txn`; the response holds
  // the token. For callers that checked `key` (AgentKeyManager).
  absl::StatusOr<cordon::store::CreatedApiKey> Insert(store::Transaction& txn,
                                                      const Actor& actor,
                                                      cordon::v1::ApiKey key);

 private:
  // Who `key` (active, unexpired) speaks for: its user's current role.
  absl::StatusOr<KeyHolder> HolderOf(const cordon::v1::ApiKey& key) const;

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  ports::Entropy* entropy_;
  mutable AuthenticatedKeyCache authenticated_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_API_KEY_MANAGER_H_
