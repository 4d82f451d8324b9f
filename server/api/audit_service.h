#ifndef CORDON_SERVER_API_AUDIT_SERVICE_H_
#define CORDON_SERVER_API_AUDIT_SERVICE_H_

#include "cordon/v1/audit.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/tenancy/audit_log.h"

namespace cordon::api {

// The audit trail, newest first. Account admins and users read their
// account's; SOC analysts read any, and the provider-wide log (parent "").
// Organization users cannot read it: it spans the whole account.
class AuditService final : public cordon::v1::AuditService::Service {
 public:
  AuditService(CallRunner* runner, engine::AuditLog* audit,
               const PageTokens* pages)
      : runner_(runner), audit_(audit), pages_(pages) {}

  grpc::Status ListAuditEvents(
      grpc::ServerContext* context,
      const cordon::v1::ListAuditEventsRequest* request,
      cordon::v1::ListAuditEventsResponse* response) override;

 private:
  CallRunner* runner_;
  engine::AuditLog* audit_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_AUDIT_SERVICE_H_
