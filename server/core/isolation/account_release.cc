#include "server/core/isolation/account_release.h"

namespace cordon::core {

DisabledByCordon DisabledAfter(DisabledByCordon before, AccountAction action,
                               AccountOutcome outcome) {
  const bool succeeded = outcome == AccountOutcome::kSucceeded;
  const bool refused = outcome == AccountOutcome::kRefused;
  DisabledByCordon after = before;
  switch (action) {
    case AccountAction::kDisableCloud:
      if (refused) after.cloud = before.cloud_earlier;
      break;
    case AccountAction::kDisableOnPrem:
      if (refused) after.on_prem = before.on_prem_earlier;
      break;
    case AccountAction::kEnableCloud:
      if (succeeded) after.cloud = after.cloud_earlier = false;
      break;
    case AccountAction::kEnableOnPrem:
      if (succeeded) after.on_prem = after.on_prem_earlier = false;
      break;
    case AccountAction::kNone:
      break;
  }
  return after;
}

bool ReleaseEnables(const ReleaseSituation& situation) {
  if (situation.released_last) return true;
  return situation.release_all && !situation.was_held &&
         situation.pending_enables == 0 && situation.disabled.any();
}

}  // namespace cordon::core
