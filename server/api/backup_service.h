#ifndef CORDON_SERVER_API_BACKUP_SERVICE_H_
#define CORDON_SERVER_API_BACKUP_SERVICE_H_

#include "cordon/v1/backup.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/engine/backup/backup_manager.h"

namespace cordon::api {

// Issue 14: a consistent backup of the whole server into --backup_dir. It
// copies every account's data, so SOC analysts only: every other key gets
// PERMISSION_DENIED before the request is looked at.
class BackupService final : public cordon::v1::BackupService::Service {
 public:
  BackupService(CallRunner* runner, engine::BackupManager* backups)
      : runner_(runner), backups_(backups) {}

  grpc::Status CreateBackup(grpc::ServerContext* context,
                            const cordon::v1::CreateBackupRequest* request,
                            cordon::v1::Backup* response) override;

 private:
  CallRunner* runner_;
  engine::BackupManager* backups_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_BACKUP_SERVICE_H_
