#include "server/store/rocks/write_recovery.h"

#include "server/core/log.h"
#include "server/store/rocks/rocks_status.h"
#include "server/store/storage_fault.h"

namespace cordon::store {

void WriteRecovery::Listener::OnErrorRecoveryBegin(
    rocksdb::BackgroundErrorReason /*reason*/, rocksdb::Status bg_error,
    bool* auto_recovery) {
  bg_error.PermitUncheckedError();
  *auto_recovery = false;  // WriteRecovery::BeforeWrite resumes instead
}

void WriteRecovery::Listener::OnBackgroundError(
    rocksdb::BackgroundErrorReason /*reason*/, rocksdb::Status* bg_error) {
  if (bg_error->IsIOError() &&
      bg_error->severity() > rocksdb::Status::Severity::kHardError) {
    *bg_error =
        rocksdb::Status(*bg_error, rocksdb::Status::Severity::kHardError);
  }
}

void WriteRecovery::BeforeWrite() { TryResume(); }

bool WriteRecovery::TryResume() {
  if (!refusing()) return true;
  std::lock_guard<std::mutex> lock(resume_mu_);
  if (!refusing()) return true;
  // A TransactionDB does not forward Resume; its base DB does the work.
  rocksdb::Status resumed = db_->GetRootDB()->Resume();
  if (!resumed.ok()) return false;  // still refusing; a write will say why
  refusing_.store(false, std::memory_order_release);
  core::Log(core::LogEvent(core::LogLevel::kInfo, "storage_resumed")
                .Message("storage: the disk accepts writes again"));
  return true;
}

absl::Status WriteRecovery::AfterWrite(const rocksdb::Status& status) {
  absl::Status result = FromRocks(status);
  if (IsStorageFault(result) && !refusing_.exchange(true)) {
    // Once per fault, with RocksDB's own text (file names, errno) for the
    // operator; clients get a reason and no paths.
    core::Log(core::LogEvent(core::LogLevel::kError, "storage_refusing")
                  .Message("storage: the disk refused a write; writes are "
                           "refused until it accepts them again, reads are "
                           "still served")
                  .Str("error", status.ToString()));
  }
  return result;
}

}  // namespace cordon::store
