#include "server/core/telemetry/isolation_timeline.h"

#include <algorithm>

namespace cordon::core {

std::vector<EndpointIsolationObservation> TimelineObservations(
    const std::vector<IsolationTimeline>& timelines) {
  std::vector<EndpointIsolationObservation> observations;
  for (const IsolationTimeline& timeline : timelines) {
    for (const IsolationChange& change : timeline.changes) {
      observations.push_back(EndpointIsolationObservation{
          timeline.endpoint_id, change.time, change.isolated});
    }
  }
  return observations;
}

std::vector<size_t> TimelinesKept(
    const std::vector<IsolationTimeline>& timelines,
    absl::Time forget_released_before, int max_timelines) {
  std::vector<size_t> kept;
  for (size_t i = 0; i < timelines.size(); ++i) {
    const std::vector<IsolationChange>& changes = timelines[i].changes;
    if (changes.empty()) continue;
    if (!changes.back().isolated &&
        changes.back().time < forget_released_before) {
      continue;
    }
    kept.push_back(i);
  }
  auto last_change = [&](size_t i) { return timelines[i].changes.back().time; };
  const size_t max = static_cast<size_t>(std::max(max_timelines, 0));
  while (kept.size() > max) {
    auto drop = std::min_element(
        kept.begin(), kept.end(),
        [&](size_t a, size_t b) { return last_change(a) < last_change(b); });
    kept.erase(drop);
  }
  return kept;
}

}  // namespace cordon::core
