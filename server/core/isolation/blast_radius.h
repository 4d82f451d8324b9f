#ifndef CORDON_SERVER_CORE_ISOLATION_BLAST_RADIUS_H_
#define CORDON_SERVER_CORE_ISOLATION_BLAST_RADIUS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace cordon::core {

// ISO-14 blast-radius guard: automated isolations are capped per account, so
// a wrong rule or a flood of reports cannot lock out a whole partner at once.

// The cap's default, and the bounds of the account setting. The counted
// identities of the window are kept in one record per account, so the upper
// bound also bounds that record.
inline constexpr int kDefaultAutomatedIsolationsPerHour = 25;
inline constexpr int kMinAutomatedIsolationsPerHour = 1;
inline constexpr int kMaxAutomatedIsolationsPerHour = 1000;
// The rolling window the cap counts in.
inline constexpr absl::Duration kBlastRadiusWindow = absl::Hours(1);
// How many isolations may wait for one confirmation. Past it an automated
// isolation is refused (RESOURCE_EXHAUSTED) rather than held or performed,
// so the caller learns it and nothing is silently dropped.
inline constexpr int kMaxHeldIsolations = 1000;

inline constexpr char kAutomatedIsolationsPerHourField[] =
    "automated_isolations_per_hour";

// INVALID_ARGUMENT naming kAutomatedIsolationsPerHourField unless `value` is
// within [kMinAutomatedIsolationsPerHour, kMaxAutomatedIsolationsPerHour].
absl::Status ValidateAutomatedIsolationsPerHour(int value);

// One automated isolation that counts against the cap.
struct CountedIsolation {
  std::string identity;
  absl::Time time;
  friend bool operator==(const CountedIsolation&,
                         const CountedIsolation&) = default;
};

// What the guard remembers about one account.
struct GuardState {
  // Distinct identities, oldest first.
  std::vector<CountedIsolation> counted;
  // Past the cap and not yet confirmed: every new automated isolation is
  // held, whatever the window says ("automated isolation pauses").
  bool paused = false;
  // A confirmation restarts the window: nothing before it counts.
  absl::Time window_start = absl::InfinitePast();
};

// The counted isolations that still count at `now`: within the last
// kBlastRadiusWindow (an isolation exactly one hour old no longer counts)
// and not before `window_start`. Order kept.
std::vector<CountedIsolation> InWindow(const GuardState& state, absl::Time now);

enum class GuardVerdict {
  kProceed,                 // counts now: a new identity in the window
  kProceedAlreadyCounted,   // the identity counts in the window already
  kProceedAlreadyIsolated,  // held by another hold: no new lock-out
  kHold,                    // the cap is reached, or the account is paused
};
absl::string_view GuardVerdictName(GuardVerdict verdict);

struct GuardDecision {
  GuardVerdict verdict = GuardVerdict::kProceed;
  // Distinct identities counted in the window, this one included when it
  // proceeds.
  int counted = 0;
  // This decision is the one that pauses the account (the first hold).
  bool pauses = false;
  friend bool operator==(const GuardDecision&, const GuardDecision&) = default;
};

// ISO-14: may a new automated isolation of `identity` proceed at `now`
// under `cap` identities per rolling hour? An identity already held by
// another hold (`identity_already_held`) is isolated already: adding a hold
// locks nobody new out, so it proceeds uncounted even while paused. While
// paused everything else is held; otherwise an identity that counts in the
// window already proceeds, and a new one proceeds while fewer than `cap`
// count, else it is held and the account pauses.
GuardDecision DecideAutomatedIsolation(const GuardState& state, int cap,
                                       absl::Time now,
                                       const std::string& identity,
                                       bool identity_already_held);

// The state after an admin confirmed at `now`: not paused, nothing counted,
// and the window restarts at `now` (the confirmed isolations themselves do
// not count: a person decided them).
GuardState ResumeAfterConfirmation(absl::Time now);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_BLAST_RADIUS_H_
