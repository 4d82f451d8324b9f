#ifndef CORDON_TESTS_SIMULATION_RUN_DESCRIPTION_H_
#define CORDON_TESTS_SIMULATION_RUN_DESCRIPTION_H_

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// What to print with a failed simulated run: the seed that replays it, the
// BUGGIFY sites, the test's own `progress` (if any) and the end of the
// event log.
inline std::string DescribeRun(Simulation& sim,
                               absl::string_view progress = "") {
  const std::vector<std::string> lines = sim.log().lines();
  const size_t tail = std::min<size_t>(lines.size(), 60);
  return absl::StrCat(
      "seed ", sim.seed(), ", buggify sites [",
      absl::StrJoin(sim.faults().EnabledBuggifySites(), ", "), "]",
      progress.empty() ? "" : ", ", progress, "; last ", tail, " events:\n",
      absl::StrJoin(lines.end() - static_cast<std::ptrdiff_t>(tail),
                    lines.end(), "\n"));
}

// Checks every invariant now; a violation fails the test, saying `when` and
// what `describe` returns.
inline void ExpectNoViolations(InvariantChecker& invariants,
                               absl::string_view when,
                               const std::function<std::string()>& describe) {
  auto violations = invariants.Check();
  ASSERT_TRUE(violations.ok()) << violations.status();
  EXPECT_THAT(*violations, ::testing::IsEmpty()) << when << "\n" << describe();
}

}  // namespace cordon::sim

#endif  // CORDON_TESTS_SIMULATION_RUN_DESCRIPTION_H_
