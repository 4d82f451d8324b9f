#ifndef CORDON_SERVER_ENGINE_BACKUP_BACKUP_MANAGER_H_
#define CORDON_SERVER_ENGINE_BACKUP_BACKUP_MANAGER_H_

#include <string>

#include "absl/status/statusor.h"
#include "cordon/v1/backup.pb.h"
#include "server/engine/common/actor.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// Issue 14: backups of the whole store, each a consistent checkpoint in a
// directory of its own under the server's --backup_dir, audited in the
// provider-wide log. Who may ask is the API's to decide (SOC analysts).
class BackupManager {
 public:
  // `backup_dir` is absolute, or "" when the server takes no backups.
  BackupManager(store::Database* db, const ports::Clock* clock, AuditLog* audit,
                std::string backup_dir)
      : db_(db), clock_(clock), audit_(audit), dir_(std::move(backup_dir)) {}

  // Writes the checkpoint `name` (ValidateBackupName) into
  // <backup_dir>/<name> and its audit record. INVALID_ARGUMENT naming
  // `name`, ALREADY_EXISTS (BACKUP_EXISTS) for a name in use,
  // FAILED_PRECONDITION (BACKUP_DIR_NOT_SET) without a backup dir; when the
  // copy or its audit record cannot be written, UNAVAILABLE and nothing at
  // the path (Database::Checkpoint).
  absl::StatusOr<cordon::v1::Backup> Create(const Actor& actor,
                                            const std::string& name);

 private:
  // Records `backup` in the provider-wide audit log, in a write of its own.
  absl::Status Audit(const Actor& actor, const cordon::v1::Backup& backup);

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  const std::string dir_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_BACKUP_BACKUP_MANAGER_H_
