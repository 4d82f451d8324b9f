#ifndef CORDON_SERVER_CORE_TELEMETRY_RTP_REPORTS_H_
#define CORDON_SERVER_CORE_TELEMETRY_RTP_REPORTS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/escalation/rtp_monitor.h"

namespace cordon::core {

// What the engine keeps about SYSTEM_HEALTH_DEFENDER_RTP_DISABLED (ESC-2)
// escalations of one endpoint: each alarm (RtpAlarms) it reported, and
// where. The rules below reconcile these reports with the alarms that the
// endpoint's observations show now, which a late or out-of-order event may
// have split, ended or created after the fact.
struct ReportedRtpAlarm {
  // The start of the episode the report stands for.
  absl::Time off_since;
  // When the condition was seen to end; absent while the alarm holds.
  absl::optional<absl::Time> cleared;
  // The escalation it went to (ESC-7 may have joined an open one).
  std::string escalation;
};

// An open report whose alarm no longer holds.
struct EndedRtpReport {
  size_t report = 0;  // index into the reports
  absl::Time cleared;
};

// ESC-2 "resolves by itself once RTP is seen enabled again": the open
// reports, in order, whose episode no longer holds 2 hours or more at `now`
// (RTP seen on, the mode changed, or a late event split the episode). An
// open report stands for [off_since, forever); it still holds while it
// overlaps an alarm that is still active. Otherwise it ended when the
// latest alarm it overlaps was cleared; overlapping none, the episode never
// lasted 2 hours after all and ended at the earliest observation after its
// start that does not show the condition; with no such observation, at
// `now`.
std::vector<EndedRtpReport> EndedRtpReports(
    const std::vector<ReportedRtpAlarm>& reports,
    const std::vector<RtpAlarm>& alarms,
    const std::vector<RtpObservation>& observations, absl::Time now);

// Whether an alarm is reported already, so raising it again would double
// it: a report overlaps it (half-open intervals; an open one reaches to
// forever), and that report is still open or the alarm has ended too. An
// alarm still active that only an ended report overlaps is a new episode
// to raise.
bool RtpAlarmReported(const RtpAlarm& alarm,
                      const std::vector<ReportedRtpAlarm>& reports);

// After raising `alarm` went to `escalation`: whether that escalation
// resolves (AUTOMATIC) at once. An alarm that ended before its events
// arrived is raised and resolved together, unless ESC-7 joined it to the
// escalation of an alarm that still holds (an open report of it).
bool RtpAlarmResolvesAtOnce(const RtpAlarm& alarm,
                            const std::vector<ReportedRtpAlarm>& reports,
                            const std::string& escalation);

// Whether a timer must be queued for `alarm_due` (AssessRtp's, when the
// condition holds but has not lasted 2 hours yet), given the due time of
// the one queued before, if any. One timer per due time: a timer made stale
// by a later event finds nothing to do when it fires.
bool RtpTimerNeeded(absl::optional<absl::Time> alarm_due,
                    absl::optional<absl::Time> queued_due);

// Bounds the reports kept (indices, ascending). Ended reports that ended
// before the earliest observation kept can overlap no alarm any more and
// go (with no observation, the earliest is `now`); beyond `max_reports`,
// the oldest ended one goes first, and only when none has ended, the
// oldest.
std::vector<size_t> RtpReportsKept(
    const std::vector<ReportedRtpAlarm>& reports,
    const std::vector<RtpObservation>& observations, absl::Time now,
    int max_reports);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_TELEMETRY_RTP_REPORTS_H_
