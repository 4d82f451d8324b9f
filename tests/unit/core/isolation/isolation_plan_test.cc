#include "server/core/isolation/isolation_plan.h"

#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace cordon::core {
namespace isolation_plan_test {

IsolationContext CloudReport() {
  IsolationContext context;
  context.trigger = IsolationTrigger::kIncidentReport;
  context.source = IdentitySource::kCloudOnly;
  return context;
}

IsolationContext Hybrid(std::string agent_version) {
  IsolationContext context = CloudReport();
  context.source = IdentitySource::kHybridSynced;
  context.agent_version = std::move(agent_version);
  return context;
}

IsolationActions FullCloud() {
  IsolationActions actions;
  actions.revoke_sessions = true;
  actions.disable_cloud_account = true;
  actions.disable_inbox_rules = true;
  return actions;
}

IsolationActions FullHybrid() {
  IsolationActions actions = FullCloud();
  actions.disable_on_prem_account = true;
  return actions;
}

IsolationActions Limited() {
  IsolationActions actions;
  actions.revoke_sessions = true;
  actions.disable_inbox_rules = true;
  return actions;
}

TEST(IsolationPlan, Iso1IsolationIsOnByDefault) {
  const IsolationContext context;
  EXPECT_TRUE(context.account_isolation_enabled);
  EXPECT_FALSE(context.organization_excluded);
  EXPECT_FALSE(context.identity_excluded);
  EXPECT_FALSE(PlanIsolation(context).skipped());
}

TEST(IsolationPlan, Iso3CloudOnlyIsFullyIsolated) {
  const IsolationPlan plan = PlanIsolation(CloudReport());
  EXPECT_EQ(plan.skip_reason, IsolationSkipReason::kNone);
  EXPECT_EQ(plan.actions, FullCloud());
  EXPECT_FALSE(plan.actions.disable_on_prem_account);
  EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kIsolated);
}

TEST(IsolationPlan, Iso3CloudOnlyIgnoresAnyAgentVersion) {
  IsolationContext context = CloudReport();
  context.agent_version = "0.1.0";
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_EQ(plan.actions, FullCloud());
  EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kIsolated);
}

TEST(IsolationPlan, Iso1AccountToggleOffSkipsIsolation) {
  IsolationContext context = CloudReport();
  context.account_isolation_enabled = false;
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_TRUE(plan.skipped());
  EXPECT_EQ(plan.skip_reason, IsolationSkipReason::kAccountIsolationDisabled);
  EXPECT_FALSE(plan.actions.Any());
}

TEST(IsolationPlan, Iso7ExcludedOrganizationGetsNoActionAtAll) {
  IsolationContext context = CloudReport();
  context.organization_excluded = true;
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_EQ(plan.skip_reason, IsolationSkipReason::kOrganizationExcluded);
  EXPECT_EQ(plan.actions, IsolationActions());
}

TEST(IsolationPlan, Iso7ExcludedIdentityGetsNoActionAtAll) {
  IsolationContext context = Hybrid("1.0");
  context.identity_excluded = true;
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_EQ(plan.skip_reason, IsolationSkipReason::kIdentityExcluded);
  EXPECT_FALSE(plan.actions.revoke_sessions);
  EXPECT_FALSE(plan.actions.disable_inbox_rules);
  EXPECT_FALSE(plan.actions.Any());
}

TEST(IsolationPlan, Iso7SkipPrecedenceToggleThenOrganizationThenIdentity) {
  IsolationContext context = CloudReport();
  context.account_isolation_enabled = false;
  context.organization_excluded = true;
  context.identity_excluded = true;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kAccountIsolationDisabled);
  context.account_isolation_enabled = true;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kOrganizationExcluded);
  context.organization_excluded = false;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kIdentityExcluded);
  context.identity_excluded = false;
  EXPECT_EQ(PlanIsolation(context).skip_reason, IsolationSkipReason::kNone);
}

// ISO-12: a user deleted in the tenant is never acted on, whatever asked
// and whatever the switches say; it takes precedence over every ISO-7 reason.
TEST(IsolationPlan, Iso12DeletedInTenantIsSkippedEvenWhenManual) {
  IsolationContext context = CloudReport();
  context.identity_deleted_in_tenant = true;
  for (IsolationTrigger trigger :
       {IsolationTrigger::kIncidentReport, IsolationTrigger::kAccessRule,
        IsolationTrigger::kManual}) {
    context.trigger = trigger;
    const IsolationPlan plan = PlanIsolation(context);
    EXPECT_EQ(plan.skip_reason, IsolationSkipReason::kIdentityDeletedInTenant)
        << IsolationTriggerName(trigger);
    EXPECT_FALSE(plan.actions.Any());
  }
  context.trigger = IsolationTrigger::kIncidentReport;
  context.account_isolation_enabled = false;
  context.organization_excluded = true;
  context.identity_excluded = true;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kIdentityDeletedInTenant);
}

TEST(IsolationPlan, Iso7ToggleOffWithIdentityExcludedReportsToggle) {
  IsolationContext context = CloudReport();
  context.account_isolation_enabled = false;
  context.identity_excluded = true;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kAccountIsolationDisabled);
}

TEST(IsolationPlan, Esc4AccessRuleTriggerObeysToggleAndExclusions) {
  IsolationContext context = CloudReport();
  context.trigger = IsolationTrigger::kAccessRule;
  EXPECT_EQ(PlanIsolation(context).actions, FullCloud());
  context.identity_excluded = true;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kIdentityExcluded);
  context.organization_excluded = true;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kOrganizationExcluded);
  context.account_isolation_enabled = false;
  EXPECT_EQ(PlanIsolation(context).skip_reason,
            IsolationSkipReason::kAccountIsolationDisabled);
}

TEST(IsolationPlan, Iso8ManualOverrideBeatsEveryExclusionAndTheToggle) {
  IsolationContext context = CloudReport();
  context.trigger = IsolationTrigger::kManual;
  context.account_isolation_enabled = false;
  context.organization_excluded = true;
  context.identity_excluded = true;
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_FALSE(plan.skipped());
  EXPECT_EQ(plan.actions, FullCloud());
  EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kIsolated);
}

TEST(IsolationPlan, Iso8ManualOverrideEachExclusionAlone) {
  for (int which = 0; which < 3; ++which) {
    IsolationContext context = CloudReport();
    context.trigger = IsolationTrigger::kManual;
    context.account_isolation_enabled = which != 0;
    context.organization_excluded = which == 1;
    context.identity_excluded = which == 2;
    EXPECT_EQ(PlanIsolation(context).skip_reason, IsolationSkipReason::kNone)
        << which;
  }
}

TEST(IsolationPlan, Iso8ManualOverrideStillObeysIso9) {
  IsolationContext context = Hybrid("");
  context.trigger = IsolationTrigger::kManual;
  context.identity_excluded = true;
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_FALSE(plan.skipped());
  EXPECT_EQ(plan.actions, Limited());
  EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kLimited);
}

TEST(IsolationPlan, Iso9HybridWithCapableAgentIsDisabledOnPremAndInCloud) {
  const IsolationPlan plan = PlanIsolation(Hybrid("0.14.22"));
  EXPECT_EQ(plan.actions, FullHybrid());
  EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kIsolated);
}

TEST(IsolationPlan, Iso9NewerAgentVersionsAreCapable) {
  for (const char* version : {"0.14.23", "0.14.100", "0.15.0", "0.15", "1.0",
                              "1", "2.0.0.1", "0.14.22.0"}) {
    const IsolationPlan plan = PlanIsolation(Hybrid(version));
    EXPECT_EQ(plan.actions, FullHybrid()) << version;
    EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kIsolated) << version;
  }
}

TEST(IsolationPlan, Iso9HybridWithOldAgentIsLimitedNeverDisabled) {
  // "0.14.3" < "0.14.22": numeric, not lexicographic.
  for (const char* version : {"0.14.21", "0.14.3", "0.14", "0.9.99", "0.0.1"}) {
    const IsolationPlan plan = PlanIsolation(Hybrid(version));
    EXPECT_FALSE(plan.skipped()) << version;
    EXPECT_EQ(plan.actions, Limited()) << version;
    EXPECT_FALSE(plan.actions.disable_cloud_account) << version;
    EXPECT_FALSE(plan.actions.disable_on_prem_account) << version;
    EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kLimited) << version;
  }
}

TEST(IsolationPlan, Iso9HybridWithoutAgentIsLimitedNeverDisabled) {
  const IsolationPlan plan = PlanIsolation(Hybrid(""));
  EXPECT_EQ(plan.actions, Limited());
  EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kLimited);
}

TEST(IsolationPlan, Iso9UnparsableAgentVersionIsTreatedAsNoAgent) {
  for (const char* version :
       {"garbage", "v0.14.22", "0.14.22-beta", "0..14", ".", "-1.0"}) {
    const IsolationPlan plan = PlanIsolation(Hybrid(version));
    EXPECT_EQ(plan.actions, Limited()) << version;
    EXPECT_EQ(plan.expected_outcome, ExpectedOutcome::kLimited) << version;
  }
}

TEST(IsolationPlan, Iso7HybridExcludedIsSkippedNotLimited) {
  IsolationContext context = Hybrid("");
  context.organization_excluded = true;
  const IsolationPlan plan = PlanIsolation(context);
  EXPECT_EQ(plan.skip_reason, IsolationSkipReason::kOrganizationExcluded);
  EXPECT_FALSE(plan.actions.Any());
}

TEST(IsolationPlan, Iso5ReleaseNeverReenablesInboxRules) {
  const ReleasePlan release = PlanRelease(FullHybrid());
  EXPECT_TRUE(release.enable_cloud_account);
  EXPECT_TRUE(release.enable_on_prem_account);
  // ReleasePlan has no inbox-rule field at all; this pins that nothing else
  // is enabled.
  EXPECT_EQ(release, (ReleasePlan{true, true}));
}

TEST(IsolationPlan, Iso4ReleaseOfCloudIsolationEnablesCloudOnly) {
  const ReleasePlan release = PlanRelease(PlanIsolation(CloudReport()).actions);
  EXPECT_TRUE(release.enable_cloud_account);
  EXPECT_FALSE(release.enable_on_prem_account);
  EXPECT_TRUE(release.Any());
}

TEST(IsolationPlan, Iso9ReleaseOfLimitedIsolationEnablesNothing) {
  const ReleasePlan release = PlanRelease(PlanIsolation(Hybrid("")).actions);
  EXPECT_FALSE(release.Any());
}

TEST(IsolationPlan, Iso7ReleaseOfSkippedIsolationDoesNothing) {
  IsolationContext context = CloudReport();
  context.identity_excluded = true;
  EXPECT_FALSE(PlanRelease(PlanIsolation(context).actions).Any());
}

TEST(IsolationPlan, Iso4ReleaseUndoesTheUnionOfSeveralIsolations) {
  // Isolated LIMITED first, then fully once the agent was upgraded: the
  // release must undo the on-prem disable as well.
  const IsolationActions performed =
      CombineActions(PlanIsolation(Hybrid("0.14.21")).actions,
                     PlanIsolation(Hybrid("0.14.22")).actions);
  EXPECT_EQ(performed, FullHybrid());
  EXPECT_EQ(PlanRelease(performed), (ReleasePlan{true, true}));
}

TEST(IsolationPlan, CombineActionsIsAUnion) {
  IsolationActions a;
  a.revoke_sessions = true;
  IsolationActions b;
  b.disable_on_prem_account = true;
  const IsolationActions combined = CombineActions(a, b);
  EXPECT_TRUE(combined.revoke_sessions);
  EXPECT_TRUE(combined.disable_on_prem_account);
  EXPECT_FALSE(combined.disable_cloud_account);
  EXPECT_FALSE(combined.disable_inbox_rules);
  EXPECT_EQ(CombineActions(IsolationActions(), IsolationActions()),
            IsolationActions());
}

TEST(IsolationPlan, NamesAreStable) {
  EXPECT_EQ(IsolationSkipReasonName(IsolationSkipReason::kNone), "NONE");
  EXPECT_EQ(
      IsolationSkipReasonName(IsolationSkipReason::kAccountIsolationDisabled),
      "ACCOUNT_ISOLATION_DISABLED");
  EXPECT_EQ(IsolationSkipReasonName(IsolationSkipReason::kOrganizationExcluded),
            "ORGANIZATION_EXCLUDED");
  EXPECT_EQ(IsolationSkipReasonName(IsolationSkipReason::kIdentityExcluded),
            "IDENTITY_EXCLUDED");
  EXPECT_EQ(
      IsolationSkipReasonName(IsolationSkipReason::kIdentityDeletedInTenant),
      "IDENTITY_DELETED_IN_TENANT");
  EXPECT_EQ(ExpectedOutcomeName(ExpectedOutcome::kIsolated), "ISOLATED");
  EXPECT_EQ(ExpectedOutcomeName(ExpectedOutcome::kLimited), "LIMITED");
  EXPECT_EQ(IsolationTriggerName(IsolationTrigger::kIncidentReport),
            "INCIDENT_REPORT");
  EXPECT_EQ(IsolationTriggerName(IsolationTrigger::kAccessRule), "ACCESS_RULE");
  EXPECT_EQ(IsolationTriggerName(IsolationTrigger::kManual), "MANUAL");
}

}  // namespace isolation_plan_test
}  // namespace cordon::core
