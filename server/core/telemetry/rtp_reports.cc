#include "server/core/telemetry/rtp_reports.h"

#include <algorithm>

namespace cordon::core {
namespace {

// A half-open interval [start, end); no end = still going.
struct Interval {
  absl::Time start;
  absl::optional<absl::Time> end;
};

bool Overlap(const Interval& a, const Interval& b) {
  return (!b.end.has_value() || a.start < *b.end) &&
         (!a.end.has_value() || b.start < *a.end);
}

Interval OfAlarm(const RtpAlarm& alarm) {
  return Interval{alarm.off_since, alarm.cleared_at};
}

Interval OfReport(const ReportedRtpAlarm& report) {
  return Interval{report.off_since, report.cleared};
}

// ESC-2's condition, as RtpAlarms judges it.
bool Alarming(const RtpObservation& o) {
  return o.mode == AvMode::kEnforce && !o.rtp_on;
}

// When the open report `reported` ended, or nullopt while an alarm it
// overlaps is still active.
absl::optional<absl::Time> EndOf(
    const Interval& reported, const std::vector<RtpAlarm>& alarms,
    const std::vector<RtpObservation>& observations, absl::Time now) {
  absl::optional<absl::Time> cleared;
  for (const RtpAlarm& alarm : alarms) {
    if (!Overlap(OfAlarm(alarm), reported)) continue;
    if (!alarm.cleared_at.has_value()) return absl::nullopt;
    if (!cleared.has_value() || *alarm.cleared_at > *cleared) {
      cleared = alarm.cleared_at;
    }
  }
  if (cleared.has_value()) return cleared;
  for (const RtpObservation& o : observations) {
    if (o.time > reported.start && !Alarming(o) &&
        (!cleared.has_value() || o.time < *cleared)) {
      cleared = o.time;
    }
  }
  return cleared.value_or(now);
}

}  // namespace

std::vector<EndedRtpReport> EndedRtpReports(
    const std::vector<ReportedRtpAlarm>& reports,
    const std::vector<RtpAlarm>& alarms,
    const std::vector<RtpObservation>& observations, absl::Time now) {
  std::vector<EndedRtpReport> ended;
  for (size_t i = 0; i < reports.size(); ++i) {
    if (reports[i].cleared.has_value()) continue;
    const absl::optional<absl::Time> end =
        EndOf(OfReport(reports[i]), alarms, observations, now);
    if (end.has_value()) ended.push_back(EndedRtpReport{i, *end});
  }
  return ended;
}

bool RtpAlarmReported(const RtpAlarm& alarm,
                      const std::vector<ReportedRtpAlarm>& reports) {
  const Interval interval = OfAlarm(alarm);
  for (const ReportedRtpAlarm& report : reports) {
    if (Overlap(interval, OfReport(report)) &&
        (alarm.cleared_at.has_value() || !report.cleared.has_value())) {
      return true;
    }
  }
  return false;
}

bool RtpAlarmResolvesAtOnce(const RtpAlarm& alarm,
                            const std::vector<ReportedRtpAlarm>& reports,
                            const std::string& escalation) {
  if (!alarm.cleared_at.has_value()) return false;
  for (const ReportedRtpAlarm& report : reports) {
    if (!report.cleared.has_value() && report.escalation == escalation) {
      return false;
    }
  }
  return true;
}

bool RtpTimerNeeded(absl::optional<absl::Time> alarm_due,
                    absl::optional<absl::Time> queued_due) {
  return alarm_due.has_value() && queued_due != alarm_due;
}

std::vector<size_t> RtpReportsKept(
    const std::vector<ReportedRtpAlarm>& reports,
    const std::vector<RtpObservation>& observations, absl::Time now,
    int max_reports) {
  absl::optional<absl::Time> oldest;
  for (const RtpObservation& o : observations) {
    if (!oldest.has_value() || o.time < *oldest) oldest = o.time;
  }
  std::vector<size_t> kept;
  for (size_t i = 0; i < reports.size(); ++i) {
    const absl::optional<absl::Time>& cleared = reports[i].cleared;
    if (!cleared.has_value() || *cleared >= oldest.value_or(now)) {
      kept.push_back(i);
    }
  }
  const size_t max = static_cast<size_t>(std::max(max_reports, 0));
  while (kept.size() > max) {
    auto drop = std::find_if(kept.begin(), kept.end(), [&](size_t i) {
      return reports[i].cleared.has_value();
    });
    kept.erase(drop == kept.end() ? kept.begin() : drop);
  }
  return kept;
}

}  // namespace cordon::core
