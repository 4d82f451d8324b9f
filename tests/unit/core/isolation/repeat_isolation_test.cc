// ISO-3/ISO-4: what a new hold on an already isolating or isolated identity
// performs (issue 8, defect 2: repeated reports multiplied Graph calls).

#include "server/core/isolation/repeat_isolation.h"

#include "gtest/gtest.h"

namespace cordon::core {
namespace repeat_isolation_test {

using D = StepDecision;
using S = StepState;

IsolationActions CloudPlan() {
  return {.revoke_sessions = true,
          .disable_cloud_account = true,
          .disable_inbox_rules = true};
}

IsolationActions LimitedPlan() {
  return {.revoke_sessions = true, .disable_inbox_rules = true};
}

struct Case {
  const char* name;
  IsolationActions planned;
  IsolationProgress progress;
  StepDecisions expected;
};

class DecideStepsTest : public ::testing::TestWithParam<Case> {};

TEST_P(DecideStepsTest, Iso3NothingDoneOrUnderWayIsRepeated) {
  EXPECT_EQ(DecideSteps(GetParam().planned, GetParam().progress),
            GetParam().expected)
      << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DecideStepsTest,
    ::testing::Values(
        Case{"first hold performs everything planned",
             CloudPlan(),
             {},
             {D::kPerform, D::kPerform, D::kNotPlanned, D::kPerform}},
        Case{"work under way is joined",
             CloudPlan(),
             {S::kQueued, S::kQueued, S::kNone, S::kQueued},
             {D::kJoin, D::kJoin, D::kNotPlanned, D::kJoin}},
        Case{"work done is not repeated",
             CloudPlan(),
             {S::kDone, S::kDone, S::kNone, S::kDone},
             {D::kAlreadyDone, D::kAlreadyDone, D::kNotPlanned,
              D::kAlreadyDone}},
        Case{"a newly named rule is new work",
             CloudPlan(),
             {S::kDone, S::kDone, S::kNone, S::kDone, true},
             {D::kAlreadyDone, D::kAlreadyDone, D::kNotPlanned, D::kPerform}},
        Case{"a failed disable is tried again and sessions revoked again",
             CloudPlan(),
             {S::kDone, S::kFailed, S::kNone, S::kDone},
             {D::kPerform, D::kPerform, D::kNotPlanned, D::kAlreadyDone}},
        Case{"LIMITED: a done revoke is repeated (the account is enabled)",
             LimitedPlan(),
             {S::kDone, S::kNone, S::kNone, S::kDone},
             {D::kPerform, D::kNotPlanned, D::kNotPlanned, D::kAlreadyDone}},
        Case{"LIMITED: a revoke under way is joined",
             LimitedPlan(),
             {S::kQueued, S::kNone, S::kNone, S::kQueued},
             {D::kJoin, D::kNotPlanned, D::kNotPlanned, D::kJoin}},
        Case{"on-prem disable under way keeps a done revoke",
             {.revoke_sessions = true,
              .disable_cloud_account = true,
              .disable_on_prem_account = true},
             {S::kDone, S::kQueued, S::kQueued, S::kNone},
             {D::kAlreadyDone, D::kJoin, D::kJoin, D::kNotPlanned}},
        Case{"a failed revoke is tried again",
             CloudPlan(),
             {S::kFailed, S::kDone, S::kNone, S::kDone},
             {D::kPerform, D::kAlreadyDone, D::kNotPlanned, D::kAlreadyDone}}));

}  // namespace repeat_isolation_test
}  // namespace cordon::core
