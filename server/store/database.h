#ifndef CORDON_SERVER_STORE_DATABASE_H_
#define CORDON_SERVER_STORE_DATABASE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/utilities/transaction_db.h"
#include "server/store/family.h"

namespace cordon::store {

class Transaction;

// The on-disk schema this build reads and writes. A data dir written by a
// newer schema is refused rather than misread.
inline constexpr int kSchemaVersion = 1;

struct DatabaseOptions {
  // Sync every commit to the WAL before it is acknowledged (DESIGN rule 4).
  // Only benchmarks of the unsynced path turn this off.
  bool sync_writes = true;
  // How many ids one high-water write reserves; see IdAllocator.
  uint64_t id_block_size = 1024;
};

// The RocksDB database: one TransactionDB with a column family per Family.
// Thread-safe. Concurrent transactions lock the keys they read for update and
// commit independently, so RocksDB can group their WAL syncs.
class Database {
 public:
  // Opens or creates the database in `path`. Fails with FAILED_PRECONDITION
  // when another process holds the directory's lock or the schema version is
  // unknown.
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const std::string& path, const DatabaseOptions& options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A new read-write transaction; commit it with Transaction::Commit.
  std::unique_ptr<Transaction> Begin();

  // A new unique id (never 0, never reused, increasing within one process).
  absl::StatusOr<uint64_t> NextId();

  // Calls `visit(key, value)` for each key in `family` that starts with
  // `prefix` and sorts after `start_after` (all when empty), in key order
  // (reverse order when `reverse`), until `visit` returns false.
  absl::Status Scan(Family family, absl::string_view prefix,
                    absl::string_view start_after, bool reverse,
                    const std::function<bool(absl::string_view,
                                             absl::string_view)>& visit) const;

  // Point read outside a transaction; NotFound when absent.
  absl::StatusOr<std::string> Get(Family family, absl::string_view key) const;

  rocksdb::ColumnFamilyHandle* handle(Family family) const {
    return handles_[static_cast<int>(family) + 1];
  }
  rocksdb::TransactionDB* raw() const { return db_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  Database(rocksdb::TransactionDB* db,
           std::vector<rocksdb::ColumnFamilyHandle*> handles,
           DatabaseOptions options);
  absl::Status CheckSchema();
  absl::Status LoadIdHighWater();

  rocksdb::TransactionDB* db_;
  // handles_[0] is RocksDB's default family, unused; Family f is at f + 1.
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  const DatabaseOptions options_;

  absl::Mutex id_mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(id_mu_) = 1;
  uint64_t reserved_until_ ABSL_GUARDED_BY(id_mu_) = 1;
};

// Turns a RocksDB status into an absl one. Lock timeouts and write conflicts
// become ABORTED: a concurrent change won, the caller may retry.
absl::Status FromRocks(const rocksdb::Status& status);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_DATABASE_H_
