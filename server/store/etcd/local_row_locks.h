#ifndef CORDON_SERVER_STORE_ETCD_LOCAL_ROW_LOCKS_H_
#define CORDON_SERVER_STORE_ETCD_LOCAL_ROW_LOCKS_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"

namespace cordon::store {

// The row locks of one replica's etcd transactions (EtcdTransaction), held
// in this process only. etcd's optimistic commit alone lets every writer
// of a row read it and refuses all but the first commit, so a burst of a
// hundred writers on one row (a hundred sends for one identity) spends
// most of its time running bodies that cannot commit, and some writers
// use up store::Transact's attempts. With these locks the writers of one
// replica queue at their read, as RocksDB's do, and only writers on other
// replicas still meet at the commit.
//
// Exclusive and shared, as Transaction's reads for update and for share. A
// holder asking again for the same or a weaker lock has it; a sole sharer
// may take the exclusive lock. A request that would wait on an owner that
// waits (through others) on it is a deadlock: it is refused at once with
// ConflictError(), its transaction ends and store::Transact runs it again.
// A wait longer than `max_wait` is refused the same way, in case an owner
// waits on something this table does not see.
//
// Not fair: waiters are woken together and the first to run wins, and a
// new sharer is granted while an exclusive request waits for the others,
// so a steady stream of sharers can hold off an update until its bound.
// RocksDB's locks are not fair either. Only reads take these locks; a
// write with no locked read before it takes none, where RocksDB's Put
// would lock.
class LocalRowLocks {
 public:
  // One transaction; 0 is never handed out.
  using Owner = uint64_t;
  enum class Mode { kShared, kExclusive };

  explicit LocalRowLocks(std::chrono::milliseconds max_wait)
      : max_wait_(max_wait) {}

  Owner NewOwner();
  // Grants `owner` the `mode` lock on `key`, waiting while other owners
  // hold it in a mode that excludes it.
  absl::Status Acquire(Owner owner, const std::string& key, Mode mode);
  // Releases every lock of `owner`; nothing when it holds none.
  void ReleaseAll(Owner owner);

  // For tests: whether `owner` is waiting for a lock.
  bool IsWaiting(Owner owner) const;

 private:
  struct Row {
    Owner exclusive = 0;
    std::set<Owner> sharers;
  };
  // What a waiting owner asked for.
  struct Request {
    std::string key;
    Mode mode;
  };
  // The owners keeping `owner` from `request`, as the rows stand now.
  std::set<Owner> BlockersOf(Owner owner, const Request& request) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Whether an owner in `from` waits, directly or through others, on
  // `owner`. Each waiter's blockers are worked out afresh: a sharer
  // granted after a waiter began to wait blocks it too.
  bool WaitsOn(const std::set<Owner>& from, Owner owner) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Grant(Owner owner, const std::string& key, Mode mode)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::chrono::milliseconds max_wait_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  Owner last_owner_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, Row> rows_ ABSL_GUARDED_BY(mu_);
  // Owner -> the keys it holds locks on.
  std::map<Owner, std::vector<std::string>> held_ ABSL_GUARDED_BY(mu_);
  // Owner -> what it waits for, while it waits.
  std::map<Owner, Request> waiting_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_LOCAL_ROW_LOCKS_H_
