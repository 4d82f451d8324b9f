#ifndef CORDON_SERVER_STORE_ROCKS_ROCKS_DATABASE_H_
#define CORDON_SERVER_STORE_ROCKS_ROCKS_DATABASE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/utilities/transaction_db.h"
#include "server/store/database.h"
#include "server/store/family.h"
#include "server/store/rocks/event_sequencer.h"
#include "server/store/rocks/rocks_sizing.h"
#include "server/store/rocks/write_recovery.h"
#include "server/store/schema_version.h"

namespace cordon::store {

struct RocksDatabaseOptions {
  // Sync every commit to the WAL before it is acknowledged (DESIGN rule 4).
  // Only benchmarks of the unsynced path turn this off.
  bool sync_writes = true;
  // How many ids one high-water write reserves; see NextId.
  uint64_t id_block_size = 1024;
  // How long a read for update waits for another transaction's lock before
  // it ends in ConflictError() (and store::Transact runs the body again).
  int64_t lock_timeout_ms = 2000;
  // The file system the database reads and writes through; nullptr for the
  // machine's. Tests and the simulator pass a testing::FaultFileSystem to
  // fail, fill or slow the disk at run time.
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // Background compaction. A TransactionDB opens with it off and then
  // switches it on family by family, rewriting and re-reading the OPTIONS
  // file each time: about half of what a short simulation costs (each swarm
  // seed opens the database at least once). The simulator, whose data lives
  // minutes in memory, turns it off; cordon-server never does.
  bool auto_compaction = true;
  // Memory and write-ahead log bounds (rocks_sizing.h).
  RocksSizing sizing;
};

// The embedded backend: one RocksDB TransactionDB with a column family per
// Family. Concurrent transactions lock the keys they read for update and
// commit independently, so RocksDB can group their WAL syncs.
class RocksDatabase final : public Database {
 public:
  // Opens or creates the database in `path`. Fails with FAILED_PRECONDITION
  // when another process holds the directory's lock or the schema version is
  // unknown.
  static absl::StatusOr<std::unique_ptr<RocksDatabase>> Open(
      const std::string& path, const RocksDatabaseOptions& options = {});

  ~RocksDatabase() override;
  RocksDatabase(const RocksDatabase&) = delete;
  RocksDatabase& operator=(const RocksDatabase&) = delete;

  std::unique_ptr<Transaction> Begin() override;
  absl::StatusOr<uint64_t> NextId() override;
  absl::Status Scan(
      Family family, absl::string_view prefix, absl::string_view start_after,
      bool reverse,
      const std::function<bool(absl::string_view, absl::string_view)>& visit)
      const override;
  absl::StatusOr<std::string> Get(Family family,
                                  absl::string_view key) const override;
  int64_t EventHead() const override { return sequencer_->Head(); }
  void SetEventListener(std::function<void(int64_t)> listener) override {
    sequencer_->SetListener(std::move(listener));
  }

  // For RocksTransaction and for benchmarks that compact; not for the engine.
  rocksdb::ColumnFamilyHandle* handle(Family family) const {
    return handles_[static_cast<int>(family) + 1];
  }
  rocksdb::TransactionDB* raw() const { return db_; }
  // For RocksTransaction: the cursors of a commit's events.
  EventSequencer& sequencer() { return *sequencer_; }
  // For RocksTransaction: fail closed on a storage fault, recover after it.
  WriteRecovery& recovery() { return *recovery_; }
  // True while the disk refuses writes (from a refused write until the
  // database resumes); reads are served meanwhile.
  bool RefusingWrites() const override { return recovery_->refusing(); }
  bool TryResumeWrites() override { return recovery_->TryResume(); }
  absl::optional<uint64_t> WriteGeneration(Family family) const override;
  // For RocksTransaction, around each commit it attempts: bit f of
  // `families` set for each Family f the transaction wrote.
  void NoteCommitting(uint32_t families);
  void NoteCommitted(uint32_t families);
  // A RocksDB checkpoint (rocks_checkpoint.cc) after a flush of every
  // memtable: table files hard-linked when `dir` is on the data dir's file
  // system (copied otherwise); the MANIFEST, OPTIONS and what is left of the
  // write-ahead log copied.
  absl::StatusOr<CheckpointFiles> Checkpoint(
      const std::string& dir,
      const std::function<absl::Status(const CheckpointFiles&)>& confirm)
      override;

 private:
  RocksDatabase(std::unique_ptr<rocksdb::Env> env, rocksdb::TransactionDB* db,
                std::vector<rocksdb::ColumnFamilyHandle*> handles,
                RocksDatabaseOptions options);
  // At a clean close: flushes the memtables when they hold much, so the next
  // start does not replay it from the WAL.
  void FlushLargeMemtables();
  // Checkpoint's first step, a write of the data dir: a disk that refuses
  // it is the store's storage fault (STORAGE_UNAVAILABLE, WriteRecovery),
  // not the backup's.
  absl::Status FlushForCheckpoint();
  absl::Status CheckSchema();
  absl::Status LoadIdHighWater();
  absl::Status StartEventSequencer();
  // A high-water mark in the meta family (0 when absent), and its synced
  // write: what keeps ids and cursors unique across restarts.
  absl::StatusOr<uint64_t> ReadHighWater(absl::string_view key) const;
  absl::Status WriteHighWater(absl::string_view key, uint64_t value);

  // The Env over options_.file_system (nullptr for the default); outlives
  // db_.
  std::unique_ptr<rocksdb::Env> env_;
  rocksdb::TransactionDB* db_;
  std::unique_ptr<WriteRecovery> recovery_;
  // handles_[0] is RocksDB's default family, unused; Family f is at f + 1.
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  const RocksDatabaseOptions options_;

  std::mutex id_mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(id_mu_) = 1;
  uint64_t reserved_until_ ABSL_GUARDED_BY(id_mu_) = 1;
  std::unique_ptr<EventSequencer> sequencer_;
  std::array<std::atomic<uint64_t>, static_cast<int>(Family::kCount)>
      write_generations_{};
  // Per family, the commits under way between NoteCommitting and
  // NoteCommitted.
  std::array<std::atomic<int64_t>, static_cast<int>(Family::kCount)>
      commits_in_flight_{};
  // One checkpoint at a time: two of one name would share a hidden copy.
  std::mutex checkpoint_mu_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_ROCKS_DATABASE_H_
