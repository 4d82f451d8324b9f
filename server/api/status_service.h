#ifndef CORDON_SERVER_API_STATUS_SERVICE_H_
#define CORDON_SERVER_API_STATUS_SERVICE_H_

#include "cordon/v1/status.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/engine/status/dependency_status.h"

namespace cordon::api {

// Issue 14: how the outside dependencies answer. TEN-1: an account's users
// (admins and users) and SOC analysts read one account's (parent
// accounts/{a}); the whole server's, with SMTP, is for SOC analysts only.
// Organization users, SERVICE and AGENT keys get PERMISSION_DENIED.
class StatusService final : public cordon::v1::StatusService::Service {
 public:
  StatusService(CallRunner* runner,
                const engine::DependencyStatusReader* status)
      : runner_(runner), status_(status) {}

  grpc::Status GetDependencyStatus(
      grpc::ServerContext* context,
      const cordon::v1::GetDependencyStatusRequest* request,
      cordon::v1::DependencyStatus* response) override;

 private:
  CallRunner* runner_;
  const engine::DependencyStatusReader* status_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_STATUS_SERVICE_H_
