#ifndef CORDON_SERVER_CORE_ESCALATION_HOST_ISOLATION_H_
#define CORDON_SERVER_CORE_ESCALATION_HOST_ISOLATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::core {

// ESC-2 type 3: HOST_ISOLATION_ORG_WIDE.
struct HostIsolationConfig {
  // "Several" endpoints: at least 2.
  int threshold = 2;
  // The incident window (see FirstOrgWideIsolation).
  absl::Duration window = absl::Hours(1);
};

inline constexpr int kMinHostIsolationThreshold = 2;
inline constexpr int kMaxHostIsolationThreshold = 10000;
inline constexpr absl::Duration kMaxHostIsolationWindow = absl::Hours(7 * 24);

// INVALID_ARGUMENT naming "host_isolation.threshold" (2..10000) or
// "host_isolation.window" (0 .. 7 days).
absl::Status ValidateHostIsolationConfig(const HostIsolationConfig& config);

// One endpoint status report of the organization, as far as network
// isolation is concerned.
struct EndpointIsolationObservation {
  std::string endpoint_id;
  absl::Time time;
  bool isolated = false;
};

struct OrgWideIsolation {
  // The isolation start that reached the threshold.
  absl::Time raised_at;
  // The endpoints counted, sorted, without duplicates.
  std::vector<std::string> endpoint_ids;
};

// The model:
//   - Per endpoint, isolation is sample-and-hold over observation times
//     (arrival order is irrelevant; on equal times "isolated" wins, like the
//     RTP monitor). An endpoint's isolation STARTS at an observation showing
//     it isolated after one that did not (or after none).
//   - Endpoint telemetry names no incident, so "one incident" is a time
//     window: at time t, an endpoint counts if it was isolated at some
//     instant of [t - window, t]; an isolation is [start, release), so an
//     endpoint released exactly at t - window no longer counts, one
//     released a nanosecond later does. That covers endpoints
//     isolated together, one after another within the window, and a new
//     isolation while earlier ones are still in force (a long-running
//     containment is one incident however long it lasts).
//   - The escalation is raised at the first isolation start t in
//     (not_before, now] at which at least `threshold` endpoints count. The
//     count only grows at isolation starts, so no other instant can be the
//     first. `not_before` is when the organization's previous
//     HOST_ISOLATION_ORG_WIDE escalation was resolved (InfinitePast() if
//     none): after an answer only a NEW isolation can raise again (ESC-7:
//     "the next trigger opens a new one"); the endpoints isolated before it
//     still count towards that new trigger. While an escalation is open the
//     engine adds later isolations to it instead (ESC-7).
// Observations after `now` are ignored. nullopt when nothing raises.
absl::optional<OrgWideIsolation> FirstOrgWideIsolation(
    std::vector<EndpointIsolationObservation> observations,
    const HostIsolationConfig& config, absl::Time not_before, absl::Time now);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_HOST_ISOLATION_H_
