#include "server/api/backup_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/core/errors.h"

namespace cordon::api {

grpc::Status BackupService::CreateBackup(
    grpc::ServerContext* context,
    const cordon::v1::CreateBackupRequest* request,
    cordon::v1::Backup* response) {
  // Mutating: a refused or failed backup is audited too.
  const CallInfo info{MethodName<cordon::v1::BackupService>("CreateBackup"),
                      true, absl::StrCat("backups/", request->name())};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_ASSIGN_OR_RETURN(*response,
                            backups_->Create(principal.actor, request->name()));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
