#include "server/api/status_service.h"

#include "server/api/authorization.h"
#include "server/api/request_checks.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::api {

grpc::Status StatusService::GetDependencyStatus(
    grpc::ServerContext* context,
    const cordon::v1::GetDependencyStatusRequest* request,
    cordon::v1::DependencyStatus* response) {
  const CallInfo info{
      MethodName<cordon::v1::StatusService>("GetDependencyStatus"), false,
      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    if (request->parent().empty()) {
      CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
      CORDON_ASSIGN_OR_RETURN(*response, status_->Read(absl::nullopt));
      return absl::OkStatus();
    }
    CORDON_RETURN_IF_ERROR(AuthorizeRole(principal));
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName account,
        ParseField("parent", request->parent(), core::ParseAccountName));
    CORDON_RETURN_IF_ERROR(Authorize(principal, Access::kRead,
                                     {.account = account.account},
                                     request->parent()));
    CORDON_ASSIGN_OR_RETURN(*response, status_->Read(account.account));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
