#ifndef CORDON_SERVER_CORE_ISOLATION_ISOLATION_PLAN_H_
#define CORDON_SERVER_CORE_ISOLATION_ISOLATION_PLAN_H_

#include <string>

#include "absl/strings/string_view.h"

namespace cordon::core {

// What asked for the isolation.
enum class IsolationTrigger {
  kIncidentReport,  // ISO-2: an isolation-worthy incident report was sent
  // ESC-4: a sign-in matched an UNAUTHORIZED access rule. Automated, so it
  // obeys the toggle and the exclusions exactly like a report.
  kAccessRule,
  // ISO-8: an account admin or SOC analyst asked for it explicitly; ignores
  // the master toggle and the exclusions.
  kManual,
};

enum class IdentitySource {
  kCloudOnly,
  kHybridSynced,  // ISO-9: synced from on-prem AD by directory sync
};

// ISO-7: why an isolation was not performed. When several apply, the first
// in this order is reported: the broadest switch is the one an admin has to
// look at first.
enum class IsolationSkipReason {
  kNone,
  kAccountIsolationDisabled,  // ISO-1 master toggle off
  kOrganizationExcluded,
  kIdentityExcluded,
  // ISO-12: the user is deleted in the tenant; Cordon keeps the identity for
  // history and never acts on it, manual isolations included (there is no
  // account left to act on).
  kIdentityDeletedInTenant,
};

// What the isolation is expected to achieve once every action has succeeded.
enum class ExpectedOutcome {
  kIsolated,  // sessions revoked and the account disabled where it sticks
  kLimited,   // ISO-9: sessions revoked only; a disable would not stick
};

// Everything the isolation decision depends on.
struct IsolationContext {
  bool account_isolation_enabled = true;  // ISO-1: on by default
  bool organization_excluded = false;
  bool identity_excluded = false;
  bool identity_deleted_in_tenant = false;  // ISO-12
  IsolationTrigger trigger = IsolationTrigger::kIncidentReport;
  IdentitySource source = IdentitySource::kCloudOnly;
  // Version of our agent on the organization's on-prem AD server; "" when
  // there is no agent (or no on-prem server).
  std::string agent_version;
};

// The Graph / agent actions of one isolation (ISO-3, ISO-9).
struct IsolationActions {
  bool revoke_sessions = false;
  bool disable_cloud_account = false;    // Graph PATCH accountEnabled=false
  bool disable_on_prem_account = false;  // through the on-prem agent
  bool disable_inbox_rules = false;      // the suspicious ones (ISO-3)

  bool Any() const {
    return revoke_sessions || disable_cloud_account ||
           disable_on_prem_account || disable_inbox_rules;
  }
  friend bool operator==(const IsolationActions&,
                         const IsolationActions&) = default;
};

// The union of two sets of actions: what an identity held by several
// isolations has had done to it, and so what its release must undo.
IsolationActions CombineActions(const IsolationActions& a,
                                const IsolationActions& b);

struct IsolationPlan {
  // kNone = isolate with `actions`; otherwise no action at all (ISO-7) and
  // the report records the reason.
  IsolationSkipReason skip_reason = IsolationSkipReason::kNone;
  IsolationActions actions;
  // Meaningful only when not skipped.
  ExpectedOutcome expected_outcome = ExpectedOutcome::kIsolated;

  bool skipped() const { return skip_reason != IsolationSkipReason::kNone; }
  friend bool operator==(const IsolationPlan&, const IsolationPlan&) = default;
};

// ISO-1, ISO-3, ISO-7, ISO-8, ISO-9: what isolating this identity does.
// A skipped plan must not add a hold either: a hold's release re-enables the
// identity, which would be an automated action on an excluded identity.
IsolationPlan PlanIsolation(const IsolationContext& context);

// The enables that undo an isolation. Never an inbox rule (ISO-5): disabled
// rules stay disabled until an admin re-enables them one by one.
struct ReleasePlan {
  bool enable_cloud_account = false;
  bool enable_on_prem_account = false;

  bool Any() const { return enable_cloud_account || enable_on_prem_account; }
  friend bool operator==(const ReleasePlan&, const ReleasePlan&) = default;
};

// ISO-4, ISO-6: undoes exactly the disables that were performed. Pass the
// actions actually applied to the identity (CombineActions over its
// isolations), not a plan recomputed from today's context: the toggle, the
// exclusions or the agent may have changed since, and an account disabled
// on-prem must be enabled on-prem whatever the agent looks like now (if it
// cannot be, the failure is recorded rather than the identity left silently
// disabled). Exclusions do not block a release: it restores the state the
// identity had before Cordon acted. Revoked sessions cannot be restored.
ReleasePlan PlanRelease(const IsolationActions& performed);

// Stable UPPER_SNAKE_CASE names for audit records and reports.
absl::string_view IsolationSkipReasonName(IsolationSkipReason reason);
absl::string_view ExpectedOutcomeName(ExpectedOutcome outcome);
absl::string_view IsolationTriggerName(IsolationTrigger trigger);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_ISOLATION_PLAN_H_
