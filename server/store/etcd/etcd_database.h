#ifndef CORDON_SERVER_STORE_ETCD_ETCD_DATABASE_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_DATABASE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "server/store/database.h"
#include "server/store/etcd/etcd_client.h"
#include "server/store/etcd/etcd_keyspace.h"
#include "server/store/etcd/etcd_watch.h"
#include "server/store/etcd/local_row_locks.h"

namespace cordon::store {

struct EtcdDatabaseOptions {
  EtcdClientOptions client;
  // Every key Cordon writes starts with it (EtcdKeyspace).
  std::string root = "cordon/";
  // How many ids one high-water write reserves; see NextId.
  uint64_t id_block_size = 1024;
  // How long a transaction waits for a row lock another transaction of
  // this replica holds (LocalRowLocks) before it gives up with a conflict:
  // half of store::Transact's budget, so one more attempt fits after it.
  // A hundred writers on one row drained in 1-3 s on a 2-core machine.
  std::chrono::milliseconds local_lock_wait{5'000};
};

// The distributed backend (issue 15): every row in an etcd v3 cluster,
// which replicates it with Raft, so any number of cordon-server replicas
// share one state and the loss of a minority of the cluster's members
// loses nothing acknowledged. docs/scale-out.md has the cluster settings.
//
// Transactions are optimistic (EtcdTransaction): a read for update or for
// share remembers the row's revision, and the commit is one etcd Txn that
// writes only if none of those rows changed since, else ConflictError()
// and store::Transact runs the body again. The transactions of one replica
// also lock the rows they read for update or share in this process
// (LocalRowLocks), so they queue as on RocksDB and only replicas race at
// the commit. A committed Txn is durable on a
// quorum before Commit returns (DESIGN rule 4).
//
// The event log's cursors come from one counter row in the meta family,
// advanced in the same Txn as the events, so cursors follow commit order
// across every replica. Ids are reserved in blocks through a high-water
// row the same way. WriteGeneration has no value: another replica's
// commit is not seen here, so nothing may be cached on it.
class EtcdDatabase final : public Database {
 public:
  // Connects and checks (or, on an empty cluster, writes) the schema
  // version: FAILED_PRECONDITION for a version this build does not know,
  // UNAVAILABLE when the cluster cannot be reached.
  static absl::StatusOr<std::unique_ptr<EtcdDatabase>> Open(
      EtcdDatabaseOptions options);

  std::unique_ptr<Transaction> Begin() override;
  absl::StatusOr<uint64_t> NextId() override;
  absl::Status Scan(
      Family family, absl::string_view prefix, absl::string_view start_after,
      bool reverse,
      const std::function<bool(absl::string_view, absl::string_view)>& visit)
      const override;
  absl::StatusOr<std::string> Get(Family family,
                                  absl::string_view key) const override;
  // The last cursor committed as far as this replica knows: its own
  // commits, a Watch of the cursor row (the other replicas' commits) and
  // every read of that row move it. While the Watch is down, each call
  // reads the row.
  int64_t EventHead() const override;
  // Reads the cursor row.
  int64_t ConfirmedEventHead() const override;
  // Called on the commits of every replica (through the Watch).
  void SetEventListener(std::function<void(int64_t)> listener) override;
  // An etcd Watch of the family's keys (EtcdWatch).
  std::unique_ptr<ChangeFeed> FollowChanges(Family family,
                                            OnChange on_change) override;
  absl::optional<uint64_t> WriteGeneration(Family) const override {
    return absl::nullopt;
  }

  // For EtcdTransaction.
  const EtcdClient& client() const { return client_; }
  const EtcdKeyspace& keys() const { return keys_; }
  LocalRowLocks& row_locks() { return row_locks_; }
  // The etcd key of the event cursor counter.
  const std::string& cursor_key() const { return cursor_key_; }
  // The etcd key whose create revision is the current leader term
  // (store/leadership.h; EtcdLeadership writes it).
  const std::string& leader_key() const { return leader_key_; }
  // A counter row (decimal text) in the meta family: its value and mod
  // revision, both 0 when absent.
  struct Counter {
    uint64_t value = 0;
    int64_t revision = 0;
    // The cluster's revision when it was read.
    int64_t read_at = 0;
  };
  absl::StatusOr<Counter> ReadCounter(const std::string& key) const;
  // The event cursor counter: the last cursor handed out (1 before any).
  absl::StatusOr<Counter> ReadEventCursor() const;
  // Moves the head to `cursor` (when it is past it) and tells the
  // listener.
  void NoteEventHead(uint64_t cursor) const;

 private:
  explicit EtcdDatabase(EtcdDatabaseOptions options);
  absl::Status CheckSchema();
  // Starts cursor_watch_, from `from_revision` on.
  void FollowEventCursor(int64_t from_revision);
  // Writes `value` at `key` when its revision is still `expected`; false
  // when it moved.
  absl::StatusOr<bool> SwapCounter(const std::string& key, int64_t expected,
                                   uint64_t value);

  const EtcdDatabaseOptions options_;
  EtcdClient client_;
  EtcdKeyspace keys_;
  LocalRowLocks row_locks_;
  const std::string id_key_;
  const std::string cursor_key_;
  const std::string leader_key_;

  std::mutex id_mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(id_mu_) = 1;
  uint64_t reserved_until_ ABSL_GUARDED_BY(id_mu_) = 1;

  mutable std::atomic<uint64_t> head_{0};
  mutable std::mutex listener_mu_;
  std::function<void(int64_t)> listener_;
  // Follows the event cursor row from Open on; last, so that it stops
  // before anything it calls is destroyed.
  std::unique_ptr<EtcdWatch> cursor_watch_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_DATABASE_H_
