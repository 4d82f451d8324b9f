#ifndef CORDON_SERVER_STORE_ETCD_ETCD_TRANSACTION_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_TRANSACTION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "etcd/etcdserver/etcdserverpb/rpc.pb.h"
#include "server/store/etcd/local_row_locks.h"
#include "server/store/transaction.h"

namespace cordon::store {

class EtcdDatabase;

// An optimistic transaction on etcd (EtcdDatabase). Writes wait in memory
// until Commit, which sends them as one Txn that first compares the
// revisions of everything this transaction's decisions rest on and writes
// nothing if any moved: then ConflictError(), and store::Transact runs the
// body again. Where RocksDB makes the second of two lockers wait at its
// read, etcd lets both read and refuses the later commit.
//
// etcd has no locks, so a lock is a revision to compare plus a stamp to
// move (EtcdKeyspace's lock stamps; empty values):
// - a read for update compares the row, its exclusive stamp and its shared
//   stamp, and moves the exclusive stamp at commit (unless it writes the
//   row, which moves the row's own revision);
// - a read for share compares the row and its exclusive stamp, and moves
//   its shared stamp.
// So an updater conflicts with any updater or sharer that committed since
// its read, a sharer with any updater, and sharers never with each other,
// as with RocksDB's exclusive and shared locks, lock-only rows (never
// written) included.
//
// Within this replica the same reads also take the row's lock in
// LocalRowLocks, before reading, until Commit or the end: a second writer
// of the row waits there instead of reading what the first is about to
// change and losing at the commit.
class EtcdTransaction final : public Transaction {
 public:
  explicit EtcdTransaction(EtcdDatabase* db);
  ~EtcdTransaction() override;

  absl::StatusOr<bool> GetRawForUpdate(Family family, absl::string_view key,
                                       std::string* value) override;
  absl::StatusOr<bool> GetRawForShare(Family family, absl::string_view key,
                                      std::string* value) override;
  absl::StatusOr<bool> GetRaw(Family family, absl::string_view key,
                              std::string* value) override;
  void PutRaw(Family family, absl::string_view key,
              absl::string_view value) override;
  void Delete(Family family, absl::string_view key) override;
  absl::Status Commit() override;

 private:
  // Commit, before the local locks are released.
  absl::Status CommitTxn();
  // A key whose revision the commit compares, as first read.
  struct Remembered {
    int64_t revision = 0;  // 0: absent
    std::optional<std::string> value;
  };
  enum class Lock { kNone, kShare, kUpdate };

  // Reads the keys not yet remembered among `keys` (the row first) in one
  // call, and remembers them.
  absl::Status Remember(const std::vector<std::string>& keys);
  // The row as committed, unremembered.
  absl::StatusOr<std::optional<std::string>> ReadUnlocked(
      const std::string& etcd_key) const;
  // Reads a row as this transaction sees it, taking `lock`.
  absl::StatusOr<bool> Read(Family family, absl::string_view key,
                            std::string* value, Lock lock);
  // The Txn's writes: the rows, then the stamps the locks move.
  void AddWrites(etcdserverpb::TxnRequest* txn) const;
  // The Txn: the comparisons, the writes and, when events were appended,
  // their rows and the cursor counter moved from `cursor` (its revision
  // `cursor_revision`) past them.
  etcdserverpb::TxnRequest BuildTxn(uint64_t cursor,
                                    int64_t cursor_revision) const;
  void AddEventRows(uint64_t cursor, etcdserverpb::TxnRequest* txn) const;
  // Commits with events: the cursor counter is read, and read again when
  // only it moved before the Txn landed (another commit took cursors).
  absl::Status CommitWithEvents();
  // Whether a failed Txn failed only on the cursor counter: its failure
  // branch read the counter and every remembered row.
  bool OnlyCursorMoved(const etcdserverpb::TxnResponse& failed) const;
  // The failure branch's reads before the cursor's: the leader key's, when
  // fenced (FenceWith).
  int FencedReads() const;
  // Whether a failed fenced Txn failed because its term ended (the leader
  // key gone or created again).
  bool TermEnded(const etcdserverpb::TxnResponse& failed) const;
  // LeadershipLostError() when the term ended, else ConflictError().
  absl::Status FailureOf(const etcdserverpb::TxnResponse& failed) const;

  EtcdDatabase* const db_;
  const LocalRowLocks::Owner owner_;
  // etcd key -> the row or stamp as first read for a lock.
  std::map<std::string, Remembered> remembered_;
  // Stamps to move at commit: exclusive stamp -> the row it guards (left
  // alone when the row is written); shared stamps.
  std::map<std::string, std::string> exclusive_stamps_;
  std::set<std::string> shared_stamps_;
  // etcd key -> the value written, or nullopt for a delete.
  std::map<std::string, std::optional<std::string>> writes_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_TRANSACTION_H_
