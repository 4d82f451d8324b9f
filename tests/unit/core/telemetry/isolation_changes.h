#ifndef CORDON_TESTS_UNIT_CORE_TELEMETRY_ISOLATION_CHANGES_H_
#define CORDON_TESTS_UNIT_CORE_TELEMETRY_ISOLATION_CHANGES_H_

#include "absl/time/time.h"
#include "server/core/telemetry/isolation_timeline.h"

namespace cordon::core::testing_times {

// Minutes after a fixed instant keep the tables short.
inline absl::Time At(int minutes) {
  return absl::FromUnixSeconds(1700000000) + absl::Minutes(minutes);
}
inline IsolationChange Iso(int minutes) {
  return IsolationChange{At(minutes), true};
}
inline IsolationChange Rel(int minutes) {
  return IsolationChange{At(minutes), false};
}

}  // namespace cordon::core::testing_times

#endif  // CORDON_TESTS_UNIT_CORE_TELEMETRY_ISOLATION_CHANGES_H_
