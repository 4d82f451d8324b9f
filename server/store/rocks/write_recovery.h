#ifndef CORDON_SERVER_STORE_ROCKS_WRITE_RECOVERY_H_
#define CORDON_SERVER_STORE_ROCKS_WRITE_RECOVERY_H_

#include <atomic>
#include <memory>
#include <mutex>

#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "rocksdb/listener.h"

namespace cordon::store {

// Keeps the database failing closed while the disk refuses writes, and
// brings it back when the disk accepts them again, without a restart.
//
// When a WAL write or sync fails, RocksDB answers that write with the error
// (so it is never acknowledged: DESIGN rule 4), leaves it out of the
// memtable and enters its background-error state: every later write fails,
// reads go on. Two of RocksDB's defaults do not fit a server that must heal
// by itself, deterministically:
// - An I/O error the file system does not flag as retryable (EIO from a
//   failed fsync, or the memtable side of a refused WAL write; of a flush,
//   a MANIFEST write, a compaction) is FATAL, and DB::Resume() refuses to
//   clear a fatal error: only a reopen would. The Listener rates such I/O
//   errors HARD instead, the severity RocksDB gives the same errors when
//   they are retryable, whose recovery it knows (flush every memtable onto
//   a new WAL, write a new MANIFEST). Corruption stays fatal.
// - RocksDB's own recovery runs on background timers (and an
//   SstFileManager polls free space for a full disk), which would make the
//   simulator's runs depend on wall time. It is off (the Listener and
//   max_bgerror_resume_count = 0); the next write attempt calls
//   DB::Resume() instead, and so does TryResume, which the server calls
//   on its own timer (api::StoreHealth) so health recovers without a write.
// Resume clears the error only when the disk takes the flushed memtables;
// that also retires the WAL that may hold the tail of a refused write (its
// append landed, its sync failed), so the write cannot reappear after a
// restart. The destructor resumes once more for the same reason. Thread-safe.
class WriteRecovery {
 public:
  // Turns RocksDB's own recovery off; add it to DBOptions::listeners.
  class Listener final : public rocksdb::EventListener {
   public:
    const char* Name() const override { return "CordonWriteRecovery"; }
    void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason reason,
                              rocksdb::Status bg_error,
                              bool* auto_recovery) override;
    void OnBackgroundError(rocksdb::BackgroundErrorReason reason,
                           rocksdb::Status* bg_error) override;
  };

  explicit WriteRecovery(rocksdb::DB* db) : db_(db) {}

  // Before a write: when an earlier write met a storage fault, tries to
  // resume (the write then fails as before if the disk still refuses).
  void BeforeWrite();
  // Resumes the database if it is refusing writes and the disk takes the
  // flushed memtables now; true when writes are accepted afterwards. Also
  // called periodically (api::StoreHealth), so the database recovers
  // and health turns SERVING again even when no write comes.
  bool TryResume();
  // The outcome of a write as an absl status (FromRocks), remembering a
  // storage fault for the next BeforeWrite.
  absl::Status AfterWrite(const rocksdb::Status& status);
  // True from a write's storage fault until Resume() succeeds (a write
  // gets through again only after that).
  bool refusing() const { return refusing_.load(std::memory_order_acquire); }

 private:
  rocksdb::DB* const db_;
  std::mutex resume_mu_;  // one Resume at a time
  std::atomic<bool> refusing_{false};
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_WRITE_RECOVERY_H_
