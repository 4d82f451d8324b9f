#include "testing/fault_file_system.h"

#include <utility>

#include "absl/strings/match.h"

namespace cordon::testing {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

namespace fault_file_system {

// A file open for writing whose appends and syncs ask the file system first.
class FaultWritableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultWritableFile(std::unique_ptr<rocksdb::FSWritableFile> file,
                    FaultFileSystem* fs, bool wal)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs), wal_(wal) {}

  IOStatus Append(const Slice& data, const IOOptions& options,
                  IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/false, wal_);
    return s.ok() ? target()->Append(data, options, dbg) : s;
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/false, wal_);
    return s.ok() ? target()->Append(data, options, info, dbg) : s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& options,
                            IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/false, wal_);
    return s.ok() ? target()->PositionedAppend(data, offset, options, dbg) : s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& options,
                            const rocksdb::DataVerificationInfo& info,
                            IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/false, wal_);
    return s.ok() ? target()->PositionedAppend(data, offset, options, info, dbg)
                  : s;
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/true, wal_);
    return s.ok() ? target()->Sync(options, dbg) : s;
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/true, wal_);
    return s.ok() ? target()->Fsync(options, dbg) : s;
  }
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& options,
                     IODebugContext* dbg) override {
    IOStatus s = fs_->Check(/*sync=*/true, wal_);
    return s.ok() ? target()->RangeSync(offset, nbytes, options, dbg) : s;
  }

 private:
  FaultFileSystem* const fs_;
  const bool wal_;
};

}  // namespace fault_file_system

FaultFileSystem::FaultFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(std::move(base)) {}

void FaultFileSystem::SetDelay(std::function<void()> delay) {
  std::lock_guard<std::mutex> lock(delay_mu_);
  delay_ = std::move(delay);
}

IOStatus FaultFileSystem::Check(bool sync, bool wal) {
  switch (fault_.load()) {
    case DiskFault::kNone:
      return IOStatus::OK();
    case DiskFault::kSyncFails:
      if (!sync) return IOStatus::OK();
      ++refused_;
      return IOStatus::IOError("injected fault: the device failed a sync");
    case DiskFault::kFull: {
      ++refused_;
      IOStatus full = IOStatus::NoSpace("injected fault: no space left");
      full.SetRetryable(true);
      return full;
    }
    case DiskFault::kSlow: {
      if (!wal) return IOStatus::OK();
      std::lock_guard<std::mutex> lock(delay_mu_);
      if (delay_) delay_();
      return IOStatus::OK();
    }
  }
  return IOStatus::OK();
}

IOStatus FaultFileSystem::Open(const std::string& name,
                               std::unique_ptr<rocksdb::FSWritableFile>* result,
                               const std::function<IOStatus()>& open) {
  const bool wal = absl::EndsWith(name, ".log");
  // A full disk refuses to create a file, before anything is created.
  if (fault_.load() == DiskFault::kFull) return Check(/*sync=*/false, wal);
  IOStatus opened = open();
  if (!opened.ok()) return opened;
  *result = std::make_unique<fault_file_system::FaultWritableFile>(
      std::move(*result), this, wal);
  return opened;
}

IOStatus FaultFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  return Open(name, result, [&] {
    return target()->NewWritableFile(name, options, result, dbg);
  });
}

IOStatus FaultFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  return Open(name, result, [&] {
    return target()->ReopenWritableFile(name, options, result, dbg);
  });
}

IOStatus FaultFileSystem::ReuseWritableFile(
    const std::string& name, const std::string& old_name,
    const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  return Open(name, result, [&] {
    return target()->ReuseWritableFile(name, old_name, options, result, dbg);
  });
}

}  // namespace cordon::testing
