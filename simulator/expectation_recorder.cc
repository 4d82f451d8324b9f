#include "simulator/expectation_recorder.h"

#include "absl/strings/str_join.h"

namespace cordon::sim {

void ExpectationRecorder::CheckCount(const std::string& what, int64_t count,
                                     const CountBounds& bounds) {
  std::vector<std::string> said;
  bool met = true;
  if (bounds.exactly.has_value()) {
    met &= count == *bounds.exactly;
    said.push_back(absl::StrCat("exactly ", *bounds.exactly));
  }
  if (bounds.at_least.has_value()) {
    met &= count >= *bounds.at_least;
    said.push_back(absl::StrCat("at least ", *bounds.at_least));
  }
  if (bounds.at_most.has_value()) {
    met &= count <= *bounds.at_most;
    said.push_back(absl::StrCat("at most ", *bounds.at_most));
  }
  if (said.empty()) {
    Record(what, false, "no bound given (exactly, at_least, at_most)");
    return;
  }
  Record(
      what, met,
      absl::StrCat("expected ", absl::StrJoin(said, " and "), ", got ", count));
}

std::string OptionalBool(absl::optional<bool> value) {
  if (!value.has_value()) return "no such user";
  return *value ? "true" : "false";
}

}  // namespace cordon::sim
