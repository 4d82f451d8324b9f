#include "server/core/isolation/containment.h"

#include <algorithm>
#include <array>

namespace cordon::core {
namespace {

bool ContainmentEnded(ContainmentState state) {
  return state != ContainmentState::kNone &&
         state != ContainmentState::kInProgress;
}

// The lock-out actions alone; nullopt when there are none.
absl::optional<Containment> LockoutContainment(
    const std::vector<LockoutAction>& lockout, bool at_send,
    absl::Time send_time) {
  if (lockout.empty()) return absl::nullopt;
  auto any = [&](LockoutOutcome outcome) {
    return std::any_of(
        lockout.begin(), lockout.end(),
        [&](const LockoutAction& action) { return action.outcome == outcome; });
  };
  Containment containment;
  if (any(LockoutOutcome::kFailed)) {
    containment.state = ContainmentState::kFailed;
  } else if (any(LockoutOutcome::kSuperseded)) {
    containment.state = ContainmentState::kSuperseded;
  } else if (any(LockoutOutcome::kPending)) {
    containment.state = ContainmentState::kInProgress;
  } else if (at_send) {
    containment.state = ContainmentState::kAlreadyContained;
  } else {
    // Locked out once the last of them succeeded.
    containment.state = ContainmentState::kContained;
    containment.contain_time = send_time;
    for (const LockoutAction& action : lockout) {
      containment.contain_time =
          std::max(containment.contain_time, action.time);
    }
    containment.time_to_contain = containment.contain_time - send_time;
  }
  return containment;
}

}  // namespace

Containment DecideContainment(const ContainmentFacts& facts,
                              const Containment& previous, bool at_send,
                              absl::Time send_time) {
  if (ContainmentEnded(previous.state)) return previous;
  Containment containment;
  if (facts.skipped) {
    containment.state = ContainmentState::kSkipped;
    return containment;
  }
  absl::optional<Containment> lockout =
      LockoutContainment(facts.lockout, at_send, send_time);
  if (lockout.has_value()) {
    // ISO-9: a limited isolation revokes sessions but never disables, so it
    // ends limited, not contained (a failure still shows as one).
    if (facts.limited &&
        (lockout->state == ContainmentState::kContained ||
         lockout->state == ContainmentState::kAlreadyContained)) {
      Containment limited;
      limited.state = ContainmentState::kLimited;
      return limited;
    }
    return *lockout;
  }
  if (facts.held.has_value()) {
    containment.state = *facts.held == LockoutOutcome::kSuperseded
                            ? ContainmentState::kSuperseded
                            : ContainmentState::kInProgress;
  }
  return containment;
}

Containment ReportContainment(const std::vector<Containment>& identities) {
  Containment report;
  // The first state any identity is in decides, in this order.
  constexpr std::array<ContainmentState, 5> kDeciding = {
      ContainmentState::kFailed, ContainmentState::kInProgress,
      ContainmentState::kLimited, ContainmentState::kSkipped,
      ContainmentState::kSuperseded};
  for (ContainmentState state : kDeciding) {
    for (const Containment& identity : identities) {
      if (identity.state == state) {
        report.state = state;
        return report;
      }
    }
  }
  for (const Containment& identity : identities) {
    if (identity.state == ContainmentState::kAlreadyContained &&
        report.state == ContainmentState::kNone) {
      report.state = ContainmentState::kAlreadyContained;
    }
    if (identity.state != ContainmentState::kContained) continue;
    if (report.state != ContainmentState::kContained ||
        identity.time_to_contain > report.time_to_contain) {
      report = identity;
    }
  }
  return report;
}

}  // namespace cordon::core
