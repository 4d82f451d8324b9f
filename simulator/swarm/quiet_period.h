#ifndef CORDON_SIMULATOR_SWARM_QUIET_PERIOD_H_
#define CORDON_SIMULATOR_SWARM_QUIET_PERIOD_H_

#include <map>
#include <string>

#include "cordon/sim/v1/scenario.pb.h"

namespace cordon::sim::swarm {

// Steps of the quiet period carry labels starting with this, so that the
// shrinker can take the period off a history and put a fresh one back.
inline constexpr char kQuietPeriodLabel[] = "swarm end: ";

// How many holds each identity must have once the history's steps are done
// (ISO-2, ISO-4, ISO-6, ISO-7, ISO-8): one per isolation-worthy report
// still open (unless the account's toggle, the organization or the
// identity excludes it), plus one manual hold after an isolate; a release
// clears them all. Read from the steps alone, so it holds for any shrunk
// history too. Identities an UNAUTHORIZED access rule may isolate (those
// with recorded sign-ins, when the history has such a rule) are left out.
std::map<std::string, int> ExpectedHolds(
    const cordon::sim::v1::Scenario& scenario);

// Replaces the history's quiet period (if any) by a new one: random faults
// off, the PSA and every broken tenant fixed, every agent back online,
// settle, a directory-sync cycle's worth of time, settle again, then
// `converged {}` and an `expect` of ExpectedHolds.
void CloseHistory(cordon::sim::v1::Scenario& scenario);

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_QUIET_PERIOD_H_
