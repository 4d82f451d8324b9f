#include "server/core/escalation/rtp_monitor.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace cordon::core {
namespace {

bool Alarming(const RtpObservation& o) {
  return o.mode == AvMode::kEnforce && !o.rtp_on;
}

struct Episode {
  absl::Time start;
  absl::optional<absl::Time> end;
};

// The maximal intervals over which the condition holds, using observations
// up to `now` only.
std::vector<Episode> Episodes(std::vector<RtpObservation> observations,
                              absl::Time now) {
  observations.erase(
      std::remove_if(observations.begin(), observations.end(),
                     [now](const RtpObservation& o) { return o.time > now; }),
      observations.end());
  std::stable_sort(observations.begin(), observations.end(),
                   [](const RtpObservation& a, const RtpObservation& b) {
                     if (a.time != b.time) return a.time < b.time;
                     return !Alarming(a) && Alarming(b);
                   });
  std::vector<Episode> episodes;
  bool holding = false;
  for (size_t i = 0; i < observations.size(); ++i) {
    const RtpObservation& o = observations[i];
    // Of several observations at one instant only the last (the alarming
    // one, if any) defines the state from that instant on.
    if (i + 1 < observations.size() && observations[i + 1].time == o.time) {
      continue;
    }
    const bool alarming = Alarming(o);
    if (alarming && !holding) {
      episodes.push_back(Episode{o.time, absl::nullopt});
    } else if (!alarming && holding) {
      episodes.back().end = o.time;
    }
    holding = alarming;
  }
  return episodes;
}

}  // namespace

absl::string_view AvModeName(AvMode mode) {
  switch (mode) {
    case AvMode::kOff:
      return "OFF";
    case AvMode::kAudit:
      return "AUDIT";
    case AvMode::kEnforce:
      return "ENFORCE";
  }
  return "UNKNOWN";
}

std::vector<RtpAlarm> RtpAlarms(std::vector<RtpObservation> observations,
                                absl::Time now) {
  std::vector<RtpAlarm> alarms;
  for (const Episode& episode : Episodes(std::move(observations), now)) {
    const absl::Time raised_at = episode.start + kRtpRaiseAfter;
    if (raised_at > now) continue;
    if (episode.end.has_value() && *episode.end <= raised_at) continue;
    alarms.push_back(RtpAlarm{episode.start, raised_at, episode.end});
  }
  return alarms;
}

RtpStatus AssessRtp(std::vector<RtpObservation> observations, absl::Time now) {
  RtpStatus status;
  const std::vector<Episode> episodes = Episodes(std::move(observations), now);
  if (episodes.empty() || episodes.back().end.has_value()) return status;
  const absl::Time start = episodes.back().start;
  status.condition_holds = true;
  status.off_since = start;
  if (now >= start + kRtpRaiseAfter) {
    status.alarm_active = true;
  } else {
    status.alarm_due = start + kRtpRaiseAfter;
  }
  return status;
}

}  // namespace cordon::core
