#include "server/store/etcd/local_row_locks.h"

#include <vector>

#include "server/store/conflict.h"

namespace cordon::store {

LocalRowLocks::Owner LocalRowLocks::NewOwner() {
  std::lock_guard<std::mutex> lock(mu_);
  return ++last_owner_;
}

std::set<LocalRowLocks::Owner> LocalRowLocks::BlockersOf(
    Owner owner, const Request& request) const {
  std::set<Owner> blockers;
  auto found = rows_.find(request.key);
  if (found == rows_.end()) return blockers;
  const Row& row = found->second;
  if (row.exclusive != 0 && row.exclusive != owner) {
    blockers.insert(row.exclusive);
  }
  if (request.mode == Mode::kExclusive) {
    for (Owner sharer : row.sharers) {
      if (sharer != owner) blockers.insert(sharer);
    }
  }
  return blockers;
}

bool LocalRowLocks::WaitsOn(const std::set<Owner>& from, Owner owner) const {
  std::vector<Owner> pending(from.begin(), from.end());
  std::set<Owner> visited;
  while (!pending.empty()) {
    const Owner next = pending.back();
    pending.pop_back();
    if (next == owner) return true;
    if (!visited.insert(next).second) continue;
    auto waits = waiting_.find(next);
    if (waits == waiting_.end()) continue;
    const std::set<Owner> blockers = BlockersOf(next, waits->second);
    pending.insert(pending.end(), blockers.begin(), blockers.end());
  }
  return false;
}

void LocalRowLocks::Grant(Owner owner, const std::string& key, Mode mode) {
  Row& row = rows_[key];
  const bool held = row.exclusive == owner || row.sharers.contains(owner);
  if (mode == Mode::kExclusive) {
    row.exclusive = owner;
  } else if (row.exclusive != owner) {
    row.sharers.insert(owner);
  }
  if (!held) held_[owner].push_back(key);
}

absl::Status LocalRowLocks::Acquire(Owner owner, const std::string& key,
                                    Mode mode) {
  std::unique_lock<std::mutex> lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + max_wait_;
  const Request request{key, mode};
  for (;;) {
    const std::set<Owner> blockers = BlockersOf(owner, request);
    if (blockers.empty()) {
      waiting_.erase(owner);
      Grant(owner, key, mode);
      return absl::OkStatus();
    }
    // Checked on every wake: the blockers may have changed meanwhile.
    if (WaitsOn(blockers, owner)) break;
    waiting_.insert_or_assign(owner, request);
    if (released_.wait_until(lock, deadline) == std::cv_status::timeout) {
      break;
    }
  }
  waiting_.erase(owner);
  return ConflictError();
}

void LocalRowLocks::ReleaseAll(Owner owner) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto held = held_.find(owner);
    if (held == held_.end()) return;
    for (const std::string& key : held->second) {
      auto row = rows_.find(key);
      if (row->second.exclusive == owner) row->second.exclusive = 0;
      row->second.sharers.erase(owner);
      if (row->second.exclusive == 0 && row->second.sharers.empty()) {
        rows_.erase(row);
      }
    }
    held_.erase(held);
  }
  released_.notify_all();
}

bool LocalRowLocks::IsWaiting(Owner owner) const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.contains(owner);
}

}  // namespace cordon::store
