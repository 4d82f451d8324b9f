#include "server/core/escalation/host_isolation.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace {

struct Interval {
  const std::string* endpoint_id;
  absl::Time start;
  absl::optional<absl::Time> end;  // absent = still isolated
};

// Whether the endpoint was isolated at some instant of [from, to].
bool Intersects(const Interval& interval, absl::Time from, absl::Time to) {
  if (interval.start > to) return false;
  return !interval.end.has_value() || *interval.end > from;
}

}  // namespace

absl::Status ValidateHostIsolationConfig(const HostIsolationConfig& config) {
  if (config.threshold < kMinHostIsolationThreshold ||
      config.threshold > kMaxHostIsolationThreshold) {
    return InvalidField(
        "host_isolation.threshold",
        absl::StrCat("must be ", kMinHostIsolationThreshold, "..",
                     kMaxHostIsolationThreshold, " endpoints"));
  }
  if (config.window < absl::ZeroDuration() ||
      config.window > kMaxHostIsolationWindow) {
    return InvalidField("host_isolation.window",
                        "must be between 0 and 7 days");
  }
  return absl::OkStatus();
}

absl::optional<OrgWideIsolation> FirstOrgWideIsolation(
    std::vector<EndpointIsolationObservation> observations,
    const HostIsolationConfig& config, absl::Time not_before, absl::Time now) {
  observations.erase(
      std::remove_if(observations.begin(), observations.end(),
                     [now](const EndpointIsolationObservation& o) {
                       return o.time > now;
                     }),
      observations.end());
  std::sort(observations.begin(), observations.end(),
            [](const EndpointIsolationObservation& a,
               const EndpointIsolationObservation& b) {
              if (a.endpoint_id != b.endpoint_id) {
                return a.endpoint_id < b.endpoint_id;
              }
              if (a.time != b.time) return a.time < b.time;
              return !a.isolated && b.isolated;
            });

  std::vector<Interval> intervals;
  for (size_t i = 0; i < observations.size(); ++i) {
    const EndpointIsolationObservation& o = observations[i];
    const bool first_of_endpoint =
        i == 0 || observations[i - 1].endpoint_id != o.endpoint_id;
    // Of several observations of one endpoint at one instant, the last
    // ("isolated" if any) defines the state.
    if (i + 1 < observations.size() &&
        observations[i + 1].endpoint_id == o.endpoint_id &&
        observations[i + 1].time == o.time) {
      continue;
    }
    const bool holding = !first_of_endpoint && !intervals.empty() &&
                         *intervals.back().endpoint_id == o.endpoint_id &&
                         !intervals.back().end.has_value();
    if (o.isolated && !holding) {
      intervals.push_back(Interval{&o.endpoint_id, o.time, absl::nullopt});
    } else if (!o.isolated && holding) {
      intervals.back().end = o.time;
    }
  }

  std::vector<absl::Time> starts;
  for (const Interval& interval : intervals) {
    if (interval.start > not_before) starts.push_back(interval.start);
  }
  std::sort(starts.begin(), starts.end());
  const int threshold = std::max(config.threshold, 1);
  const absl::Duration window = std::max(config.window, absl::ZeroDuration());
  for (const absl::Time t : starts) {
    std::vector<std::string> counted;
    for (const Interval& interval : intervals) {
      if (Intersects(interval, t - window, t)) {
        counted.push_back(*interval.endpoint_id);
      }
    }
    std::sort(counted.begin(), counted.end());
    counted.erase(std::unique(counted.begin(), counted.end()), counted.end());
    if (static_cast<int>(counted.size()) >= threshold) {
      return OrgWideIsolation{t, std::move(counted)};
    }
  }
  return absl::nullopt;
}

}  // namespace cordon::core
