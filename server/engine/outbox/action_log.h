#ifndef CORDON_SERVER_ENGINE_OUTBOX_ACTION_LOG_H_
#define CORDON_SERVER_ENGINE_OUTBOX_ACTION_LOG_H_

#include <string>

#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "server/core/isolation/error_class.h"
#include "server/engine/outbox/action_result.h"

namespace cordon::engine {

// How the worker recorded one attempt at an action (one log line each).
enum class ActionOutcomeClass {
  kNone,        // nothing recorded: finished by another pass
  kDeferred,    // held back by a Retry-After: no call made, not logged
  kSucceeded,   // done for good: the other side accepted it
  kSpooled,     // e-mail written to the development spool: nobody got it
  kHandedOver,  // queued for the on-prem agent, whose answer ends it
  kRetry,       // failed, queued again after `retry_in`
  kFailed,      // failed for good (permanent, or attempts exhausted)
  kSuperseded,  // no longer current (a newer epoch), not performed
  kDropped,     // of a kind this server does not know, removed unperformed
};

// "succeeded", "spooled", "handed_over", "retry", "failed", "superseded",
// "deferred", "dropped".
const char* ActionOutcomeName(ActionOutcomeClass outcome);

// The class of a call that succeeded: kSucceeded only when the other side
// accepted the work itself (DESIGN rule 6), else kSpooled or kHandedOver.
ActionOutcomeClass SuccessClassOf(const ActionResult& result);

struct ActionOutcome {
  ActionOutcomeClass outcome = ActionOutcomeClass::kNone;
  core::ErrorClass error_class = core::ErrorClass::kSuccess;
  int attempt = 0;  // the attempt this was, from 1; 0 when none was made
  absl::Duration retry_in;
  std::string detail;  // what the outside world answered, as recorded
};

// The line for `outcome` (event "action"; docs/operations.md): the kind,
// the ids it acts on (identity, report, escalation, organization, tenant)
// and the outcome class. Never a UPN or an address: ids only. Written after
// the outcome's transaction committed, so a line means it was recorded.
void LogActionOutcome(const store::OutboxAction& action,
                      const ActionOutcome& outcome);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_ACTION_LOG_H_
