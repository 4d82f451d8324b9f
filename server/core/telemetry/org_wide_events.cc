#include "server/core/telemetry/org_wide_events.h"

#include <algorithm>
#include <string>

#include "absl/types/optional.h"

namespace cordon::core {

std::vector<absl::Time> IsolationsJoiningOpen(const IsolationTimeline& before,
                                              const IsolationTimeline& after,
                                              absl::Time not_before) {
  std::vector<absl::Time> joining;
  for (const IsolationChange& change : after.changes) {
    if (!change.isolated || change.time <= not_before) continue;
    const bool known =
        std::any_of(before.changes.begin(), before.changes.end(),
                    [&](const IsolationChange& old) {
                      return old.isolated && old.time == change.time;
                    });
    if (!known) joining.push_back(change.time);
  }
  return joining;
}

std::vector<ListedIsolation> IsolationsListedOnRaise(
    const std::vector<IsolationTimeline>& timelines,
    const OrgWideIsolation& raised, absl::Time not_before, absl::Time now,
    int max_listed) {
  std::vector<ListedIsolation> listed;
  for (size_t i = 0; i < timelines.size(); ++i) {
    absl::optional<absl::Time> isolated_at;
    for (const IsolationChange& change : timelines[i].changes) {
      if (!change.isolated || change.time > now) continue;
      if (change.time <= raised.raised_at) {
        isolated_at = change.time;
      } else if (change.time > not_before) {
        listed.push_back(ListedIsolation{change.time, i});
      }
    }
    if (isolated_at.has_value() &&
        std::binary_search(raised.endpoint_ids.begin(),
                           raised.endpoint_ids.end(),
                           timelines[i].endpoint_id)) {
      listed.push_back(ListedIsolation{*isolated_at, i});
    }
  }
  std::sort(listed.begin(), listed.end(),
            [&](const ListedIsolation& a, const ListedIsolation& b) {
              if (a.isolated_at != b.isolated_at) {
                return a.isolated_at < b.isolated_at;
              }
              return timelines[a.timeline].endpoint_id <
                     timelines[b.timeline].endpoint_id;
            });
  const size_t max = static_cast<size_t>(std::max(max_listed, 0));
  if (listed.size() > max) listed.resize(max);
  return listed;
}

}  // namespace cordon::core
