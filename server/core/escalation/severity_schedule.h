#ifndef CORDON_SERVER_CORE_ESCALATION_SEVERITY_SCHEDULE_H_
#define CORDON_SERVER_CORE_ESCALATION_SEVERITY_SCHEDULE_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::core {

// ESC-1. Mirrors cordon.v1.Severity (without UNSPECIFIED).
enum class Severity { kLow, kHigh, kCritical };

// "LOW", "HIGH", "CRITICAL".
absl::string_view SeverityName(Severity severity);

// ESC-1: how long an escalation may stay unanswered before it is overdue,
// and the spacing of the re-notifications after that: CRITICAL 12 h, HIGH
// 48 h, LOW 7 days (168 h; absl::Time has no calendar, so no DST or time
// zone ever changes a period).
absl::Duration OverduePeriod(Severity severity);

// created + OverduePeriod(severity).
absl::Time DueTime(absl::Time created, Severity severity);

// ESC-1, ESC-9: overdue from the due time itself (inclusive) while
// unanswered. An answered escalation is never overdue, even before it
// resolves (e.g. "integration fixed" while the retried deliveries run).
bool IsOverdue(absl::Time created, Severity severity, absl::Time now,
               bool answered);

// The notification schedule (ESC-1) is anchored on the creation time:
// notification k (k >= 0) is due at created + k * OverduePeriod, i.e. one at
// creation, one at the due time (k = 1, when it becomes overdue), then one
// after each further period. A late notification does not shift the later
// ones.
absl::Time NotificationTime(absl::Time created, Severity severity,
                            int64_t index);

// The notification times due by `now` (inclusive), oldest first. `stopped`
// is when the escalation was answered or resolved, if it was: no
// re-notification is due at or after it; the creation notification (k = 0)
// is always due once now >= created. Empty when now < created.
//
// Example: CRITICAL, unanswered, now = created + 40 h -> created + 0, 12,
// 24, 36 h.
//
// The list grows with now - created (CRITICAL: two a day); a scheduler
// should use NextNotificationTime instead of listing.
std::vector<absl::Time> NotificationsDue(
    absl::Time created, Severity severity, absl::Time now,
    absl::optional<absl::Time> stopped = absl::nullopt);

// The number of entries NotificationsDue would return, in O(1).
int64_t NotificationCountDue(
    absl::Time created, Severity severity, absl::Time now,
    absl::optional<absl::Time> stopped = absl::nullopt);

// The first scheduled notification time strictly after `last_notified_at`
// (absent = never notified: the creation time). A scheduler that was down
// and finds this time already in the past sends ONE notification now and
// then asks again with last_notified_at = the time it actually sent: missed
// slots collapse into one instead of a burst, and the schedule stays on the
// creation-anchored grid.
absl::Time NextNotificationTime(absl::Time created, Severity severity,
                                absl::optional<absl::Time> last_notified_at);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_SEVERITY_SCHEDULE_H_
