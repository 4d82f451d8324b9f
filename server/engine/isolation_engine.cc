#include "server/engine/isolation_engine.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/isolation/holds.h"
#include "server/engine/resource_time.h"
#include "server/engine/rows.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::IsolationRecord;
using cordon::store::OutboxAction;
using cordon::v1::Identity;
using cordon::v1::IsolationHold;
using cordon::v1::ResponseAction;

// How many failed attempts of an action pass before the identity shows it.
constexpr int kAttemptsBeforeVisibleRetry = 3;

// last_failure starts with the kind of action that failed, so the success of
// a later attempt of the same kind knows to clear it.
std::string FailurePrefix(OutboxAction::Kind kind) {
  return absl::StrCat(OutboxAction::Kind_Name(kind), ": ");
}

std::string IdentityKey(const core::IdentityName& name) {
  return store::KeyOf({name.account, name.organization, name.identity});
}

IsolationHold::Kind HoldKindOf(core::IsolationTrigger trigger) {
  switch (trigger) {
    case core::IsolationTrigger::kIncidentReport:
      return IsolationHold::INCIDENT_REPORT;
    case core::IsolationTrigger::kAccessRule:
      return IsolationHold::ACCESS_RULE;
    case core::IsolationTrigger::kManual:
      return IsolationHold::MANUAL;
  }
  return IsolationHold::KIND_UNSPECIFIED;
}

core::IsolationTrigger TriggerOf(IsolationHold::Kind kind) {
  switch (kind) {
    case IsolationHold::ACCESS_RULE:
      return core::IsolationTrigger::kAccessRule;
    case IsolationHold::MANUAL:
      return core::IsolationTrigger::kManual;
    default:
      return core::IsolationTrigger::kIncidentReport;
  }
}

core::IdentityHolds HoldsOf(const IsolationRecord& record) {
  std::vector<core::Hold> holds;
  for (const IsolationHold& hold : record.holds()) {
    holds.push_back({TriggerOf(hold.kind()), hold.source()});
  }
  return core::IdentityHolds(std::move(holds));
}

// Writes `holds` back, keeping each surviving hold's create_time.
void StoreHolds(const core::IdentityHolds& holds, absl::Time now,
                IsolationRecord* record) {
  std::vector<IsolationHold> previous(record->holds().begin(),
                                      record->holds().end());
  record->clear_holds();
  for (const core::Hold& hold : holds.holds()) {
    IsolationHold* stored = record->add_holds();
    stored->set_kind(HoldKindOf(hold.kind));
    stored->set_source(hold.source);
    *stored->mutable_create_time() = ToTimestamp(now);
    for (const IsolationHold& old : previous) {
      if (old.source() == hold.source) {
        *stored->mutable_create_time() = old.create_time();
      }
    }
  }
}

Identity::IsolationState PublicState(const IsolationRecord& record) {
  core::IsolationStateInputs inputs;
  inputs.has_holds = record.holds_size() > 0;
  inputs.expected_outcome = record.limited() ? core::ExpectedOutcome::kLimited
                                             : core::ExpectedOutcome::kIsolated;
  inputs.isolate_actions_pending = record.pending_isolate() > 0;
  // Still disabled with no hold: the release is not complete (pending or
  // failed, see last_failure), never ACTIVE.
  inputs.release_actions_pending =
      record.pending_release() > 0 ||
      (record.holds_size() == 0 &&
       (record.cloud_disabled() || record.on_prem_disabled()));
  inputs.account_disable_failed = record.disable_failed();
  switch (core::DeriveIsolationState(inputs)) {
    case core::IsolationState::kActive:
      return Identity::ACTIVE;
    case core::IsolationState::kIsolating:
      return Identity::ISOLATING;
    case core::IsolationState::kIsolated:
      return Identity::ISOLATED;
    case core::IsolationState::kLimited:
      return Identity::LIMITED;
    case core::IsolationState::kReleasing:
      return Identity::RELEASING;
  }
  return Identity::ISOLATION_STATE_UNSPECIFIED;
}

ResponseAction MakeAction(ResponseAction::Kind kind,
                          const std::string& identity,
                          ResponseAction::Outcome outcome, std::string detail,
                          absl::Time now) {
  ResponseAction action;
  action.set_kind(kind);
  action.set_identity(identity);
  action.set_outcome(outcome);
  action.set_detail(std::move(detail));
  *action.mutable_update_time() = ToTimestamp(now);
  return action;
}

ResponseAction::Kind ResponseKindOf(OutboxAction::Kind kind) {
  switch (kind) {
    case OutboxAction::REVOKE_SESSIONS:
      return ResponseAction::SESSIONS_REVOKED;
    case OutboxAction::DISABLE_ACCOUNT:
      return ResponseAction::IDENTITY_DISABLED;
    case OutboxAction::AGENT_DISABLE_ACCOUNT:
      return ResponseAction::ON_PREM_DISABLED;
    case OutboxAction::DISABLE_SUSPICIOUS_RULES:
      return ResponseAction::INBOX_RULES_DISABLED;
    case OutboxAction::ENABLE_ACCOUNT:
    case OutboxAction::AGENT_ENABLE_ACCOUNT:
      return ResponseAction::IDENTITY_RE_ENABLED;
    default:
      return ResponseAction::KIND_UNSPECIFIED;
  }
}

}  // namespace

absl::StatusOr<IsolationRecord> IsolationEngine::LockRecord(
    store::Transaction& txn, const std::string& identity_key) {
  IsolationRecord record;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIsolation, identity_key, &record));
  (void)found;  // an identity never isolated has an empty record
  return record;
}

absl::StatusOr<IsolationRecord> IsolationEngine::Read(
    const core::IdentityName& identity) const {
  absl::StatusOr<std::string> value =
      db_->Get(store::Family::kIsolation, IdentityKey(identity));
  if (absl::IsNotFound(value.status())) return IsolationRecord();
  if (!value.ok()) return value.status();
  IsolationRecord record;
  if (!record.ParseFromString(*value)) {
    return absl::DataLossError("isolation record does not parse");
  }
  return record;
}

absl::Status IsolationEngine::Save(store::Transaction& txn,
                                   const core::IdentityName& identity,
                                   const IsolationRecord& record) {
  const std::string key = IdentityKey(identity);
  txn.Put(store::Family::kIsolation, key, record);
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kIdentities, key, &row));
  if (!found) return absl::OkStatus();  // deleted meanwhile: nothing to show
  cordon::v1::IsolationStatus* status = row.mutable_isolation();
  status->clear_holds();
  for (const IsolationHold& hold : record.holds()) *status->add_holds() = hold;
  status->set_pending_actions(record.pending_isolate() +
                              record.pending_release());
  status->set_cloud_account_disabled(record.cloud_disabled() &&
                                     !record.disable_failed());
  status->set_on_prem_account_disabled(record.on_prem_disabled());
  status->set_last_failure(record.last_failure());
  if (record.has_last_failure_time()) {
    *status->mutable_last_failure_time() = record.last_failure_time();
  } else {
    status->clear_last_failure_time();
  }
  row.set_isolation_state(PublicState(record));
  StampWrite(&row, clock_->Now(), /*creating=*/false);
  txn.Put(store::Family::kIdentities, key, row);
  return absl::OkStatus();
}

absl::Status IsolationEngine::Queue(store::Transaction& txn,
                                    OutboxAction action) {
  *action.mutable_create_time() = ToTimestamp(clock_->Now());
  return outbox_->Enqueue(txn, std::move(action), clock_->Now());
}

absl::StatusOr<std::vector<ResponseAction>> IsolationEngine::Isolate(
    store::Transaction& txn, const core::IdentityName& identity,
    const IsolateRequest& request) {
  const absl::Time now = clock_->Now();
  const std::string identity_name = identity.ToString();
  const std::string key = IdentityKey(identity);
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kIdentities, key, &row));
  if (!found) return absl::NotFoundError(identity_name + " not found");
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      ReadRow<cordon::v1::Organization>(
          *db_, store::Family::kOrganizations,
          store::KeyOf({identity.account, identity.organization}),
          identity.parent().ToString(), "organization record"));
  CORDON_ASSIGN_OR_RETURN(
      cordon::store::AccountRecord account,
      ReadRow<cordon::store::AccountRecord>(
          *db_, store::Family::kAccounts, store::KeyOf({identity.account}),
          identity.parent().parent().ToString(), "account record"));

  core::IsolationContext context;
  const auto& settings = account.account().settings();
  context.account_isolation_enabled =
      !settings.has_identity_isolation_enabled() ||
      settings.identity_isolation_enabled();
  context.organization_excluded = org.excluded_from_isolation();
  context.identity_excluded = row.excluded_from_isolation();
  context.trigger = request.trigger;
  context.source = row.source() == Identity::HYBRID_SYNCED
                       ? core::IdentitySource::kHybridSynced
                       : core::IdentitySource::kCloudOnly;
  context.agent_version = org.has_on_prem_ad_server()
                              ? org.on_prem_ad_server().agent_version()
                              : "";
  const core::IsolationPlan plan = core::PlanIsolation(context);

  std::vector<ResponseAction> actions;
  if (plan.skipped()) {
    // ISO-7: no hold, no action; the report says why.
    actions.push_back(MakeAction(
        ResponseAction::ISOLATION_SKIPPED, identity_name,
        ResponseAction::SUCCEEDED,
        std::string(core::IsolationSkipReasonName(plan.skip_reason)), now));
    return actions;
  }

  CORDON_ASSIGN_OR_RETURN(IsolationRecord record, LockRecord(txn, key));
  core::IdentityHolds holds = HoldsOf(record);
  const bool was_held = !holds.empty();
  CORDON_RETURN_IF_ERROR(holds.Add({request.trigger, request.source}));
  StoreHolds(holds, now, &record);
  if (!was_held) {
    record.set_epoch(record.epoch() + 1);
    record.clear_last_failure();
    record.clear_last_failure_time();
    record.set_disable_failed(false);
    record.set_limited(false);
  }
  record.set_limited(record.limited() ||
                     plan.expected_outcome == core::ExpectedOutcome::kLimited);

  if (org.m365_tenant_id().empty()) {
    const std::string why =
        "the organization has no Microsoft 365 tenant bound; set "
        "m365_tenant_id so Cordon can act";
    record.set_last_failure(why);
    *record.mutable_last_failure_time() = ToTimestamp(now);
    actions.push_back(MakeAction(ResponseAction::SESSIONS_REVOKED,
                                 identity_name, ResponseAction::FAILED, why,
                                 now));
    CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
    return actions;
  }

  OutboxAction base;
  base.set_identity(identity_name);
  base.set_tenant_id(org.m365_tenant_id());
  base.set_upn(row.upn());
  base.set_report(request.report);
  base.set_epoch(record.epoch());
  auto queue = [&](OutboxAction::Kind kind) -> absl::Status {
    OutboxAction action = base;
    action.set_kind(kind);
    if (kind == OutboxAction::DISABLE_SUSPICIOUS_RULES) {
      for (const std::string& id : request.named_rule_ids) {
        action.add_named_rule_ids(id);
      }
    }
    action.set_report_action_index(request.first_action_index +
                                   static_cast<int>(actions.size()));
    actions.push_back(MakeAction(ResponseKindOf(kind), identity_name,
                                 ResponseAction::PENDING, "queued", now));
    record.set_pending_isolate(record.pending_isolate() + 1);
    return Queue(txn, std::move(action));
  };
  // Lock-out first: revoking sessions and disabling the account are
  // independent and run in parallel (one Graph round trip).
  if (plan.actions.revoke_sessions) {
    CORDON_RETURN_IF_ERROR(queue(OutboxAction::REVOKE_SESSIONS));
  }
  if (plan.actions.disable_cloud_account) {
    CORDON_RETURN_IF_ERROR(queue(OutboxAction::DISABLE_ACCOUNT));
    record.set_cloud_disabled(true);
  }
  if (plan.actions.disable_on_prem_account) {
    CORDON_RETURN_IF_ERROR(queue(OutboxAction::AGENT_DISABLE_ACCOUNT));
    record.set_on_prem_disabled(true);
  }
  if (plan.actions.disable_inbox_rules) {
    CORDON_RETURN_IF_ERROR(queue(OutboxAction::DISABLE_SUSPICIOUS_RULES));
  }
  if (plan.expected_outcome == core::ExpectedOutcome::kLimited) {
    actions.push_back(MakeAction(
        ResponseAction::ISOLATION_LIMITED, identity_name,
        ResponseAction::SUCCEEDED,
        absl::StrCat("hybrid identity and the organization's on-prem agent ",
                     context.agent_version.empty()
                         ? "is not installed"
                         : absl::StrCat("runs ", context.agent_version),
                     " (0.14.22 or newer can disable on-prem): directory sync "
                     "would undo a cloud disable, so sessions are revoked "
                     "only (ISO-9)"),
        now));
  }
  CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
  return actions;
}

absl::StatusOr<std::vector<ResponseAction>> IsolationEngine::Release(
    store::Transaction& txn, const core::IdentityName& identity,
    const std::string& source, const std::string& report,
    int first_action_index) {
  const absl::Time now = clock_->Now();
  const std::string key = IdentityKey(identity);
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record, LockRecord(txn, key));
  core::IdentityHolds holds = HoldsOf(record);
  const bool was_held = !holds.empty();
  const bool released_last =
      source.empty() ? holds.ReleaseAll() : holds.Release(source);
  // A release whose enable failed for good left the account disabled with
  // no hold; releasing by hand again (ISO-6) retries it.
  const bool retry_incomplete_release =
      source.empty() && !was_held && record.pending_release() == 0 &&
      (record.cloud_disabled() || record.on_prem_disabled());
  const bool must_enable = released_last || retry_incomplete_release;
  std::vector<ResponseAction> actions;
  if (!must_enable) {
    // Another hold remains (ISO-4), or this source held nothing.
    StoreHolds(holds, now, &record);
    CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
    return actions;
  }
  StoreHolds(holds, now, &record);
  record.set_epoch(record.epoch() + 1);
  core::IsolationActions performed;
  performed.disable_cloud_account = record.cloud_disabled();
  performed.disable_on_prem_account = record.on_prem_disabled();
  const core::ReleasePlan plan = core::PlanRelease(performed);
  // cloud_disabled/on_prem_disabled stay set until the enable succeeds, so a
  // release that cannot complete stays visible and can be retried.
  record.set_disable_failed(false);
  record.set_limited(false);
  record.clear_last_failure();
  record.clear_last_failure_time();
  const std::string identity_name = identity.ToString();
  if (!plan.Any()) {
    actions.push_back(
        MakeAction(ResponseAction::IDENTITY_RE_ENABLED, identity_name,
                   ResponseAction::SUCCEEDED,
                   "nothing to re-enable: the account was not disabled", now));
    CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
    return actions;
  }
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      ReadRow<cordon::v1::Organization>(
          *db_, store::Family::kOrganizations,
          store::KeyOf({identity.account, identity.organization}),
          identity.parent().ToString(), "organization record"));
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kIdentities, key, &row));
  if (!found) return absl::NotFoundError(identity_name + " not found");
  OutboxAction base;
  base.set_identity(identity_name);
  base.set_tenant_id(org.m365_tenant_id());
  base.set_upn(row.upn());
  base.set_report(report);
  base.set_epoch(record.epoch());
  base.set_release(true);
  auto queue = [&](OutboxAction::Kind kind) -> absl::Status {
    OutboxAction action = base;
    action.set_kind(kind);
    action.set_report_action_index(first_action_index +
                                   static_cast<int>(actions.size()));
    actions.push_back(MakeAction(ResponseAction::IDENTITY_RE_ENABLED,
                                 identity_name, ResponseAction::PENDING,
                                 kind == OutboxAction::AGENT_ENABLE_ACCOUNT
                                     ? "queued: enable on-prem"
                                     : "queued: enable in the cloud",
                                 now));
    record.set_pending_release(record.pending_release() + 1);
    return Queue(txn, std::move(action));
  };
  if (plan.enable_on_prem_account) {
    CORDON_RETURN_IF_ERROR(queue(OutboxAction::AGENT_ENABLE_ACCOUNT));
  }
  if (plan.enable_cloud_account) {
    CORDON_RETURN_IF_ERROR(queue(OutboxAction::ENABLE_ACCOUNT));
  }
  CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
  return actions;
}

absl::Status IsolationEngine::QueueEnableInboxRule(
    store::Transaction& txn, const core::IdentityName& identity,
    const std::string& rule_id) {
  const std::string key = IdentityKey(identity);
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record, LockRecord(txn, key));
  bool seen = false;
  for (const auto& rule : record.inbox_rules()) seen |= rule.id() == rule_id;
  if (!seen) {
    return core::WithReason(absl::NotFoundError(absl::StrCat(
                                "inbox rule \"", rule_id.substr(0, 200),
                                "\" not seen on ", identity.ToString())),
                            "INBOX_RULE_NOT_FOUND");
  }
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kIdentities, key, &row));
  if (!found) return absl::NotFoundError(identity.ToString() + " not found");
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      ReadRow<cordon::v1::Organization>(
          *db_, store::Family::kOrganizations,
          store::KeyOf({identity.account, identity.organization}),
          identity.parent().ToString(), "organization record"));
  OutboxAction action;
  action.set_kind(OutboxAction::ENABLE_INBOX_RULE);
  action.set_identity(identity.ToString());
  action.set_tenant_id(org.m365_tenant_id());
  action.set_upn(row.upn());
  action.set_rule_id(rule_id);
  // An admin's explicit choice stands whatever isolation does next.
  action.set_epoch(0);
  return Queue(txn, std::move(action));
}

absl::StatusOr<bool> IsolationEngine::IsCurrent(
    const OutboxAction& action) const {
  if (action.kind() == OutboxAction::ENABLE_INBOX_RULE) return true;
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(action.identity()));
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record, Read(identity));
  return record.epoch() == action.epoch();
}

absl::Status IsolationEngine::UpdateReportAction(
    store::Transaction& txn, const OutboxAction& action,
    ResponseAction::Outcome outcome, const std::string& detail) {
  if (action.report().empty()) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(action.report()));
  const std::string key =
      store::KeyOf({name.account, name.organization, name.report});
  cordon::v1::IncidentReport report;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIncidentReports, key, &report));
  if (!found || action.report_action_index() < 0 ||
      action.report_action_index() >= report.response_actions_size()) {
    return absl::OkStatus();  // the report is gone; nothing to annotate
  }
  ResponseAction* entry =
      report.mutable_response_actions(action.report_action_index());
  entry->set_outcome(outcome);
  entry->set_detail(detail);
  entry->set_attempts(action.attempts());
  *entry->mutable_update_time() = ToTimestamp(clock_->Now());
  StampWrite(&report, clock_->Now(), /*creating=*/false);
  txn.Put(store::Family::kIncidentReports, key, report);
  return absl::OkStatus();
}

absl::Status IsolationEngine::RecordRetry(store::Transaction& txn,
                                          const OutboxAction& action,
                                          const ActionResult& result) {
  if (action.attempts() >= kAttemptsBeforeVisibleRetry &&
      action.kind() != OutboxAction::ENABLE_INBOX_RULE) {
    // ISO-11: a containment that keeps failing is visible on the identity
    // while it is still being retried, not only once it is given up.
    CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                            core::ParseIdentityName(action.identity()));
    CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                            LockRecord(txn, IdentityKey(identity)));
    if (action.epoch() == record.epoch()) {
      record.set_last_failure(
          absl::StrCat(FailurePrefix(action.kind()), "still retrying after ",
                       action.attempts(), " attempts: ", result.detail));
      *record.mutable_last_failure_time() = ToTimestamp(clock_->Now());
      CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
    }
  }
  return UpdateReportAction(
      txn, action, ResponseAction::PENDING,
      absl::StrCat("retrying after attempt ", action.attempts(), ": ",
                   result.detail));
}

absl::Status IsolationEngine::RecordEnd(store::Transaction& txn,
                                        const OutboxAction& action,
                                        ActionEnd end,
                                        const ActionResult& result) {
  const absl::Time now = clock_->Now();
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(action.identity()));
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                          LockRecord(txn, IdentityKey(identity)));
  if (action.kind() != OutboxAction::ENABLE_INBOX_RULE) {
    if (action.release()) {
      record.set_pending_release(std::max(0, record.pending_release() - 1));
    } else {
      record.set_pending_isolate(std::max(0, record.pending_isolate() - 1));
    }
  }
  const bool current = action.kind() == OutboxAction::ENABLE_INBOX_RULE ||
                       action.epoch() == record.epoch();
  if (end == ActionEnd::kSucceeded && current) {
    switch (action.kind()) {
      case OutboxAction::ENABLE_ACCOUNT:
        record.set_cloud_disabled(false);
        break;
      case OutboxAction::AGENT_ENABLE_ACCOUNT:
        record.set_on_prem_disabled(false);
        break;
      case OutboxAction::DISABLE_ACCOUNT:
      case OutboxAction::AGENT_DISABLE_ACCOUNT:
        record.set_disable_failed(false);
        break;
      default:
        break;
    }
    // A failure this very kind of action reported earlier is fixed now.
    if (absl::StartsWith(record.last_failure(), FailurePrefix(action.kind()))) {
      record.clear_last_failure();
      record.clear_last_failure_time();
    }
  }
  if (end == ActionEnd::kFailed && current) {
    record.set_last_failure(
        absl::StrCat(FailurePrefix(action.kind()), result.detail));
    *record.mutable_last_failure_time() = ToTimestamp(now);
    if (action.kind() == OutboxAction::DISABLE_ACCOUNT ||
        action.kind() == OutboxAction::AGENT_DISABLE_ACCOUNT) {
      record.set_disable_failed(true);
    }
  }
  if (!result.rules_seen.empty() ||
      action.kind() == OutboxAction::DISABLE_SUSPICIOUS_RULES) {
    if (end != ActionEnd::kSuperseded && !result.rules_seen.empty()) {
      // Keep what Cordon did to rules it saw before (ISO-5: an admin's
      // re-enable must stay visible as such).
      std::vector<cordon::store::SeenInboxRule> merged = result.rules_seen;
      for (auto& rule : merged) {
        for (const auto& old : record.inbox_rules()) {
          if (old.id() == rule.id() && old.disabled_by_cordon()) {
            rule.set_disabled_by_cordon(true);
          }
        }
      }
      record.clear_inbox_rules();
      for (auto& rule : merged) *record.add_inbox_rules() = std::move(rule);
    }
  }
  if (action.kind() == OutboxAction::ENABLE_INBOX_RULE &&
      end == ActionEnd::kSucceeded) {
    for (auto& rule : *record.mutable_inbox_rules()) {
      if (rule.id() == action.rule_id()) {
        rule.set_enabled(true);
        rule.set_disabled_by_cordon(false);
      }
    }
  }
  CORDON_RETURN_IF_ERROR(Save(txn, identity, record));
  ResponseAction::Outcome outcome = ResponseAction::SUCCEEDED;
  if (end == ActionEnd::kFailed) outcome = ResponseAction::FAILED;
  if (end == ActionEnd::kSuperseded) outcome = ResponseAction::SUPERSEDED;
  return UpdateReportAction(txn, action, outcome, result.detail);
}

}  // namespace cordon::engine
