#ifndef CORDON_SIMULATOR_EVENT_LOG_H_
#define CORDON_SIMULATOR_EVENT_LOG_H_

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "server/ports/clock.h"

namespace cordon::sim {

// key=value pairs of one event, in the order they are written.
using EventFields = std::vector<std::pair<std::string, std::string>>;

// The record of everything that happened in the simulated world, one line per
// event:
//
//   t=2026-01-01T00:00:00Z graph revoke_sign_in_sessions tenant=... http=204
//
// DESIGN rule 3: the same scenario and seed give the same log byte for byte,
// so a line holds only simulated time (from the Clock port), names and
// values — never pointers, thread ids or wall time. Values that contain
// spaces, '=', quotes or non-printable characters (or are empty) are written
// as a C-escaped quoted string so that lines stay machine-splittable.
//
// Append-only and thread-safe.
class EventLog {
 public:
  // `clock` stamps every line; it must outlive the log.
  explicit EventLog(const ports::Clock* clock);

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Appends "t=<now> <actor> <event> k=v ...". `actor` and `event` are
  // identifiers (no spaces).
  void Append(absl::string_view actor, absl::string_view event,
              const EventFields& fields = {});

  // A copy of all lines so far, oldest first.
  std::vector<std::string> lines() const;
  size_t size() const;
  // All lines joined with '\n' (each line ends with one): for printing a
  // failing run.
  std::string ToString() const;

  // FNV-1a 64 over every line followed by '\n', as 16 lowercase hex digits.
  // Two runs with the same hash wrote the same log.
  std::string Hash() const;

  // Lines containing `substring`.
  size_t Count(absl::string_view substring) const;
  // Lines for which `predicate` holds.
  size_t CountIf(const std::function<bool(absl::string_view)>& predicate) const;

 private:
  const ports::Clock* const clock_;
  mutable std::mutex mu_;
  std::vector<std::string> lines_ ABSL_GUARDED_BY(mu_);
};

// ISO-8601 UTC with as many fraction digits as needed:
// "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.25Z".
std::string FormatSimTime(absl::Time t);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_EVENT_LOG_H_
