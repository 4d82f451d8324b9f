#ifndef CORDON_SERVER_ENGINE_ACTION_HANDLER_H_
#define CORDON_SERVER_ENGINE_ACTION_HANDLER_H_

#include <map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/store/records.pb.h"
#include "server/core/isolation/retry_policy.h"
#include "server/engine/action_result.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// One family of outbox actions (isolation, notifications, deliveries,
// timers): how to perform them and how to record what they came to. The
// outbox worker owns the queue, the retries and the throttling; a handler
// owns the call to the outside world and the state it changes.
class ActionHandler {
 public:
  virtual ~ActionHandler() = default;

  // False when the action was made obsolete while queued (a later isolate
  // or release, an escalation answered) and must be dropped without a call.
  virtual absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction& action) const = 0;

  // The call to the outside world. No store access; safe to repeat (a crash
  // before RecordEnd performs it again).
  virtual ActionResult Perform(const cordon::store::OutboxAction& action) = 0;

  // How the action ended, in the worker's write (which also removes it).
  // Follow-up actions are queued in the same write.
  virtual absl::Status RecordEnd(store::Transaction& txn,
                                 const cordon::store::OutboxAction& action,
                                 ActionEnd end, const ActionResult& result) = 0;

  // A failed attempt that will be retried.
  virtual absl::Status RecordRetry(store::Transaction& txn,
                                   const cordon::store::OutboxAction& action,
                                   const ActionResult& result) = 0;

  // How often, and how far apart, a failing action is tried.
  virtual core::RetryPolicy RetryPolicy() const = 0;

  // True when a Retry-After from this action's service throttles the whole
  // tenant (Microsoft Graph), so that the tenant's other actions wait too.
  virtual bool ThrottlesTenant(
      const cordon::store::OutboxAction& action) const = 0;
};

// Which handler performs which kind of action. Handlers are owned elsewhere
// (the Engine) and outlive the router.
class ActionRouter {
 public:
  void Route(cordon::store::OutboxAction::Kind kind, ActionHandler* handler) {
    handlers_[kind] = handler;
  }
  // Null for a kind nobody handles.
  ActionHandler* For(cordon::store::OutboxAction::Kind kind) const {
    auto it = handlers_.find(kind);
    return it == handlers_.end() ? nullptr : it->second;
  }

 private:
  std::map<cordon::store::OutboxAction::Kind, ActionHandler*> handlers_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ACTION_HANDLER_H_
