#ifndef CORDON_SERVER_CORE_ISOLATION_HOLDS_H_
#define CORDON_SERVER_CORE_ISOLATION_HOLDS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/isolation/isolation_plan.h"

namespace cordon::core {

// A hold is one reason for an identity to stay isolated; its kind is the
// trigger that created it.
using HoldKind = IsolationTrigger;

struct Hold {
  HoldKind kind = HoldKind::kIncidentReport;
  // The resource that holds the identity, e.g.
  // "accounts/1/organizations/2/incidentReports/3" or an access rule's name.
  // A manual isolation should use one fixed source per identity (e.g. the
  // identity's own name), so repeating it adds no second hold.
  std::string source;

  friend bool operator==(const Hold&, const Hold&) = default;
};

// The holds on one identity (ISO-4, ISO-6). Kept sorted by source so that
// iteration, serialization and event logs are deterministic.
class IdentityHolds {
 public:
  // Bounds the hold list of one identity: each open incident report or
  // access-rule match adds one, and far fewer are ever open at once.
  static constexpr size_t kMaxHolds = 1024;

  IdentityHolds() = default;
  // Rebuilds the set from storage; duplicates (same source) collapse into
  // the first one seen.
  explicit IdentityHolds(std::vector<Hold> holds);

  // Idempotent: adding a hold that is already there changes nothing and is
  // OK. INVALID_ARGUMENT for an empty source; ALREADY_EXISTS when the source
  // holds the identity with another kind; RESOURCE_EXHAUSTED past kMaxHolds.
  // On error nothing changes.
  absl::Status Add(Hold hold);

  // ISO-4: drops the hold of `source`. Returns true exactly when that removed
  // the last hold, i.e. the identity must now be re-enabled. Releasing an
  // unknown source (or twice) returns false, so a retried release never
  // re-enables twice.
  bool Release(absl::string_view source);

  // ISO-6: a manual release clears every hold. Returns true when there was
  // any, i.e. the identity must now be re-enabled.
  bool ReleaseAll();

  bool Contains(absl::string_view source) const;
  bool empty() const { return holds_.empty(); }
  size_t size() const { return holds_.size(); }
  // Sorted by source.
  const std::vector<Hold>& holds() const { return holds_; }

 private:
  std::vector<Hold>::iterator LowerBound(absl::string_view source);
  std::vector<Hold>::const_iterator LowerBound(absl::string_view source) const;

  std::vector<Hold> holds_;
};

// Mirrors cordon.v1.Identity.IsolationState (without UNSPECIFIED).
enum class IsolationState {
  kActive,
  kIsolating,
  kIsolated,
  kLimited,  // ISO-9
  kReleasing,
  // ISO-14: not isolated; an automated isolation of it waits for an admin's
  // confirmation past the account's hourly cap.
  kAwaitingConfirmation,
};

absl::string_view IsolationStateName(IsolationState state);

// What the identity's state is derived from. "Pending" = an outbox action
// that has neither succeeded nor finally failed yet (queued, in flight or
// waiting for a retry).
struct IsolationStateInputs {
  bool has_holds = false;
  // The expected outcome of the isolation in force (its plan's); ignored
  // without holds.
  ExpectedOutcome expected_outcome = ExpectedOutcome::kIsolated;
  // Any isolate action (revoke, disable, rule disable) still pending.
  bool isolate_actions_pending = false;
  // Any release action (enable cloud / on-prem) still pending.
  bool release_actions_pending = false;
  // An account disable (cloud or on-prem) of the isolation in force ended in
  // a final failure: the account is not disabled, whatever was planned.
  bool account_disable_failed = false;
  // ISO-14: the blast-radius guard holds an automated isolation of it.
  bool awaiting_confirmation = false;
};

// The identity's isolation state, shown on the identity (ISO-9, ISO-11):
//   holds, isolate or release actions pending   -> ISOLATING
//   holds, all done, ISOLATED expected          -> ISOLATED
//   holds, all done, LIMITED expected or the
//     account disable failed finally            -> LIMITED
//   no holds, any action pending                -> RELEASING
//   no holds, nothing pending, an isolation
//     held for confirmation (ISO-14)            -> AWAITING_CONFIRMATION
//   no holds, nothing pending                   -> ACTIVE
// A pending release under a hold (isolated again while a release was in
// flight) reads as ISOLATING: the identity is on its way back to isolation.
// Pending isolate actions without holds (released before the isolation
// finished) read as RELEASING.
IsolationState DeriveIsolationState(const IsolationStateInputs& inputs);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_HOLDS_H_
