// ISO-13 drift decisions, as a table.

#include "server/core/isolation/drift.h"

#include <vector>

#include "gtest/gtest.h"

namespace cordon::core {
namespace drift_test {

constexpr StepState N = StepState::kNone;
constexpr StepState Q = StepState::kQueued;
constexpr StepState D = StepState::kDone;
constexpr StepState F = StepState::kFailed;

struct Row {
  const char* why;
  DriftFacts facts;
  bool cloud;
  bool on_prem;
};

TEST(Drift, Iso13Table) {
  const std::vector<Row> rows = {
      {"cloud-only, disabled by Cordon",
       {true, false, false, D, N},
       true,
       false},
      {"hybrid via agent: both again", {true, false, false, D, D}, true, true},
      {"hybrid, cloud disable refused, on-prem done",
       {true, false, false, F, D},
       true,
       true},
      {"LIMITED hybrid enabled is expected",
       {true, true, false, N, N},
       false,
       false},
      {"LIMITED even with a stale step",
       {true, true, false, D, N},
       false,
       false},
      {"released: not Cordon's to disable",
       {false, false, false, D, N},
       false,
       false},
      {"deleted in the tenant (ISO-12)",
       {true, false, true, D, N},
       false,
       false},
      {"hybrid, on-prem disable refused: sync undoes the cloud one",
       {true, false, false, D, F},
       false,
       false},
      {"disable still queued", {true, false, false, Q, N}, false, false},
      {"on-prem disable still queued",
       {true, false, false, D, Q},
       false,
       false},
      {"disable refused: never performed",
       {true, false, false, F, N},
       false,
       false},
      {"nothing asked yet", {true, false, false, N, N}, false, false},
  };
  for (const Row& row : rows) {
    const DriftDecision decision = DecideDrift(row.facts);
    EXPECT_EQ(decision.disable_cloud_account, row.cloud) << row.why;
    EXPECT_EQ(decision.disable_on_prem_account, row.on_prem) << row.why;
    EXPECT_EQ(decision.drift(), row.cloud || row.on_prem) << row.why;
  }
}

}  // namespace drift_test
}  // namespace cordon::core
