#include "server/engine/isolation_actions.h"

namespace cordon::engine {

using cordon::store::OutboxAction;

void IsolationActions::RouteAll(ActionRouter& router) {
  for (OutboxAction::Kind kind :
       {OutboxAction::REVOKE_SESSIONS, OutboxAction::DISABLE_ACCOUNT,
        OutboxAction::ENABLE_ACCOUNT, OutboxAction::AGENT_DISABLE_ACCOUNT,
        OutboxAction::AGENT_ENABLE_ACCOUNT,
        OutboxAction::DISABLE_SUSPICIOUS_RULES,
        OutboxAction::ENABLE_INBOX_RULE}) {
    router.Route(kind, this);
  }
}

bool IsolationActions::ThrottlesTenant(const OutboxAction& action) const {
  return action.kind() != OutboxAction::AGENT_DISABLE_ACCOUNT &&
         action.kind() != OutboxAction::AGENT_ENABLE_ACCOUNT;
}

}  // namespace cordon::engine
