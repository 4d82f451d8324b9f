#ifndef CORDON_SERVER_ENGINE_TENANCY_AUTHENTICATED_KEY_CACHE_H_
#define CORDON_SERVER_ENGINE_TENANCY_AUTHENTICATED_KEY_CACHE_H_

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "cordon/v1/api_key.pb.h"
#include "server/engine/tenancy/key_holder.h"
#include "server/store/database.h"

namespace cordon::engine {

// Tokens that authenticated lately, so the next call with the same token
// skips reading its key and its user and hashing its secret: about a fifth
// of the server's own work in a GetIdentity (docs/benchmarks.md).
//
// An entry holds only while no transaction has written an API key or a
// user since the reads it came from: Generation() is taken before those
// reads, and is nullopt from just before such a commit until its count has
// moved past it (store::Database::WriteGeneration), when the cache is
// neither read nor filled. So a revocation, a deleted user or a changed
// role is seen by every call that starts once the write is visible, as
// without the cache. Expiry is checked on every call by the caller,
// against the key kept here.
class AuthenticatedKeyCache {
 public:
  // Entries beyond this many are dropped all at once: a bound on memory,
  // not an eviction policy (a server has a few hundred keys at most).
  static constexpr size_t kMaxEntries = 4096;

  struct Entry {
    KeyHolder holder;
    cordon::v1::ApiKey key;  // for its expiry
  };

  explicit AuthenticatedKeyCache(const store::Database* db) : db_(db) {}

  // Take before the reads whose outcome Insert keeps; nullopt while an API
  // key or a user is being written.
  absl::optional<uint64_t> Generation() const;
  // The entry for key `id` when `secret` is the one it authenticated with
  // and nothing it depends on was written since.
  std::optional<Entry> Find(uint64_t id, absl::string_view secret) const;
  // Keeps an authentication of `id` with `secret` read at `generation`.
  // Nothing is kept when `generation` is nullopt.
  void Insert(uint64_t id, absl::string_view secret, Entry entry,
              absl::optional<uint64_t> generation);

 private:
  struct Kept {
    // The secret itself, compared in constant time; held in memory as the
    // token gRPC received was, never logged or shown.
    std::string secret;
    Entry entry;
    uint64_t generation = 0;
  };

  const store::Database* db_;
  mutable std::shared_mutex mu_;
  absl::flat_hash_map<uint64_t, Kept> kept_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_AUTHENTICATED_KEY_CACHE_H_
