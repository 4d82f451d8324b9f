#ifndef CORDON_SERVER_CORE_ESCALATION_RTP_MONITOR_H_
#define CORDON_SERVER_CORE_ESCALATION_RTP_MONITOR_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::core {

// Managed antivirus mode of an endpoint.
enum class AvMode { kOff, kAudit, kEnforce };
absl::string_view AvModeName(AvMode mode);

// One endpoint status report, as far as ESC-2 type 2 is concerned.
struct RtpObservation {
  absl::Time time;
  AvMode mode = AvMode::kOff;
  bool rtp_on = true;
};

// ESC-2: "off for more than 2 hours".
inline constexpr absl::Duration kRtpOffThreshold = absl::Hours(2);
// "More than" measured to the second (endpoint reports carry times to the
// second): an episode raises once it has lasted 2 h 0 min 1 s, so exactly
// 2 h never raises (issue 8).
inline constexpr absl::Duration kRtpRaiseAfter = absl::Seconds(2 * 3600 + 1);

// The model (for SYSTEM_HEALTH_DEFENDER_RTP_DISABLED, one endpoint):
//   - The endpoint's state over time is piecewise constant: at time t it is
//     the state of the observation with the latest time <= t (sample and
//     hold; arrival order is irrelevant, only observation times count). An
//     endpoint that stops reporting is assumed to stay as last seen. Before
//     its first observation the state is unknown and never alarming.
//   - Observations with equal times are ordered "condition false" first, so
//     the alarming one defines the state from that instant: a tie can never
//     hide an unsafe state, and the result does not depend on arrival order.
//   - The condition is "mode ENFORCE and RTP off". An episode is a maximal
//     interval over which it holds: it starts at the first observation
//     showing it after one that did not (or after none), and ends at the
//     first later observation that does not show it: RTP seen on, OR the
//     mode changed away from ENFORCE (the trigger requires ENFORCE; an admin
//     who switches the endpoint to AUDIT has changed the policy, not left an
//     enforced endpoint unprotected).
//   - An episode raises at off_since + kRtpRaiseAfter (2 h 1 s),
//     inclusive: 1 h 59 min and exactly 2 h never raise, 2 h 1 min does;
//     the instant off_since + 2 h 1 s counts as raised so that a timer set
//     for it fires once and finds the alarm due. An episode ended by an
//     observation at or before that instant never raised (the state
//     changed by then).
//   - An observation that arrives late can split an episode (an "on" in the
//     middle) or join two: the engine re-evaluates from the full set on each
//     arrival and reconciles (open / add to / resolve AUTOMATIC).
struct RtpAlarm {
  absl::Time off_since;
  absl::Time raised_at;                   // off_since + kRtpRaiseAfter
  absl::optional<absl::Time> cleared_at;  // absent while still off
};

// Every alarm raised by `now` (raised_at <= now), oldest first. An episode
// cleared before its 2 hours never appears. Observations after `now` are
// ignored (not yet seen), so the answer for a given `now` does not depend on
// what arrives later with later times.
std::vector<RtpAlarm> RtpAlarms(std::vector<RtpObservation> observations,
                                absl::Time now);

// The endpoint's situation at `now`.
struct RtpStatus {
  // The condition holds at `now` (since off_since).
  bool condition_holds = false;
  absl::optional<absl::Time> off_since;
  // The alarm is raised at `now` (condition held for >= 2 h 1 s).
  bool alarm_active = false;
  // While the condition holds but has not raised yet: when it will, unless
  // an observation ends it first: the time for the engine's timer.
  absl::optional<absl::Time> alarm_due;
};

RtpStatus AssessRtp(std::vector<RtpObservation> observations, absl::Time now);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_RTP_MONITOR_H_
