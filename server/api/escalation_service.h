#ifndef CORDON_SERVER_API_ESCALATION_SERVICE_H_
#define CORDON_SERVER_API_ESCALATION_SERVICE_H_

#include "cordon/v1/escalation.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/escalation/escalation_answerer.h"
#include "server/engine/escalation/escalation_manager.h"

namespace cordon::api {

// Escalations (ESC-5): every account user lists and reads them, account
// admins answer, SOC analysts do everything including Create. Organization
// users (and SERVICE keys) are PERMISSION_DENIED on every call, before the
// request is even parsed, so no answer tells them whether an escalation
// exists.
class EscalationService final : public cordon::v1::EscalationService::Service {
 public:
  EscalationService(CallRunner* runner, engine::EscalationManager* escalations,
                    engine::EscalationAnswerer* answerer,
                    const PageTokens* pages)
      : runner_(runner),
        escalations_(escalations),
        answerer_(answerer),
        pages_(pages) {}

  grpc::Status GetEscalation(grpc::ServerContext* context,
                             const cordon::v1::GetEscalationRequest* request,
                             cordon::v1::Escalation* response) override;
  grpc::Status ListEscalations(
      grpc::ServerContext* context,
      const cordon::v1::ListEscalationsRequest* request,
      cordon::v1::ListEscalationsResponse* response) override;
  grpc::Status AnswerEscalation(
      grpc::ServerContext* context,
      const cordon::v1::AnswerEscalationRequest* request,
      cordon::v1::Escalation* response) override;
  grpc::Status CreateEscalation(
      grpc::ServerContext* context,
      const cordon::v1::CreateEscalationRequest* request,
      cordon::v1::Escalation* response) override;

 private:
  CallRunner* runner_;
  engine::EscalationManager* escalations_;
  engine::EscalationAnswerer* answerer_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_ESCALATION_SERVICE_H_
