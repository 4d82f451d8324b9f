// Time to contain (issue 14): where one identity's lock-out stands, read
// from its report's response actions, and the report's figure.

#include "server/core/isolation/containment.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace cordon::core {
namespace containment_test {

using S = ContainmentState;
using O = LockoutOutcome;

const absl::Time kSent = absl::FromUnixSeconds(1767225600);

LockoutAction At(O outcome, absl::Duration after_send) {
  LockoutAction action;
  action.outcome = outcome;
  action.time = kSent + after_send;
  return action;
}

ContainmentFacts Lockout(std::vector<LockoutAction> actions) {
  ContainmentFacts facts;
  facts.lockout = std::move(actions);
  return facts;
}

ContainmentFacts Limited(std::vector<LockoutAction> actions) {
  ContainmentFacts facts = Lockout(std::move(actions));
  facts.limited = true;
  return facts;
}

ContainmentFacts Skipped() {
  ContainmentFacts facts;
  facts.skipped = true;
  return facts;
}

ContainmentFacts Held(O outcome) {
  ContainmentFacts facts;
  facts.held = outcome;
  return facts;
}

Containment In(S state, absl::Duration time_to_contain = absl::ZeroDuration()) {
  Containment containment;
  containment.state = state;
  containment.contain_time = kSent + time_to_contain;
  containment.time_to_contain = time_to_contain;
  return containment;
}

struct Row {
  const char* why;
  ContainmentFacts facts;
  bool at_send;
  S state;
};

TEST(Containment, StatesFromTheReportsActions) {
  const absl::Duration z = absl::ZeroDuration();
  const std::vector<Row> rows = {
      {"queued at send", Lockout({At(O::kPending, z)}), true, S::kInProgress},
      {"revoked, disable retrying",
       Lockout({At(O::kSucceeded, z), At(O::kPending, z)}), false,
       S::kInProgress},
      {"a disable refused for good (ISO-11)",
       Lockout({At(O::kSucceeded, z), At(O::kFailed, z)}), false, S::kFailed},
      {"released before the lock-out ended (ISO-4)",
       Lockout({At(O::kSucceeded, z), At(O::kSuperseded, z)}), false,
       S::kSuperseded},
      {"everything done under an earlier hold, seen at send",
       Lockout({At(O::kSucceeded, z), At(O::kSucceeded, z)}), true,
       S::kAlreadyContained},
      {"ISO-9 limited: sessions revoked, never disabled",
       Limited({At(O::kSucceeded, z)}), false, S::kLimited},
      {"ISO-9 limited and the revoke failed", Limited({At(O::kFailed, z)}),
       false, S::kFailed},
      {"ISO-7 skipped", Skipped(), true, S::kSkipped},
      {"ISO-14 held for confirmation", Held(O::kPending), true, S::kInProgress},
      {"ISO-14 dropped from the hold", Held(O::kSuperseded), false,
       S::kSuperseded},
      {"no isolation asked", ContainmentFacts(), true, S::kNone},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(
        DecideContainment(row.facts, Containment(), row.at_send, kSent).state,
        row.state)
        << row.why;
  }
}

TEST(Containment, ContainedWhenTheLastLockoutActionSucceeded) {
  const Containment contained =
      DecideContainment(Lockout({At(O::kSucceeded, absl::Seconds(3)),
                                 At(O::kSucceeded, absl::Seconds(95))}),
                        Containment(), /*at_send=*/false, kSent);
  EXPECT_EQ(contained.state, S::kContained);
  EXPECT_EQ(contained.contain_time, kSent + absl::Seconds(95));
  EXPECT_EQ(contained.time_to_contain, absl::Seconds(95));
}

TEST(Containment, AnEndedContainmentIsKeptAsRecorded) {
  // ISO-13: a drift re-disable later gives the report a pending disable;
  // the figure stays what it was.
  const Containment later =
      DecideContainment(Lockout({At(O::kSucceeded, absl::Seconds(95)),
                                 At(O::kPending, absl::Hours(5))}),
                        In(S::kContained, absl::Seconds(95)), false, kSent);
  EXPECT_EQ(later.state, S::kContained);
  EXPECT_EQ(later.time_to_contain, absl::Seconds(95));
  const Containment failed =
      DecideContainment(Lockout({At(O::kSucceeded, absl::Hours(1))}),
                        In(S::kFailed), false, kSent);
  EXPECT_EQ(failed.state, S::kFailed);
}

TEST(Containment, TheReportsFigureIsItsSlowestIdentitys) {
  const Containment report = ReportContainment(
      {In(S::kContained, absl::Seconds(4)), In(S::kContained, absl::Minutes(5)),
       In(S::kAlreadyContained)});
  EXPECT_EQ(report.state, S::kContained);
  EXPECT_EQ(report.time_to_contain, absl::Minutes(5));
  EXPECT_EQ(ReportContainment({In(S::kAlreadyContained)}).state,
            S::kAlreadyContained);
  EXPECT_EQ(ReportContainment({}).state, S::kNone);
}

TEST(Containment, TheReportHasNoFigureUntilEveryIdentityIsLockedOut) {
  for (S state :
       {S::kFailed, S::kInProgress, S::kLimited, S::kSkipped, S::kSuperseded}) {
    const Containment report =
        ReportContainment({In(S::kContained, absl::Seconds(4)), In(state)});
    EXPECT_EQ(report.state, state);
    EXPECT_EQ(report.time_to_contain, absl::ZeroDuration());
  }
  // A failure outweighs an identity still under way.
  EXPECT_EQ(ReportContainment({In(S::kInProgress), In(S::kFailed)}).state,
            S::kFailed);
}

}  // namespace containment_test
}  // namespace cordon::core
