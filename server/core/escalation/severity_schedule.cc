#include "server/core/escalation/severity_schedule.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cordon::core {
namespace {

// The number of whole periods in [created, t], i.e. the largest k with
// created + k * period <= t; -1 when t < created.
int64_t PeriodsElapsed(absl::Time created, absl::Duration period,
                       absl::Time t) {
  if (t < created) return -1;
  absl::Duration remainder;
  return absl::IDivDuration(t - created, period, &remainder);
}

// The largest k with created + k * period < t; -1 when t <= created.
int64_t PeriodsStrictlyBefore(absl::Time created, absl::Duration period,
                              absl::Time t) {
  if (t <= created) return -1;
  absl::Duration remainder;
  const int64_t k = absl::IDivDuration(t - created, period, &remainder);
  return remainder == absl::ZeroDuration() ? k - 1 : k;
}

}  // namespace

absl::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kLow:
      return "LOW";
    case Severity::kHigh:
      return "HIGH";
    case Severity::kCritical:
      return "CRITICAL";
  }
  return "UNKNOWN";
}

absl::Duration OverduePeriod(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return absl::Hours(12);
    case Severity::kHigh:
      return absl::Hours(48);
    case Severity::kLow:
      return absl::Hours(7 * 24);
  }
  return absl::Hours(12);  // unreachable; the shortest period is the safest
}

absl::Time DueTime(absl::Time created, Severity severity) {
  return created + OverduePeriod(severity);
}

bool IsOverdue(absl::Time created, Severity severity, absl::Time now,
               bool answered) {
  return !answered && now >= DueTime(created, severity);
}

absl::Time NotificationTime(absl::Time created, Severity severity,
                            int64_t index) {
  return created + OverduePeriod(severity) * std::max<int64_t>(index, 0);
}

int64_t NotificationCountDue(absl::Time created, Severity severity,
                             absl::Time now,
                             absl::optional<absl::Time> stopped) {
  const absl::Duration period = OverduePeriod(severity);
  int64_t last = PeriodsElapsed(created, period, now);
  if (last < 0) return 0;
  if (stopped.has_value()) {
    // Re-notifications (k >= 1) only strictly before the stop; the
    // creation notification always.
    last = std::min(
        last,
        std::max<int64_t>(PeriodsStrictlyBefore(created, period, *stopped), 0));
  }
  return last + 1;
}

std::vector<absl::Time> NotificationsDue(absl::Time created, Severity severity,
                                         absl::Time now,
                                         absl::optional<absl::Time> stopped) {
  const int64_t count = NotificationCountDue(created, severity, now, stopped);
  std::vector<absl::Time> times;
  times.reserve(static_cast<size_t>(count));
  for (int64_t k = 0; k < count; ++k) {
    times.push_back(NotificationTime(created, severity, k));
  }
  return times;
}

absl::Time NextNotificationTime(absl::Time created, Severity severity,
                                absl::optional<absl::Time> last_notified_at) {
  if (!last_notified_at.has_value() || *last_notified_at < created) {
    return created;
  }
  const int64_t k =
      PeriodsElapsed(created, OverduePeriod(severity), *last_notified_at);
  return NotificationTime(created, severity, k + 1);
}

}  // namespace cordon::core
