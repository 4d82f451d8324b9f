#ifndef CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_ACTIONS_H_
#define CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_ACTIONS_H_

#include "server/engine/isolation/action_executor.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/isolation/m365_tenant_access.h"
#include "server/engine/outbox/action_handler.h"

namespace cordon::engine {

// The Microsoft Graph isolation actions (revoke, disable, enable, inbox
// rules; the on-prem agent's are engine/agent/AgentActions) as the outbox
// worker sees them: performed by the ActionExecutor,
// recorded by the IsolationEngine. An AADSTS failure also raises
// INTEGRATION_M365_INACCESSIBLE in the same write (ESC-2 type 4).
class IsolationActions : public ActionHandler {
 public:
  IsolationActions(ActionExecutor* executor, IsolationEngine* isolation,
                   M365TenantAccess* m365_access,
                   core::RetryPolicy retry_policy)
      : executor_(executor),
        isolation_(isolation),
        m365_access_(m365_access),
        retry_policy_(retry_policy) {}

  // Routes every isolation kind to this handler.
  void RouteAll(ActionRouter& router);

  absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction& action) const override {
    return isolation_->IsCurrent(action);
  }
  ActionResult Perform(const cordon::store::OutboxAction& action) override {
    return executor_->Perform(action);
  }
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;
  absl::Status RecordRetry(store::Transaction& txn,
                           const cordon::store::OutboxAction& action,
                           const ActionResult& result) override {
    return isolation_->RecordRetry(txn, action, result);
  }
  core::RetryPolicy RetryPolicy() const override { return retry_policy_; }
  // Graph throttles an application per tenant (directory) and per mailbox
  // (inbox rules).
  engine::ThrottledBy HeldBackBy(
      const cordon::store::OutboxAction& action) const override;
  // Revoking sessions and disabling the account in the cloud.
  bool IsContainment(const cordon::store::OutboxAction& action) const override;

 private:
  ActionExecutor* executor_;
  IsolationEngine* isolation_;
  M365TenantAccess* m365_access_;
  const core::RetryPolicy retry_policy_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_ACTIONS_H_
