#ifndef CORDON_SERVER_CORE_ISOLATION_REPEAT_ISOLATION_H_
#define CORDON_SERVER_CORE_ISOLATION_REPEAT_ISOLATION_H_

#include "server/core/isolation/isolation_plan.h"

namespace cordon::core {

// Where one isolation step (revoke, disable, rules) of the identity's
// current isolation stands.
enum class StepState { kNone, kQueued, kDone, kFailed };

// What the identity's current isolation has asked for so far.
struct IsolationProgress {
  StepState revoke = StepState::kNone;
  StepState cloud_disable = StepState::kNone;
  StepState on_prem_disable = StepState::kNone;
  StepState rules = StepState::kNone;
  // The new hold names inbox rules no earlier hold of this isolation named.
  bool names_new_rules = false;
};

// What a new hold does about one planned step.
enum class StepDecision {
  kNotPlanned,   // the plan has no such step
  kPerform,      // queue the action
  kJoin,         // an earlier hold's action is under way: follow its outcome
  kAlreadyDone,  // an earlier hold's action succeeded and still counts
};

struct StepDecisions {
  StepDecision revoke = StepDecision::kNotPlanned;
  StepDecision cloud_disable = StepDecision::kNotPlanned;
  StepDecision on_prem_disable = StepDecision::kNotPlanned;
  StepDecision rules = StepDecision::kNotPlanned;
  friend bool operator==(const StepDecisions&, const StepDecisions&) = default;
};

// ISO-3/ISO-4: a new hold on an identity that is already isolating or
// isolated performs nothing done or under way; only what failed, what the
// plan newly needs and newly named inbox rules are new work. One exception:
// sessions are revoked again when the account is not (being) disabled — a
// LIMITED isolation (ISO-9) or a failed disable — because then the attacker
// can sign in again, and a new report says they did.
StepDecisions DecideSteps(const IsolationActions& planned,
                          const IsolationProgress& progress);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_REPEAT_ISOLATION_H_
