#ifndef CORDON_SERVER_PORTS_CLOCK_H_
#define CORDON_SERVER_PORTS_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace cordon::ports {

// The only way server code learns the time (DESIGN rule 2): tests and the
// simulator substitute a clock they move by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// Wall-clock time. Only main.cc creates one.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_CLOCK_H_
