#include "server/engine/isolation/isolation_actions.h"

#include "server/core/errors.h"

namespace cordon::engine {

using cordon::store::OutboxAction;

void IsolationActions::RouteAll(ActionRouter& router) {
  for (OutboxAction::Kind kind :
       {OutboxAction::REVOKE_SESSIONS, OutboxAction::DISABLE_ACCOUNT,
        OutboxAction::ENABLE_ACCOUNT, OutboxAction::DISABLE_SUSPICIOUS_RULES,
        OutboxAction::ENABLE_INBOX_RULE}) {
    router.Route(kind, this);
  }
}

absl::Status IsolationActions::RecordEnd(store::Transaction& txn,
                                         const OutboxAction& action,
                                         ActionEnd end,
                                         const ActionResult& result) {
  CORDON_RETURN_IF_ERROR(isolation_->RecordEnd(txn, action, end, result));
  if (end != ActionEnd::kFailed ||
      result.error_class != core::ErrorClass::kTenantInaccessible) {
    return absl::OkStatus();
  }
  return m365_access_->RaiseInaccessible(txn, action.identity(),
                                         action.tenant_id(), result.detail);
}

ThrottledBy IsolationActions::HeldBackBy(const OutboxAction& action) const {
  switch (action.kind()) {
    case OutboxAction::DISABLE_SUSPICIOUS_RULES:
    case OutboxAction::ENABLE_INBOX_RULE:
      return ThrottledBy::kTenantAndMailbox;
    default:
      return ThrottledBy::kTenant;
  }
}

bool IsolationActions::IsContainment(const OutboxAction& action) const {
  return action.kind() == OutboxAction::REVOKE_SESSIONS ||
         action.kind() == OutboxAction::DISABLE_ACCOUNT;
}

}  // namespace cordon::engine
