// RocksDatabase::Checkpoint: a RocksDB checkpoint written under a hidden
// name and renamed into place once complete, so a backup directory either
// holds a whole, openable copy or does not exist.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/checkpoint.h"
#include "server/core/errors.h"
#include "server/store/rocks/rocks_database.h"

namespace cordon::store {
namespace {

namespace fs = std::filesystem;

// The disk (of the backup or of the data dir) refused: worth a retry once
// it has room or works again.
absl::Status BackupNotWritten(absl::string_view what, absl::string_view why) {
  return core::WithReason(
      absl::UnavailableError(absl::StrCat("the backup was not written: ", what,
                                          ": ", why, "; nothing was kept")),
      "BACKUP_FAILED");
}

absl::Status FromCheckpointStatus(const rocksdb::Status& status) {
  if (status.IsIOError()) {
    return BackupNotWritten("RocksDB could not write the checkpoint",
                            status.ToString());
  }
  return absl::InternalError(
      absl::StrCat("RocksDB checkpoint failed: ", status.ToString()));
}

absl::Status SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return BackupNotWritten(absl::StrCat("cannot open ", dir.string()),
                            std::strerror(errno));
  }
  const int synced = ::fsync(fd);
  const int sync_errno = errno;
  ::close(fd);
  if (synced != 0) {
    return BackupNotWritten(absl::StrCat("cannot sync ", dir.string()),
                            std::strerror(sync_errno));
  }
  return absl::OkStatus();
}

// OK when nothing is at `target`; ALREADY_EXISTS when something is.
absl::Status CheckTargetFree(const fs::path& target) {
  struct stat info;
  if (::lstat(target.c_str(), &info) == 0) {
    return absl::AlreadyExistsError(
        absl::StrCat(target.string(), " already exists"));
  }
  if (errno != ENOENT) {
    return BackupNotWritten(absl::StrCat("cannot look at ", target.string()),
                            std::strerror(errno));
  }
  return absl::OkStatus();
}

// The checkpoint in `partial` (which must not exist), owner-only like the
// data dir (it holds key hashes and sealed secrets), its directory synced.
absl::Status WriteCheckpoint(rocksdb::DB* db, const fs::path& partial) {
  rocksdb::Checkpoint* made = nullptr;
  rocksdb::Status status = rocksdb::Checkpoint::Create(db, &made);
  if (!status.ok()) return FromCheckpointStatus(status);
  const std::unique_ptr<rocksdb::Checkpoint> checkpoint(made);
  status = checkpoint->CreateCheckpoint(partial.string());
  if (!status.ok()) return FromCheckpointStatus(status);
  std::error_code error;
  fs::permissions(partial, fs::perms::owner_all, fs::perm_options::replace,
                  error);
  if (error) {
    return BackupNotWritten(absl::StrCat("cannot chmod ", partial.string()),
                            error.message());
  }
  return SyncDirectory(partial);
}

absl::StatusOr<CheckpointFiles> CountCheckpointFiles(const fs::path& dir) {
  CheckpointFiles files;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error) || error) continue;
    const uintmax_t size = it->file_size(error);
    if (error) break;
    ++files.files;
    files.bytes += static_cast<int64_t>(size);
  }
  if (error) {
    return BackupNotWritten(absl::StrCat("cannot list ", dir.string()),
                            error.message());
  }
  return files;
}

// Renames the finished copy into place and makes the rename durable; on a
// failed sync the copy goes again, so a failure leaves nothing at `target`.
absl::Status PublishCheckpoint(const fs::path& partial,
                               const fs::path& target) {
  std::error_code error;
  fs::rename(partial, target, error);
  if (error) {
    return BackupNotWritten(absl::StrCat("cannot rename ", partial.string(),
                                         " to ", target.string()),
                            error.message());
  }
  absl::Status synced = SyncDirectory(target.parent_path());
  if (!synced.ok()) fs::remove_all(target, error);
  return synced;
}

}  // namespace

absl::Status RocksDatabase::FlushForCheckpoint() {
  recovery_->BeforeWrite();
  return recovery_->AfterWrite(db_->Flush(
      rocksdb::FlushOptions(), std::vector<rocksdb::ColumnFamilyHandle*>(
                                   handles_.begin() + 1, handles_.end())));
}

absl::StatusOr<CheckpointFiles> RocksDatabase::Checkpoint(
    const std::string& dir,
    const std::function<absl::Status(const CheckpointFiles&)>& confirm) {
  std::lock_guard<std::mutex> lock(checkpoint_mu_);
  const fs::path target(dir);
  // Hidden, and never a valid name of its own; a crash may have left one.
  const fs::path partial =
      target.parent_path() /
      absl::StrCat(".", target.filename().string(), ".partial");
  if (absl::Status free = CheckTargetFree(target); !free.ok()) return free;
  std::error_code ignored;
  fs::remove_all(partial, ignored);
  fs::remove_all(partial.string() + ".tmp", ignored);  // RocksDB's own
  auto checkpoint = [&]() -> absl::StatusOr<CheckpointFiles> {
    CORDON_RETURN_IF_ERROR(FlushForCheckpoint());
    CORDON_RETURN_IF_ERROR(WriteCheckpoint(db_, partial));
    CORDON_ASSIGN_OR_RETURN(const CheckpointFiles files,
                            CountCheckpointFiles(partial));
    CORDON_RETURN_IF_ERROR(confirm(files));
    CORDON_RETURN_IF_ERROR(PublishCheckpoint(partial, target));
    return files;
  };
  absl::StatusOr<CheckpointFiles> files = checkpoint();
  if (!files.ok()) fs::remove_all(partial, ignored);
  return files;
}

}  // namespace cordon::store
