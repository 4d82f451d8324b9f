#ifndef CORDON_SERVER_ENGINE_OUTBOX_ACTION_HANDLER_H_
#define CORDON_SERVER_ENGINE_OUTBOX_ACTION_HANDLER_H_

#include <map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/store/records.pb.h"
#include "server/core/isolation/retry_policy.h"
#include "server/engine/outbox/action_result.h"
#include "server/store/leadership.h"
#include "server/store/transaction.h"

namespace cordon::engine {

enum class ThrottledBy {
  kNothing,           // its service sends no Retry-After we share
  kTenant,            // Graph directory calls
  kTenantAndMailbox,  // Graph calls on a mailbox (and the tenant's domains)
};

// One family of outbox actions (isolation, notifications, deliveries,
// timers): how to perform them and how to record what they came to. The
// outbox worker owns the queue, the retries and the throttling; a handler
// owns the call to the outside world and the state it changes.
class ActionHandler {
 public:
  virtual ~ActionHandler() = default;

  // False when the action was made obsolete while queued (a later isolate
  // or release, an escalation answered) and must be dropped without a call.
  // By default nothing makes an action obsolete.
  virtual absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction&) const {
    return true;
  }

  // The call to the outside world. No store access; safe to repeat (a crash
  // before RecordEnd performs it again).
  virtual ActionResult Perform(const cordon::store::OutboxAction& action) = 0;

  // What the worker calls: Perform, told the lead the worker's pass acts
  // for (issue 15; number 0: unfenced). A handler that writes while it
  // calls (the tenant inventory commits page by page) overrides it and
  // fences those writes with `term` (store::Transaction::FenceWith), so a
  // server that lost the lead stops writing once another took over.
  virtual ActionResult PerformFor(const cordon::store::OutboxAction& action,
                                  store::LeaderTerm term) {
    (void)term;
    return Perform(action);
  }

  // How the action ended, in the worker's write (which also removes it).
  // Follow-up actions are queued in the same write.
  virtual absl::Status RecordEnd(store::Transaction& txn,
                                 const cordon::store::OutboxAction& action,
                                 ActionEnd end, const ActionResult& result) = 0;

  // A failed attempt that will be retried. By default it leaves no trace
  // but the action's attempt count.
  virtual absl::Status RecordRetry(store::Transaction&,
                                   const cordon::store::OutboxAction&,
                                   const ActionResult&) {
    return absl::OkStatus();
  }

  // How often, and how far apart, a failing action is tried (default: the
  // core policy, 10 attempts with backoff up to 5 minutes).
  virtual core::RetryPolicy RetryPolicy() const { return {}; }

  // Which Retry-After waits hold the action back (Microsoft Graph: a
  // directory call waits for its tenant, a mailbox call for its tenant and
  // its mailbox), and so whom its own Retry-After holds back.
  virtual ThrottledBy HeldBackBy(const cordon::store::OutboxAction&) const {
    return ThrottledBy::kNothing;
  }

  // Lock-out first: a containment action (revoke, disable) goes before the
  // other actions due in the same pass, so that when a tenant is throttled
  // its budget goes to locking the attacker out.
  virtual bool IsContainment(const cordon::store::OutboxAction&) const {
    return false;
  }
};

// A timer: an action that calls no one and only acts when recorded.
class TimerHandler : public ActionHandler {
 public:
  ActionResult Perform(const cordon::store::OutboxAction&) final {
    return ActionResult{};
  }
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

#endif  // CORDON_SERVER_ENGINE_OUTBOX_ACTION_HANDLER_H_
