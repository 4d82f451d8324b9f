#ifndef CORDON_TESTING_FAULT_FILE_SYSTEM_H_
#define CORDON_TESTING_FAULT_FILE_SYSTEM_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "rocksdb/file_system.h"

namespace cordon::testing {

// What the disk under a FaultFileSystem does to writes and syncs.
enum class DiskFault {
  kNone,
  // Every sync (fsync, fdatasync, range sync) fails with an I/O error, as a
  // failing device or a lost network volume answers. Appends still land in
  // the page cache, which is exactly what must not be acknowledged.
  kSyncFails,
  // Every append, and every new file, is refused with ENOSPC (RocksDB's
  // IOStatus::NoSpace, retryable like the posix file system's).
  kFull,
  // Writes and syncs of the WAL (the commit path) succeed, each after the
  // delay hook has run. Only the WAL's: RocksDB's background threads write
  // the other files at moments a simulation cannot replay.
  kSlow,
};

// A RocksDB FileSystem that passes everything through to `base` and, while a
// fault is switched on, fails or delays writes and syncs of the files it
// opened for writing (WAL, SST, MANIFEST, ...). Reads are never faulted: the
// server must keep serving them. Switch faults at run time with Set();
// thread-safe. For tests and the simulator: cordon-server never links it.
class FaultFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultFileSystem(std::shared_ptr<rocksdb::FileSystem> base =
                               rocksdb::FileSystem::Default());

  static const char* kClassName() { return "CordonFaultFileSystem"; }
  const char* Name() const override { return kClassName(); }

  void Set(DiskFault fault) { fault_.store(fault); }
  DiskFault fault() const { return fault_.load(); }
  // What kSlow runs before each WAL write or sync (a virtual clock's
  // advance in the simulator; nothing by default).
  void SetDelay(std::function<void()> delay);
  // Writes and syncs refused so far.
  int64_t refused() const { return refused_.load(); }

  // The status a write (or, `sync`, a sync) to a file (`wal`: a WAL file)
  // gets under the current fault: OK to go ahead, after the delay when slow.
  rocksdb::IOStatus Check(bool sync, bool wal);

  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(
      const std::string& name, const std::string& old_name,
      const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;

 private:
  // Opens `name` for writing with `open` and wraps the file, or refuses
  // when the disk is full.
  rocksdb::IOStatus Open(const std::string& name,
                         std::unique_ptr<rocksdb::FSWritableFile>* result,
                         const std::function<rocksdb::IOStatus()>& open);

  std::atomic<DiskFault> fault_{DiskFault::kNone};
  std::atomic<int64_t> refused_{0};
  std::mutex delay_mu_;
  std::function<void()> delay_;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTING_FAULT_FILE_SYSTEM_H_
