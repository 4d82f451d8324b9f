#include "server/engine/tenancy/authenticated_key_cache.h"

#include <openssl/crypto.h>

#include <mutex>
#include <utility>

namespace cordon::engine {

absl::optional<uint64_t> AuthenticatedKeyCache::Generation() const {
  const absl::optional<uint64_t> keys =
      db_->WriteGeneration(store::Family::kApiKeys);
  const absl::optional<uint64_t> users =
      db_->WriteGeneration(store::Family::kUsers);
  if (!keys || !users) return absl::nullopt;
  // Both only grow, so their sum moves whenever either does.
  return *keys + *users;
}

std::optional<AuthenticatedKeyCache::Entry> AuthenticatedKeyCache::Find(
    uint64_t id, absl::string_view secret) const {
  const absl::optional<uint64_t> now = Generation();
  if (!now) return std::nullopt;
  std::shared_lock<std::shared_mutex> read(mu_);
  auto found = kept_.find(id);
  if (found == kept_.end()) return std::nullopt;
  const Kept& kept = found->second;
  if (kept.generation != *now || kept.secret.size() != secret.size() ||
      CRYPTO_memcmp(kept.secret.data(), secret.data(), secret.size()) != 0) {
    return std::nullopt;
  }
  return kept.entry;
}

void AuthenticatedKeyCache::Insert(uint64_t id, absl::string_view secret,
                                   Entry entry,
                                   absl::optional<uint64_t> generation) {
  if (!generation) return;  // read while a key or user was being written
  std::unique_lock<std::shared_mutex> write(mu_);
  if (kept_.size() >= kMaxEntries && !kept_.contains(id)) kept_.clear();
  Kept& kept = kept_[id];
  kept.secret.assign(secret.data(), secret.size());
  kept.entry = std::move(entry);
  kept.generation = *generation;
}

}  // namespace cordon::engine
