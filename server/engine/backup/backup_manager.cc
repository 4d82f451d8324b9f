#include "server/engine/backup/backup_manager.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/validation.h"
#include "server/engine/common/resource_time.h"
#include "server/store/transaction.h"

namespace cordon::engine {

absl::StatusOr<cordon::v1::Backup> BackupManager::Create(
    const Actor& actor, const std::string& name) {
  CORDON_RETURN_IF_ERROR(
      core::ForField("name", core::ValidateBackupName(name)));
  if (dir_.empty()) {
    return core::WithReason(
        absl::FailedPreconditionError(
            "this server takes no backups: start cordon-server with "
            "--backup_dir=DIR"),
        "BACKUP_DIR_NOT_SET");
  }
  cordon::v1::Backup backup;
  backup.set_name(name);
  backup.set_path((std::filesystem::path(dir_) / name).string());
  *backup.mutable_create_time() = ToTimestamp(clock_->Now());
  const absl::StatusOr<store::CheckpointFiles> files = db_->Checkpoint(
      backup.path(), [&](const store::CheckpointFiles& written) {
        backup.set_size_bytes(written.bytes);
        backup.set_file_count(written.files);
        return Audit(actor, backup);
      });
  if (absl::IsAlreadyExists(files.status())) {
    return core::FieldTaken(
        "name",
        absl::StrCat("a backup named \"", name, "\" already exists in ", dir_),
        "BACKUP_EXISTS");
  }
  if (!files.ok()) return files.status();
  return backup;
}

absl::Status BackupManager::Audit(const Actor& actor,
                                  const cordon::v1::Backup& backup) {
  std::unique_ptr<store::Transaction> txn = db_->Begin();
  CORDON_RETURN_IF_ERROR(
      audit_->Record(*txn, 0, actor, absl::StrCat("backups/", backup.name()),
                     absl::StrCat("backup \"", backup.name(), "\" written to ",
                                  backup.path(), ": ", backup.file_count(),
                                  " files, ", backup.size_bytes(), " bytes")));
  return txn->Commit();
}

}  // namespace cordon::engine
