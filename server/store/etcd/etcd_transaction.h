#ifndef CORDON_SERVER_STORE_ETCD_ETCD_TRANSACTION_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_TRANSACTION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "etcd/etcdserver/etcdserverpb/rpc.pb.h"
#include "server/store/transaction.h"

namespace cordon::store {

class EtcdDatabase;

// An optimistic transaction on etcd (EtcdDatabase). Writes wait in memory
// until Commit. A read for update or for share remembers the revision the
// row had (0: absent); Commit sends one Txn that compares every remembered
// revision and writes everything only if all still hold. A row another
// transaction changed meanwhile makes Commit answer ConflictError(), and
// nothing is written: where RocksDB makes the second of two writers wait
// at its read, etcd lets both read and refuses the second commit, and
// store::Transact runs the loser's body again either way. Two sharers of a
// row never conflict (neither writes it); a writer of it conflicts with
// every sharer that commits after it.
class EtcdTransaction final : public Transaction {
 public:
  explicit EtcdTransaction(EtcdDatabase* db) : db_(db) {}

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
  // A row read for update or for share, as first read.
  struct Remembered {
    int64_t revision = 0;  // 0: absent
    std::optional<std::string> value;
  };

  // The row as committed: its revision and value.
  absl::StatusOr<Remembered> ReadCommitted(const std::string& etcd_key) const;
  // Reads a row as this transaction sees it; when `remember`, the row's
  // committed revision joins the commit's comparisons.
  absl::StatusOr<bool> Read(Family family, absl::string_view key,
                            std::string* value, bool remember);
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

  EtcdDatabase* const db_;
  // etcd key -> the row as first read for update or for share.
  std::map<std::string, Remembered> remembered_;
  // etcd key -> the value written, or nullopt for a delete.
  std::map<std::string, std::optional<std::string>> writes_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_TRANSACTION_H_
