#ifndef CORDON_SERVER_CORE_TELEMETRY_ORG_WIDE_EVENTS_H_
#define CORDON_SERVER_CORE_TELEMETRY_ORG_WIDE_EVENTS_H_

#include <cstddef>
#include <vector>

#include "absl/time/time.h"
#include "server/core/escalation/host_isolation.h"
#include "server/core/telemetry/isolation_timeline.h"

namespace cordon::core {

// Which isolations a HOST_ISOLATION_ORG_WIDE escalation (ESC-2) lists as its
// events; FirstOrgWideIsolation decides whether one is raised at all.

// ESC-7: while the organization's escalation is open, each new isolation of
// an endpoint joins it. The isolation starts of `after` (one endpoint's
// timeline once an event changed it from `before`), in order, that are
// after `not_before` and that `before` did not have already.
std::vector<absl::Time> IsolationsJoiningOpen(const IsolationTimeline& before,
                                              const IsolationTimeline& after,
                                              absl::Time not_before);

// One event of a newly raised escalation.
struct ListedIsolation {
  absl::Time isolated_at;
  size_t timeline = 0;  // index into the timelines
};

// The events of the escalation `raised` opens: each counted endpoint's
// latest isolation up to the moment the threshold was met, then every
// isolation since, up to `now` and after `not_before` (they would have
// joined had they arrived in order); oldest first (of one instant, by
// endpoint id), at most `max_listed`.
std::vector<ListedIsolation> IsolationsListedOnRaise(
    const std::vector<IsolationTimeline>& timelines,
    const OrgWideIsolation& raised, absl::Time not_before, absl::Time now,
    int max_listed);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_TELEMETRY_ORG_WIDE_EVENTS_H_
