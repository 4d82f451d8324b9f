#ifndef CORDON_SIMULATOR_EXPECTATION_RECORDER_H_
#define CORDON_SIMULATOR_EXPECTATION_RECORDER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "simulator/scenario_report.h"

namespace cordon::sim {

// Inclusive bounds on a count, as log_counts, mail and psa_tickets give
// them.
struct CountBounds {
  absl::optional<int64_t> exactly;
  absl::optional<int64_t> at_least;
  absl::optional<int64_t> at_most;
};

// The bounds an expectation message with optional exactly, at_least and
// at_most fields sets.
template <typename Expectation>
CountBounds BoundsOf(const Expectation& expect) {
  CountBounds bounds;
  if (expect.has_exactly()) bounds.exactly = expect.exactly();
  if (expect.has_at_least()) bounds.at_least = expect.at_least();
  if (expect.has_at_most()) bounds.at_most = expect.at_most();
  return bounds;
}

// Writes down the outcome of each check of one expect step, with the
// expected and the actual value, so that a failure says what is.
class ExpectationRecorder {
 public:
  ExpectationRecorder(int step, std::vector<ExpectationResult>* results)
      : step_(step), results_(results) {}

  void Record(std::string what, bool met, std::string message) {
    results_->push_back({step_, std::move(what), met, std::move(message)});
  }

  template <typename T>
  void Compare(const std::string& what, const T& expected, const T& actual) {
    Record(what, expected == actual,
           absl::StrCat("expected ", expected, ", got ", actual));
  }

  // Whether `count` is within `bounds`; not met when no bound is given.
  void CheckCount(const std::string& what, int64_t count,
                  const CountBounds& bounds);

 private:
  const int step_;
  std::vector<ExpectationResult>* results_;
};

// "true", "false", or "no such user" for nullopt: how optional world facts
// read in expectation messages.
std::string OptionalBool(absl::optional<bool> value);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_EXPECTATION_RECORDER_H_
