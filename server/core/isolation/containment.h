#ifndef CORDON_SERVER_CORE_ISOLATION_CONTAINMENT_H_
#define CORDON_SERVER_CORE_ISOLATION_CONTAINMENT_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::core {

// Time to contain (issue 14): where the lock-out of one identity named by a
// sent report stands, read from the report's response actions. Lock-out =
// sessions revoked and the account disabled (cloud, or on-prem through the
// agent, ISO-9); inbox rules and re-enables do not count.
enum class ContainmentState {
  kNone,  // no isolation was asked for this identity
  kInProgress,
  kContained,
  kFailed,
  kAlreadyContained,
  kLimited,
  kSkipped,
  kSuperseded,
};

enum class LockoutOutcome { kPending, kSucceeded, kFailed, kSuperseded };

// One response action of the report about the identity.
struct LockoutAction {
  LockoutOutcome outcome = LockoutOutcome::kPending;
  absl::Time time = absl::UnixEpoch();  // when the outcome was recorded
};

// What the report's response actions say about one identity.
struct ContainmentFacts {
  // Revoke sessions, disable in the cloud, disable on-prem.
  std::vector<LockoutAction> lockout = {};
  bool skipped = false;  // ISO-7
  bool limited = false;  // ISO-9
  // ISO-14: the isolation waits for an admin's confirmation (its lock-out
  // actions follow once confirmed), or was dropped from the hold.
  absl::optional<LockoutOutcome> held = absl::nullopt;
};

struct Containment {
  ContainmentState state = ContainmentState::kNone;
  absl::Time contain_time = absl::UnixEpoch();            // kContained
  absl::Duration time_to_contain = absl::ZeroDuration();  // kContained
};

// The identity's containment after a write of its report. `previous` is
// what the report said before; a containment that ended (contained, failed,
// limited, skipped, superseded) is kept as recorded, so later writes (a
// drift re-disable, ISO-13) never move the figure. `at_send` is the write
// that sends the report: a lock-out action succeeded by then was done under
// an earlier hold (nothing is performed inside the send), so the identity
// was already contained.
Containment DecideContainment(const ContainmentFacts& facts,
                              const Containment& previous, bool at_send,
                              absl::Time send_time);

// The report's containment: the first of kFailed, kInProgress, kLimited,
// kSkipped, kSuperseded that any identity is in, else kContained when one
// identity was contained by this report, else kAlreadyContained; kNone
// without identities. The report's figure is its slowest identity's.
Containment ReportContainment(const std::vector<Containment>& identities);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_CONTAINMENT_H_
