#ifndef CORDON_SERVER_ENGINE_ISOLATION_M365_TENANT_ACCESS_H_
#define CORDON_SERVER_ENGINE_ISOLATION_M365_TENANT_ACCESS_H_

#include <cstdint>
#include <string>

#include "cordon/v1/escalation.pb.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/isolation/action_executor.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"

namespace cordon::engine {

// INTEGRATION_M365_INACCESSIBLE (ESC-2 type 4): raised when Graph answers
// an AADSTS error that only the customer can fix (one open escalation per
// organization and tenant, ESC-7), and the "retry access" answer (ESC-8):
// a CHECK_TENANT_ACCESS action re-tests access; success resolves the
// escalation (ANSWERED), failure reopens it for an answer.
class M365TenantAccess : public ActionHandler {
 public:
  M365TenantAccess(const ports::Clock* clock, ActionExecutor* executor,
                   EscalationManager* escalations, Outbox* outbox)
      : clock_(clock),
        executor_(executor),
        escalations_(escalations),
        outbox_(outbox) {}

  void RouteAll(ActionRouter& router);

  // In the write that records the failed action: raises (or joins) the
  // organization's escalation. `detail` names the AADSTS code and its
  // meaning.
  absl::Status RaiseInaccessible(store::Transaction& txn,
                                 const std::string& identity,
                                 const std::string& tenant_id,
                                 const std::string& detail);

  // "Retry access": queues the re-test for the escalation's tenant.
  absl::Status QueueCheck(store::Transaction& txn,
                          const cordon::v1::Escalation& escalation);

  static std::string Subject(const std::string& tenant_id);

  ActionResult Perform(const cordon::store::OutboxAction& action) override {
    return executor_->Perform(action);
  }
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;
  core::RetryPolicy RetryPolicy() const override;
  // A Graph directory call: a 429 holds back the tenant's other calls too.
  engine::ThrottledBy HeldBackBy(
      const cordon::store::OutboxAction&) const override {
    return engine::ThrottledBy::kTenant;
  }

 private:
  const ports::Clock* clock_;
  ActionExecutor* executor_;
  EscalationManager* escalations_;
  Outbox* outbox_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_M365_TENANT_ACCESS_H_
