#include "server/core/isolation/repeat_isolation.h"

namespace cordon::core {
namespace {

bool Asked(StepState state) {
  return state == StepState::kQueued || state == StepState::kDone;
}

StepDecision Reuse(StepState state) {
  switch (state) {
    case StepState::kQueued:
      return StepDecision::kJoin;
    case StepState::kDone:
      return StepDecision::kAlreadyDone;
    case StepState::kNone:
    case StepState::kFailed:
      break;
  }
  return StepDecision::kPerform;
}

}  // namespace

StepDecisions DecideSteps(const IsolationActions& planned,
                          const IsolationProgress& progress) {
  StepDecisions decisions;
  const bool account_locked =
      Asked(progress.cloud_disable) || Asked(progress.on_prem_disable);
  if (planned.revoke_sessions) {
    decisions.revoke = progress.revoke == StepState::kDone && !account_locked
                           ? StepDecision::kPerform
                           : Reuse(progress.revoke);
  }
  if (planned.disable_cloud_account) {
    decisions.cloud_disable = Reuse(progress.cloud_disable);
  }
  if (planned.disable_on_prem_account) {
    decisions.on_prem_disable = Reuse(progress.on_prem_disable);
  }
  if (planned.disable_inbox_rules) {
    decisions.rules = progress.names_new_rules ? StepDecision::kPerform
                                               : Reuse(progress.rules);
  }
  return decisions;
}

}  // namespace cordon::core
