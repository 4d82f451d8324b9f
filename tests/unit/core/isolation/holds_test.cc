#include "server/core/isolation/holds.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace holds_test {

using ::testing::ElementsAre;

constexpr char kReport3[] = "accounts/1/organizations/2/incidentReports/3";
constexpr char kReport4[] = "accounts/1/organizations/2/incidentReports/4";
constexpr char kAccessRule[] = "accounts/1/accessRules/9";
constexpr char kIdentity[] = "accounts/1/organizations/2/identities/5";

Hold ReportHold(std::string source) {
  return Hold{HoldKind::kIncidentReport, std::move(source)};
}

std::vector<std::string> Sources(const IdentityHolds& holds) {
  std::vector<std::string> sources;
  for (const Hold& hold : holds.holds()) sources.push_back(hold.source);
  return sources;
}

TEST(IdentityHolds, StartsEmpty) {
  const IdentityHolds holds;
  EXPECT_TRUE(holds.empty());
  EXPECT_EQ(holds.size(), 0u);
  EXPECT_FALSE(holds.Contains(kReport3));
}

TEST(IdentityHolds, Iso4AddIsIdempotent) {
  IdentityHolds holds;
  EXPECT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  EXPECT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  EXPECT_EQ(holds.size(), 1u);
  EXPECT_TRUE(holds.Contains(kReport3));
}

TEST(IdentityHolds, Iso4SingleHoldReleasedReenables) {
  IdentityHolds holds;
  ASSERT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  EXPECT_TRUE(holds.Release(kReport3));
  EXPECT_TRUE(holds.empty());
}

TEST(IdentityHolds, Iso4ReenabledOnlyWhenLastHoldIsReleased) {
  IdentityHolds holds;
  ASSERT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  ASSERT_TRUE(holds.Add(ReportHold(kReport4)).ok());
  ASSERT_TRUE(holds.Add(Hold{HoldKind::kManual, kIdentity}).ok());
  EXPECT_FALSE(holds.Release(kReport4));
  EXPECT_FALSE(holds.Release(kIdentity));
  EXPECT_TRUE(holds.Release(kReport3));
}

TEST(IdentityHolds, Iso4ReleasingTwiceReenablesOnce) {
  IdentityHolds holds;
  ASSERT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  EXPECT_TRUE(holds.Release(kReport3));
  EXPECT_FALSE(holds.Release(kReport3));
}

TEST(IdentityHolds, Iso4ReleasingUnknownSourceChangesNothing) {
  IdentityHolds holds;
  EXPECT_FALSE(holds.Release(kReport3));
  ASSERT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  EXPECT_FALSE(holds.Release(kReport4));
  EXPECT_TRUE(holds.Contains(kReport3));
}

TEST(IdentityHolds, Iso6ManualReleaseClearsAllHolds) {
  IdentityHolds holds;
  ASSERT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  ASSERT_TRUE(holds.Add(Hold{HoldKind::kAccessRule, kAccessRule}).ok());
  ASSERT_TRUE(holds.Add(Hold{HoldKind::kManual, kIdentity}).ok());
  EXPECT_TRUE(holds.ReleaseAll());
  EXPECT_TRUE(holds.empty());
  // A report resolved after the manual release must not re-enable again.
  EXPECT_FALSE(holds.Release(kReport3));
}

TEST(IdentityHolds, Iso6ManualReleaseWithoutHoldsReenablesNothing) {
  IdentityHolds holds;
  EXPECT_FALSE(holds.ReleaseAll());
}

TEST(IdentityHolds, AddRejectsEmptySource) {
  IdentityHolds holds;
  EXPECT_EQ(holds.Add(ReportHold("")).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(holds.empty());
}

TEST(IdentityHolds, AddRejectsSameSourceWithAnotherKind) {
  IdentityHolds holds;
  ASSERT_TRUE(holds.Add(ReportHold(kReport3)).ok());
  EXPECT_EQ(holds.Add(Hold{HoldKind::kManual, kReport3}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(holds.holds(), ElementsAre(ReportHold(kReport3)));
}

TEST(IdentityHolds, AddIsBounded) {
  IdentityHolds holds;
  for (size_t i = 0; i < IdentityHolds::kMaxHolds; ++i) {
    ASSERT_TRUE(holds.Add(ReportHold(absl::StrCat("r/", i))).ok());
  }
  EXPECT_EQ(holds.Add(ReportHold("one/too/many")).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(holds.size(), IdentityHolds::kMaxHolds);
  // Re-adding an existing hold at the limit stays idempotent.
  EXPECT_TRUE(holds.Add(ReportHold("r/0")).ok());
}

TEST(IdentityHolds, HoldsAreSortedBySourceForDeterminism) {
  IdentityHolds holds;
  ASSERT_TRUE(holds.Add(ReportHold("c")).ok());
  ASSERT_TRUE(holds.Add(ReportHold("a")).ok());
  ASSERT_TRUE(holds.Add(ReportHold("b")).ok());
  EXPECT_THAT(Sources(holds), ElementsAre("a", "b", "c"));
}

TEST(IdentityHolds, RebuildFromStorageSortsAndDropsDuplicates) {
  const IdentityHolds holds({ReportHold("b"), Hold{HoldKind::kManual, "a"},
                             Hold{HoldKind::kAccessRule, "b"}});
  EXPECT_THAT(holds.holds(),
              ElementsAre(Hold{HoldKind::kManual, "a"}, ReportHold("b")));
}

TEST(IsolationState, ActiveWithoutHoldsOrPendingActions) {
  EXPECT_EQ(DeriveIsolationState({}), IsolationState::kActive);
}

TEST(IsolationState, Iso14AwaitingConfirmationOnlyWhenNothingElseHappens) {
  IsolationStateInputs inputs;
  inputs.awaiting_confirmation = true;
  EXPECT_EQ(DeriveIsolationState(inputs),
            IsolationState::kAwaitingConfirmation);
  inputs.release_actions_pending = true;  // an earlier release still going
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kReleasing);
  inputs.release_actions_pending = false;
  inputs.has_holds = true;  // isolated by another hold meanwhile
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kIsolated);
}

TEST(IsolationState, Iso3IsolatingWhileIsolateActionsArePending) {
  IsolationStateInputs inputs;
  inputs.has_holds = true;
  inputs.isolate_actions_pending = true;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kIsolating);
  inputs.expected_outcome = ExpectedOutcome::kLimited;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kIsolating);
}

TEST(IsolationState, Iso3IsolatedWhenAllActionsDone) {
  IsolationStateInputs inputs;
  inputs.has_holds = true;
  inputs.expected_outcome = ExpectedOutcome::kIsolated;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kIsolated);
}

TEST(IsolationState, Iso9LimitedWhenLimitedExpected) {
  IsolationStateInputs inputs;
  inputs.has_holds = true;
  inputs.expected_outcome = ExpectedOutcome::kLimited;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kLimited);
}

TEST(IsolationState, Iso11FailedDisableIsNeverReportedAsIsolated) {
  IsolationStateInputs inputs;
  inputs.has_holds = true;
  inputs.expected_outcome = ExpectedOutcome::kIsolated;
  inputs.account_disable_failed = true;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kLimited);
}

TEST(IsolationState, Iso4ReleasingWhileReleaseActionsArePending) {
  IsolationStateInputs inputs;
  inputs.release_actions_pending = true;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kReleasing);
}

TEST(IsolationState, Iso4ReleasedBeforeIsolationFinishedIsReleasing) {
  IsolationStateInputs inputs;
  inputs.isolate_actions_pending = true;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kReleasing);
}

TEST(IsolationState, IsolatedAgainDuringReleaseIsIsolating) {
  IsolationStateInputs inputs;
  inputs.has_holds = true;
  inputs.release_actions_pending = true;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kIsolating);
}

TEST(IsolationState, OutcomeAndFailureAreIgnoredWithoutHolds) {
  IsolationStateInputs inputs;
  inputs.expected_outcome = ExpectedOutcome::kLimited;
  inputs.account_disable_failed = true;
  EXPECT_EQ(DeriveIsolationState(inputs), IsolationState::kActive);
}

TEST(IsolationState, NamesMatchTheApiEnum) {
  EXPECT_EQ(IsolationStateName(IsolationState::kActive), "ACTIVE");
  EXPECT_EQ(IsolationStateName(IsolationState::kIsolating), "ISOLATING");
  EXPECT_EQ(IsolationStateName(IsolationState::kIsolated), "ISOLATED");
  EXPECT_EQ(IsolationStateName(IsolationState::kLimited), "LIMITED");
  EXPECT_EQ(IsolationStateName(IsolationState::kReleasing), "RELEASING");
}

}  // namespace holds_test
}  // namespace cordon::core
