#ifndef CORDON_SERVER_ENGINE_OUTBOX_ACTION_RESULT_H_
#define CORDON_SERVER_ENGINE_OUTBOX_ACTION_RESULT_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "server/core/isolation/error_class.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::engine {

// What performing one outbox action came to.
struct ActionResult {
  core::ErrorClass error_class = core::ErrorClass::kSuccess;
  std::string detail;
  absl::optional<absl::Duration> retry_after;
  // With retry_after: whom the wait holds back (see ThrottledBy). A
  // mailbox's wait never holds back a lock-out in its tenant.
  core::ThrottleScope throttle_scope = core::ThrottleScope::kTenant;
  // DISABLE_SUSPICIOUS_RULES: the mailbox's rules as seen.
  std::vector<cordon::store::SeenInboxRule> rules_seen;
  // The id the outside world gave what was made (a PSA ticket), if any.
  std::string external_id;
  // A success that reached nobody: e-mail written to the development spool
  // (recorded SPOOLED, never DELIVERED).
  bool spooled = false;
  // A success that only handed the work on: the command waits for the
  // on-prem agent, whose answer records the real outcome (ISO-15).
  bool handed_over = false;
};

// How an action ended for good.
enum class ActionEnd { kSucceeded, kFailed, kSuperseded };

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_ACTION_RESULT_H_
