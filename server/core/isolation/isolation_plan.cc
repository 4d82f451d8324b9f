#include "server/core/isolation/isolation_plan.h"

#include "server/core/version.h"

namespace cordon::core {
namespace {

// ISO-7, ISO-8: a manual isolation overrides every switch; automated ones
// (report or access rule) obey them, broadest first. A user deleted in the
// tenant is never acted on, whatever asked (ISO-12).
IsolationSkipReason SkipReasonFor(const IsolationContext& context) {
  if (context.identity_deleted_in_tenant) {
    return IsolationSkipReason::kIdentityDeletedInTenant;
  }
  if (context.trigger == IsolationTrigger::kManual) {
    return IsolationSkipReason::kNone;
  }
  if (!context.account_isolation_enabled) {
    return IsolationSkipReason::kAccountIsolationDisabled;
  }
  if (context.organization_excluded) {
    return IsolationSkipReason::kOrganizationExcluded;
  }
  if (context.identity_excluded) return IsolationSkipReason::kIdentityExcluded;
  return IsolationSkipReason::kNone;
}

}  // namespace

IsolationActions CombineActions(const IsolationActions& a,
                                const IsolationActions& b) {
  IsolationActions combined;
  combined.revoke_sessions = a.revoke_sessions || b.revoke_sessions;
  combined.disable_cloud_account =
      a.disable_cloud_account || b.disable_cloud_account;
  combined.disable_on_prem_account =
      a.disable_on_prem_account || b.disable_on_prem_account;
  combined.disable_inbox_rules = a.disable_inbox_rules || b.disable_inbox_rules;
  return combined;
}

IsolationPlan PlanIsolation(const IsolationContext& context) {
  IsolationPlan plan;
  plan.skip_reason = SkipReasonFor(context);
  if (plan.skipped()) return plan;

  // Sessions and inbox rules live in the cloud / the mailbox, which directory
  // sync does not touch, so these two always stick.
  plan.actions.revoke_sessions = true;
  plan.actions.disable_inbox_rules = true;

  switch (context.source) {
    case IdentitySource::kCloudOnly:
      plan.actions.disable_cloud_account = true;
      plan.expected_outcome = ExpectedOutcome::kIsolated;
      break;
    case IdentitySource::kHybridSynced:
      if (AgentCanDisableOnPrem(context.agent_version)) {
        // ISO-9: the on-prem disable is what sticks; disabling in the cloud
        // too closes the window until the next sync carries it over.
        plan.actions.disable_on_prem_account = true;
        plan.actions.disable_cloud_account = true;
        plan.expected_outcome = ExpectedOutcome::kIsolated;
      } else {
        // ISO-9: never disable in the cloud only; the next sync would
        // re-enable the account while we report it disabled.
        plan.expected_outcome = ExpectedOutcome::kLimited;
      }
      break;
  }
  return plan;
}

ReleasePlan PlanRelease(const IsolationActions& performed) {
  ReleasePlan plan;
  plan.enable_cloud_account = performed.disable_cloud_account;
  plan.enable_on_prem_account = performed.disable_on_prem_account;
  return plan;
}

absl::string_view IsolationSkipReasonName(IsolationSkipReason reason) {
  switch (reason) {
    case IsolationSkipReason::kNone:
      return "NONE";
    case IsolationSkipReason::kAccountIsolationDisabled:
      return "ACCOUNT_ISOLATION_DISABLED";
    case IsolationSkipReason::kOrganizationExcluded:
      return "ORGANIZATION_EXCLUDED";
    case IsolationSkipReason::kIdentityExcluded:
      return "IDENTITY_EXCLUDED";
    case IsolationSkipReason::kIdentityDeletedInTenant:
      return "IDENTITY_DELETED_IN_TENANT";
  }
  return "UNKNOWN";
}

absl::string_view ExpectedOutcomeName(ExpectedOutcome outcome) {
  switch (outcome) {
    case ExpectedOutcome::kIsolated:
      return "ISOLATED";
    case ExpectedOutcome::kLimited:
      return "LIMITED";
  }
  return "UNKNOWN";
}

absl::string_view IsolationTriggerName(IsolationTrigger trigger) {
  switch (trigger) {
    case IsolationTrigger::kIncidentReport:
      return "INCIDENT_REPORT";
    case IsolationTrigger::kAccessRule:
      return "ACCESS_RULE";
    case IsolationTrigger::kManual:
      return "MANUAL";
  }
  return "UNKNOWN";
}

}  // namespace cordon::core
