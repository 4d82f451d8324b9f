#include "server/core/isolation/blast_radius.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::core {

absl::Status ValidateAutomatedIsolationsPerHour(int value) {
  if (value < kMinAutomatedIsolationsPerHour ||
      value > kMaxAutomatedIsolationsPerHour) {
    return InvalidField(
        kAutomatedIsolationsPerHourField,
        absl::StrCat("from ", kMinAutomatedIsolationsPerHour, " to ",
                     kMaxAutomatedIsolationsPerHour,
                     " identities per hour (absent: the default, ",
                     kDefaultAutomatedIsolationsPerHour, ")"));
  }
  return absl::OkStatus();
}

std::vector<CountedIsolation> InWindow(const GuardState& state,
                                       absl::Time now) {
  const absl::Time from = now - kBlastRadiusWindow;
  std::vector<CountedIsolation> kept;
  for (const CountedIsolation& counted : state.counted) {
    if (counted.time > from && counted.time >= state.window_start) {
      kept.push_back(counted);
    }
  }
  return kept;
}

absl::string_view GuardVerdictName(GuardVerdict verdict) {
  switch (verdict) {
    case GuardVerdict::kProceed:
      return "PROCEED";
    case GuardVerdict::kProceedAlreadyCounted:
      return "PROCEED_ALREADY_COUNTED";
    case GuardVerdict::kProceedAlreadyIsolated:
      return "PROCEED_ALREADY_ISOLATED";
    case GuardVerdict::kHold:
      return "HOLD";
  }
  return "UNKNOWN";
}

GuardDecision DecideAutomatedIsolation(const GuardState& state, int cap,
                                       absl::Time now,
                                       const std::string& identity,
                                       bool identity_already_held) {
  const std::vector<CountedIsolation> window = InWindow(state, now);
  GuardDecision decision;
  decision.counted = static_cast<int>(window.size());
  if (identity_already_held) {
    decision.verdict = GuardVerdict::kProceedAlreadyIsolated;
    return decision;
  }
  if (state.paused) {
    decision.verdict = GuardVerdict::kHold;
    return decision;
  }
  const bool counted = std::any_of(
      window.begin(), window.end(),
      [&](const CountedIsolation& c) { return c.identity == identity; });
  if (counted) {
    decision.verdict = GuardVerdict::kProceedAlreadyCounted;
    return decision;
  }
  if (decision.counted < cap) {
    decision.verdict = GuardVerdict::kProceed;
    ++decision.counted;
    return decision;
  }
  decision.verdict = GuardVerdict::kHold;
  decision.pauses = true;
  return decision;
}

GuardState ResumeAfterConfirmation(absl::Time now) {
  GuardState state;
  state.window_start = now;
  return state;
}

}  // namespace cordon::core
