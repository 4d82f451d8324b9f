#ifndef CORDON_SERVER_CORE_TELEMETRY_ISOLATION_TIMELINE_H_
#define CORDON_SERVER_CORE_TELEMETRY_ISOLATION_TIMELINE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/escalation/host_isolation.h"

namespace cordon::core {

// One change of an endpoint's network isolation.
struct IsolationChange {
  absl::Time time;
  bool isolated = false;
};

// The network isolation history of one endpoint of an organization, as the
// engine remembers it for HOST_ISOLATION_ORG_WIDE (ESC-2): its changes,
// oldest first, alternating, starting with an isolation.
struct IsolationTimeline {
  std::string endpoint_id;
  std::vector<IsolationChange> changes;
};

// The timelines as the observations FirstOrgWideIsolation judges: one per
// change.
std::vector<EndpointIsolationObservation> TimelineObservations(
    const std::vector<IsolationTimeline>& timelines);

// Bounds what the organization remembers (indices kept, ascending). An
// endpoint released before `forget_released_before` (the engine passes now
// - window - the lateness it tolerates) can count for no isolation to come
// and is forgotten, as is a timeline with no change; then, beyond
// `max_timelines`, the one whose last change is oldest goes first (of
// equals, the first).
std::vector<size_t> TimelinesKept(
    const std::vector<IsolationTimeline>& timelines,
    absl::Time forget_released_before, int max_timelines);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_TELEMETRY_ISOLATION_TIMELINE_H_
