// ISO-14: the blast-radius guard's decision, as a table.
#include "server/core/isolation/blast_radius.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace blast_radius_test {

const absl::Time kNoon = absl::FromUnixSeconds(1700000000);

// `n` distinct identities "id-0".."id-<n-1>", isolated `age` before noon.
std::vector<CountedIsolation> Counted(int n, absl::Duration age) {
  std::vector<CountedIsolation> counted;
  for (int i = 0; i < n; ++i) {
    counted.push_back({"id-" + std::to_string(i), kNoon - age});
  }
  return counted;
}

struct Case {
  std::string name;
  GuardState state = {};
  int cap = kDefaultAutomatedIsolationsPerHour;
  std::string identity = "new";
  bool already_held = false;
  GuardDecision want;
};

TEST(BlastRadius, Iso14DecisionTable) {
  const std::vector<Case> cases = {
      {.name = "empty account proceeds and counts",
       .want = {GuardVerdict::kProceed, 1, false}},
      {.name = "24 counted: the 25th proceeds",
       .state = {.counted = Counted(24, absl::Minutes(10))},
       .want = {GuardVerdict::kProceed, 25, false}},
      {.name = "25 counted: the 26th is held and pauses",
       .state = {.counted = Counted(25, absl::Minutes(10))},
       .want = {GuardVerdict::kHold, 25, true}},
      {.name = "cap from the setting: 3 counted, cap 3",
       .state = {.counted = Counted(3, absl::Minutes(1))},
       .cap = 3,
       .want = {GuardVerdict::kHold, 3, true}},
      {.name = "cap from the setting: 3 counted, cap 4",
       .state = {.counted = Counted(3, absl::Minutes(1))},
       .cap = 4,
       .want = {GuardVerdict::kProceed, 4, false}},
      {.name = "rolling: isolations an hour old no longer count",
       .state = {.counted = Counted(25, absl::Hours(1))},
       .want = {GuardVerdict::kProceed, 1, false}},
      {.name = "rolling: 59 minutes old still count",
       .state = {.counted = Counted(25, absl::Minutes(59))},
       .want = {GuardVerdict::kHold, 25, true}},
      {.name = "distinct identities: one counted already proceeds uncounted",
       .state = {.counted = Counted(25, absl::Minutes(5))},
       .identity = "id-7",
       .want = {GuardVerdict::kProceedAlreadyCounted, 25, false}},
      {.name = "paused: held even with room in the window",
       .state = {.counted = {}, .paused = true},
       .want = {GuardVerdict::kHold, 0, false}},
      {.name = "paused: held even when counted in the window",
       .state = {.counted = Counted(25, absl::Minutes(5)), .paused = true},
       .identity = "id-3",
       .want = {GuardVerdict::kHold, 25, false}},
      {.name = "already isolated: a further hold locks nobody new out",
       .state = {.counted = Counted(25, absl::Minutes(5)), .paused = true},
       .already_held = true,
       .want = {GuardVerdict::kProceedAlreadyIsolated, 25, false}},
      {.name = "window restarted by a confirmation: earlier ones don't count",
       .state = {.counted = Counted(25, absl::Minutes(30)),
                 .paused = false,
                 .window_start = kNoon - absl::Minutes(20)},
       .want = {GuardVerdict::kProceed, 1, false}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const GuardDecision got = DecideAutomatedIsolation(
        c.state, c.cap, kNoon, c.identity, c.already_held);
    EXPECT_EQ(GuardVerdictName(got.verdict), GuardVerdictName(c.want.verdict));
    EXPECT_EQ(got.counted, c.want.counted);
    EXPECT_EQ(got.pauses, c.want.pauses);
  }
}

TEST(BlastRadius, Iso14InWindowKeepsOrderAndDropsTheOld) {
  GuardState state = {};
  state.counted = {{"a", kNoon - absl::Minutes(90)},
                   {"b", kNoon - absl::Minutes(60)},
                   {"c", kNoon - absl::Minutes(59)},
                   {"d", kNoon}};
  EXPECT_THAT(InWindow(state, kNoon),
              ::testing::ElementsAre(state.counted[2], state.counted[3]));
  state.window_start = kNoon;
  EXPECT_THAT(InWindow(state, kNoon), ::testing::ElementsAre(state.counted[3]));
}

TEST(BlastRadius, Iso14ConfirmationRestartsTheWindow) {
  const GuardState resumed = ResumeAfterConfirmation(kNoon);
  EXPECT_FALSE(resumed.paused);
  EXPECT_TRUE(resumed.counted.empty());
  EXPECT_EQ(resumed.window_start, kNoon);
  // The full cap is available again right after the confirmation.
  GuardState later = resumed;
  later.counted = Counted(24, absl::ZeroDuration());
  EXPECT_EQ(DecideAutomatedIsolation(later, 25, kNoon, "new", false).verdict,
            GuardVerdict::kProceed);
}

TEST(BlastRadius, Iso14SettingBounds) {
  EXPECT_TRUE(ValidateAutomatedIsolationsPerHour(1).ok());
  EXPECT_TRUE(ValidateAutomatedIsolationsPerHour(25).ok());
  EXPECT_TRUE(ValidateAutomatedIsolationsPerHour(1000).ok());
  for (int bad : {0, -1, 1001}) {
    const absl::Status status = ValidateAutomatedIsolationsPerHour(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(FieldOf(status), std::string(kAutomatedIsolationsPerHourField));
  }
}

}  // namespace blast_radius_test
}  // namespace cordon::core
