#include "server/engine/isolation/isolation_engine.h"

#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/check.h"
#include "server/core/errors.h"
#include "server/core/isolation/account_release.h"
#include "server/core/isolation/holds.h"
#include "server/core/isolation/repeat_isolation.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/events/event_builders.h"
#include "server/engine/isolation/isolation_record.h"
#include "server/engine/isolation/report_containment.h"
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

// ISO-4: a failure proves the action never happened only if no attempt
// ended without a definite answer (this one included: attempts used up on
// timeouts).
core::AccountOutcome AccountOutcomeOf(const OutboxAction& action, ActionEnd end,
                                      const ActionResult& result) {
  if (end == ActionEnd::kSucceeded) return core::AccountOutcome::kSucceeded;
  if (action.effect_uncertain() ||
      result.error_class == core::ErrorClass::kRetryable) {
    return core::AccountOutcome::kUncertain;
  }
  return core::AccountOutcome::kRefused;
}

}  // namespace

absl::StatusOr<IsolationEngine::Locked> IsolationEngine::Lock(
    store::Transaction& txn, const std::string& identity_key) {
  // One lock order for every writer: incident report, then identity row,
  // then isolation record. Sends and closes lock their report first and the
  // identity row before the record; the worker's records follow suit, so
  // they wait for each other instead of deadlocking.
  Locked locked;
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIdentities, identity_key, &row));
  if (found) locked.row = std::move(row);
  CORDON_ASSIGN_OR_RETURN(locked.record, LockRecordOnly(txn, identity_key));
  return locked;
}

absl::StatusOr<IsolationRecord> IsolationEngine::LockRecordOnly(
    store::Transaction& txn, const std::string& identity_key) {
  IsolationRecord record;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIsolation, identity_key, &record));
  (void)found;  // an identity never isolated has an empty record
  return record;
}

absl::StatusOr<bool> IsolationEngine::ChangeIsolation(
    store::Transaction& txn, const core::IdentityName& identity,
    absl::FunctionRef<absl::StatusOr<bool>(Change&)> change) {
  CORDON_ASSIGN_OR_RETURN(Locked locked, Lock(txn, IdentityKey(identity)));
  Change changing{.row = std::move(locked.row),
                  .record = std::move(locked.record),
                  .queue = {}};
  CORDON_ASSIGN_OR_RETURN(bool changed, change(changing));
  if (!changed) return false;
  CORDON_RETURN_IF_ERROR(
      Save(txn, identity, changing.record, std::move(changing.row)));
  for (OutboxAction& action : changing.queue) {
    CORDON_RETURN_IF_ERROR(Queue(txn, std::move(action)));
  }
  return true;
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
                                   const IsolationRecord& record,
                                   absl::optional<Identity> row) {
  const std::string key = IdentityKey(identity);
  txn.Put(store::Family::kIsolation, key, record);
  if (!row) return absl::OkStatus();  // deleted meanwhile: nothing to show
  cordon::v1::IsolationStatus* status = row->mutable_isolation();
  status->clear_holds();
  for (const IsolationHold& hold : record.holds()) *status->add_holds() = hold;
  status->set_pending_actions(record.pending_isolate() +
                              record.pending_release());
  // What Graph and the agent accepted, not what is queued (ISO-11); but
  // LIMITED is never shown as disabled (ISO-9): a hybrid identity whose
  // on-prem disable failed has its cloud disable undone by the next sync.
  const Identity::IsolationState state = PublicState(record);
  const bool limited = state == Identity::LIMITED;
  status->set_cloud_account_disabled(
      !limited && record.cloud_disable() == IsolationRecord::STEP_DONE);
  status->set_on_prem_account_disabled(
      !limited && record.on_prem_disable() == IsolationRecord::STEP_DONE);
  status->clear_awaiting_confirmation();
  for (const IsolationHold& held : record.awaiting_confirmation()) {
    *status->add_awaiting_confirmation() = held;
  }
  status->set_confirmation_escalation(record.confirmation_escalation());
  status->set_last_failure(record.last_failure());
  if (record.has_last_failure_time()) {
    *status->mutable_last_failure_time() = record.last_failure_time();
  } else {
    status->clear_last_failure_time();
  }
  const auto before = row->isolation_state();
  row->set_isolation_state(state);
  StampWrite(&*row, clock_->Now(), /*creating=*/false);
  txn.Put(store::Family::kIdentities, key, *row);
  if (row->isolation_state() == before) return absl::OkStatus();
  return events_->Append(txn, IdentityEvent(*row));
}

absl::Status IsolationEngine::Queue(store::Transaction& txn,
                                    OutboxAction action) {
  *action.mutable_create_time() = ToTimestamp(clock_->Now());
  return outbox_->Enqueue(txn, std::move(action), clock_->Now());
}

absl::StatusOr<IsolationEngine::PlannedIsolation> IsolationEngine::Plan(
    store::Transaction& txn, const core::IdentityName& identity,
    core::IsolationTrigger trigger) {
  PlannedIsolation planned;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kIdentities,
                                   IdentityKey(identity), &planned.row));
  if (!found) return absl::NotFoundError(identity.ToString() + " not found");
  CORDON_ASSIGN_OR_RETURN(
      planned.org, ReadRow<cordon::v1::Organization>(
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
  context.organization_excluded = planned.org.excluded_from_isolation();
  context.identity_excluded = planned.row.excluded_from_isolation();
  context.identity_deleted_in_tenant = planned.row.deleted_in_tenant();
  context.trigger = trigger;
  context.source = planned.row.source() == Identity::HYBRID_SYNCED
                       ? core::IdentitySource::kHybridSynced
                       : core::IdentitySource::kCloudOnly;
  context.agent_version = planned.org.has_on_prem_ad_server()
                              ? planned.org.on_prem_ad_server().agent_version()
                              : "";
  planned.agent_version = context.agent_version;
  planned.automated_cap = AutomatedIsolationCap(settings);
  planned.plan = core::PlanIsolation(context);
  return planned;
}

absl::StatusOr<std::vector<ResponseAction>> IsolationEngine::Isolate(
    store::Transaction& txn, const core::IdentityName& identity,
    const IsolateRequest& request) {
  const absl::Time now = clock_->Now();
  const std::string identity_name = identity.ToString();
  CORDON_ASSIGN_OR_RETURN(PlannedIsolation planned,
                          Plan(txn, identity, request.trigger));
  const core::IsolationPlan& plan = planned.plan;
  std::vector<ResponseAction> actions;
  if (plan.skipped()) {
    // ISO-7: no hold, no action; the report says why.
    actions.push_back(MakeAction(
        ResponseAction::ISOLATION_SKIPPED, identity_name,
        ResponseAction::SUCCEEDED,
        std::string(core::IsolationSkipReasonName(plan.skip_reason)), now));
    CORDON_RETURN_IF_ERROR(
        ForgetAwaitingIfSkipped(txn, identity, planned, request.source));
    return actions;
  }

  // Plan locked the identity row first (see Lock).
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                          LockRecordOnly(txn, IdentityKey(identity)));
  CORDON_ASSIGN_OR_RETURN(actions, Guard(txn, planned, request, &record));
  if (!actions.empty()) return actions;  // ISO-14: held, nothing done
  CORDON_RETURN_IF_ERROR(AddHold(request, plan, now, &record));
  if (planned.org.m365_tenant_id().empty()) {
    const std::string why =
        "the organization has no Microsoft 365 tenant bound; set "
        "m365_tenant_id so Cordon can act";
    RecordFailure(OutboxAction::KIND_UNSPECIFIED, why, now, &record);
    // The disable could not be attempted: LIMITED, never ISOLATED.
    record.set_cloud_disable(IsolationRecord::STEP_FAILED);
    actions.push_back(MakeAction(ResponseAction::SESSIONS_REVOKED,
                                 identity_name, ResponseAction::FAILED, why,
                                 now));
    CORDON_RETURN_IF_ERROR(Save(txn, identity, record, planned.row));
    return actions;
  }
  CORDON_RETURN_IF_ERROR(QueueSteps(txn, planned, request, &record, &actions));
  if (plan.expected_outcome == core::ExpectedOutcome::kLimited) {
    actions.push_back(MakeAction(
        ResponseAction::ISOLATION_LIMITED, identity_name,
        ResponseAction::SUCCEEDED,
        absl::StrCat("hybrid identity and the organization's on-prem agent ",
                     planned.agent_version.empty()
                         ? "is not installed"
                         : absl::StrCat("runs ", planned.agent_version),
                     " (0.14.22 or newer can disable on-prem): directory sync "
                     "would undo a cloud disable, so sessions are revoked "
                     "only (ISO-9)"),
        now));
  }
  CORDON_RETURN_IF_ERROR(Save(txn, identity, record, planned.row));
  return actions;
}

absl::Status IsolationEngine::ForgetAwaitingIfSkipped(
    store::Transaction& txn, const core::IdentityName& identity,
    const PlannedIsolation& planned, const std::string& source) {
  // ISO-14: a held isolation that ISO-7 now skips (confirmed after the
  // identity was excluded) waits no longer. Other skips read nothing more.
  if (planned.row.isolation().awaiting_confirmation_size() == 0) {
    return absl::OkStatus();
  }
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                          LockRecordOnly(txn, IdentityKey(identity)));
  const int waiting = record.awaiting_confirmation_size();
  ForgetAwaiting(source, &record);
  if (record.awaiting_confirmation_size() == waiting) return absl::OkStatus();
  return Save(txn, identity, record, planned.row);
}

absl::StatusOr<std::vector<ResponseAction>> IsolationEngine::Guard(
    store::Transaction& txn, const PlannedIsolation& planned,
    const IsolateRequest& request, IsolationRecord* record) {
  std::vector<ResponseAction> held;
  // Proceeding or held again: either way no longer merely waiting.
  ForgetAwaiting(request.source, record);
  if (guard_ == nullptr || !request.automated ||
      request.trigger == core::IsolationTrigger::kManual) {
    return held;
  }
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(planned.row.name()));
  BlastRadiusGuard::Candidate candidate{
      .identity = identity,
      .upn = planned.row.upn(),
      .kind = HoldKindOf(request.trigger),
      .source = request.source,
      .report = request.report,
      .report_action_index = request.first_action_index,
      .named_rule_ids = request.named_rule_ids,
      .already_held = record->holds_size() > 0,
      .cap = planned.automated_cap};
  CORDON_ASSIGN_OR_RETURN(BlastRadiusGuard::Admission admission,
                          guard_->Admit(txn, candidate));
  if (!admission.held) return held;
  const absl::Time now = clock_->Now();
  IsolationHold* waiting = record->add_awaiting_confirmation();
  waiting->set_kind(candidate.kind);
  waiting->set_source(request.source);
  *waiting->mutable_create_time() = ToTimestamp(now);
  record->set_confirmation_escalation(admission.escalation);
  CORDON_RETURN_IF_ERROR(Save(txn, identity, *record, planned.row));
  held.push_back(MakeAction(ResponseAction::ISOLATION_HELD, planned.row.name(),
                            ResponseAction::PENDING, admission.detail, now));
  return held;
}

absl::Status IsolationEngine::DropHeld(store::Transaction& txn,
                                       const core::IdentityName& identity,
                                       const std::string& source,
                                       const std::string& report,
                                       IsolationRecord* record) {
  ForgetAwaiting(source, record);
  if (guard_ == nullptr) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(std::vector<BlastRadiusGuard::Held> dropped,
                          guard_->Drop(txn, identity, source));
  for (const BlastRadiusGuard::Held& held : dropped) {
    if (held.report().empty() || held.report() == report) continue;
    CORDON_RETURN_IF_ERROR(UpdateReportEntry(
        txn, {.report = held.report(), .index = held.report_action_index()},
        ResponseAction::SUPERSEDED,
        "ISO-14: dropped from the hold: the identity was released before "
        "the isolation was confirmed"));
  }
  return absl::OkStatus();
}

absl::Status IsolationEngine::AddHold(const IsolateRequest& request,
                                      const core::IsolationPlan& plan,
                                      absl::Time now, IsolationRecord* record) {
  core::IdentityHolds holds = HoldsOf(*record);
  const bool was_held = !holds.empty();
  CORDON_RETURN_IF_ERROR(holds.Add({request.trigger, request.source}));
  StoreHolds(holds, now, record);
  if (!was_held) {
    // A new isolation: what an earlier one asked for counts no more.
    record->set_epoch(record->epoch() + 1);
    ForgetFailures(record);
    record->set_limited(false);
    record->set_revoke(IsolationRecord::STEP_NONE);
    record->set_cloud_disable(IsolationRecord::STEP_NONE);
    record->set_on_prem_disable(IsolationRecord::STEP_NONE);
    record->set_rules(IsolationRecord::STEP_NONE);
    record->clear_named_rule_ids();
    record->clear_followers();
  }
  record->set_limited(record->limited() ||
                      plan.expected_outcome == core::ExpectedOutcome::kLimited);
  return absl::OkStatus();
}

absl::Status IsolationEngine::QueueSteps(store::Transaction& txn,
                                         const PlannedIsolation& planned,
                                         const IsolateRequest& request,
                                         IsolationRecord* record,
                                         std::vector<ResponseAction>* actions) {
  const absl::Time now = clock_->Now();
  const std::string& identity_name = planned.row.name();
  core::IsolationProgress progress;
  progress.revoke = CoreStep(record->revoke());
  progress.cloud_disable = CoreStep(record->cloud_disable());
  progress.on_prem_disable = CoreStep(record->on_prem_disable());
  progress.rules = CoreStep(record->rules());
  for (const std::string& id : request.named_rule_ids) {
    if (!absl::c_linear_search(record->named_rule_ids(), id)) {
      progress.names_new_rules = true;
      record->add_named_rule_ids(id);
    }
  }
  const core::StepDecisions decisions =
      core::DecideSteps(planned.plan.actions, progress);

  OutboxAction base;
  base.set_identity(identity_name);
  base.set_tenant_id(planned.org.m365_tenant_id());
  base.set_upn(planned.row.upn());
  base.set_report(request.report);
  base.set_epoch(record->epoch());
  auto step = [&](OutboxAction::Kind kind,
                  core::StepDecision decision) -> absl::Status {
    if (decision == core::StepDecision::kNotPlanned) return absl::OkStatus();
    const int index =
        request.first_action_index + static_cast<int>(actions->size());
    if (decision == core::StepDecision::kAlreadyDone) {
      actions->push_back(MakeAction(
          ResponseKindOf(kind), identity_name, ResponseAction::SUCCEEDED,
          "already done for this identity under an earlier hold", now));
      return absl::OkStatus();
    }
    if (decision == core::StepDecision::kJoin) {
      // The report's entry follows the earlier hold's action (RecordEnd).
      IsolationRecord::Follower* follower = record->add_followers();
      follower->set_kind(kind);
      follower->set_report(request.report);
      follower->set_report_action_index(index);
      actions->push_back(MakeAction(
          ResponseKindOf(kind), identity_name, ResponseAction::PENDING,
          "under way for an earlier hold of this identity", now));
      return absl::OkStatus();
    }
    OutboxAction action = base;
    action.set_kind(kind);
    if (kind == OutboxAction::DISABLE_SUSPICIOUS_RULES) {
      for (const std::string& id : request.named_rule_ids) {
        action.add_named_rule_ids(id);
      }
    }
    action.set_report_action_index(index);
    actions->push_back(MakeAction(ResponseKindOf(kind), identity_name,
                                  ResponseAction::PENDING, "queued", now));
    CountQueuedStep(kind, record);
    return Queue(txn, std::move(action));
  };
  // Lock-out first: revoking sessions and disabling the account are
  // independent and run in parallel (one Graph round trip).
  CORDON_RETURN_IF_ERROR(step(OutboxAction::REVOKE_SESSIONS, decisions.revoke));
  CORDON_RETURN_IF_ERROR(
      step(OutboxAction::DISABLE_ACCOUNT, decisions.cloud_disable));
  CORDON_RETURN_IF_ERROR(
      step(OutboxAction::AGENT_DISABLE_ACCOUNT, decisions.on_prem_disable));
  return step(OutboxAction::DISABLE_SUSPICIOUS_RULES, decisions.rules);
}

absl::StatusOr<std::vector<ResponseAction>> IsolationEngine::Release(
    store::Transaction& txn, const core::IdentityName& identity,
    const std::string& source, const std::string& report,
    int first_action_index) {
  const absl::Time now = clock_->Now();
  const std::string key = IdentityKey(identity);
  CORDON_ASSIGN_OR_RETURN(Locked locked, Lock(txn, key));
  IsolationRecord& record = locked.record;
  core::IdentityHolds holds = HoldsOf(record);
  core::ReleaseSituation situation;
  situation.release_all = source.empty();
  situation.was_held = !holds.empty();
  situation.released_last =
      source.empty() ? holds.ReleaseAll() : holds.Release(source);
  situation.pending_enables = record.pending_release();
  situation.disabled = DisabledOf(record);
  std::vector<ResponseAction> actions;
  CORDON_RETURN_IF_ERROR(DropHeld(txn, identity, source, report, &record));
  StoreHolds(holds, now, &record);
  if (!core::ReleaseEnables(situation)) {
    // Another hold remains (ISO-4), or this source held nothing.
    CORDON_RETURN_IF_ERROR(Save(txn, identity, record, locked.row));
    return actions;
  }
  record.set_epoch(record.epoch() + 1);
  CORDON_RETURN_IF_ERROR(SettleFollowers(
      txn, &record, absl::nullopt, ResponseAction::SUPERSEDED,
      "the identity was released before the action it followed ended"));
  core::IsolationActions performed;
  performed.disable_cloud_account = record.cloud_disabled();
  performed.disable_on_prem_account = record.on_prem_disabled();
  const core::ReleasePlan plan = core::PlanRelease(performed);
  // cloud_disabled/on_prem_disabled stay set until the enable succeeds, so a
  // release that cannot complete stays visible and can be retried.
  record.set_limited(false);
  ForgetFailures(&record);
  if (!plan.Any()) {
    actions.push_back(
        MakeAction(ResponseAction::IDENTITY_RE_ENABLED, identity.ToString(),
                   ResponseAction::SUCCEEDED,
                   "nothing to re-enable: the account was not disabled", now));
  } else {
    CORDON_RETURN_IF_ERROR(QueueEnables(
        txn, identity, plan, {.report = report, .index = first_action_index},
        now, &locked, &actions));
  }
  CORDON_RETURN_IF_ERROR(Save(txn, identity, record, locked.row));
  return actions;
}

absl::Status IsolationEngine::QueueEnables(
    store::Transaction& txn, const core::IdentityName& identity,
    const core::ReleasePlan& plan, const ReportEntry& first, absl::Time now,
    Locked* locked, std::vector<ResponseAction>* actions) {
  IsolationRecord& record = locked->record;
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      ReadRow<cordon::v1::Organization>(
          *db_, store::Family::kOrganizations,
          store::KeyOf({identity.account, identity.organization}),
          identity.parent().ToString(), "organization record"));
  const std::string identity_name = identity.ToString();
  if (!locked->row) return absl::NotFoundError(identity_name + " not found");
  OutboxAction base;
  base.set_identity(identity_name);
  base.set_tenant_id(org.m365_tenant_id());
  base.set_upn(locked->row->upn());
  base.set_report(first.report);
  base.set_epoch(record.epoch());
  base.set_release(true);
  auto queue = [&](OutboxAction::Kind kind) -> absl::Status {
    OutboxAction action = base;
    action.set_kind(kind);
    action.set_report_action_index(first.index +
                                   static_cast<int>(actions->size()));
    actions->push_back(MakeAction(ResponseAction::IDENTITY_RE_ENABLED,
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
  return absl::OkStatus();
}

absl::Status IsolationEngine::QueueEnableInboxRule(
    store::Transaction& txn, const core::IdentityName& identity,
    const std::string& rule_id) {
  const std::string key = IdentityKey(identity);
  CORDON_ASSIGN_OR_RETURN(Locked locked, Lock(txn, key));
  const IsolationRecord& record = locked.record;
  bool seen = false;
  for (const auto& rule : record.inbox_rules()) seen |= rule.id() == rule_id;
  if (!seen) {
    return core::WithReason(absl::NotFoundError(absl::StrCat(
                                "inbox rule \"", rule_id.substr(0, 200),
                                "\" not seen on ", identity.ToString())),
                            "INBOX_RULE_NOT_FOUND");
  }
  if (!locked.row) {
    return absl::NotFoundError(identity.ToString() + " not found");
  }
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
  action.set_upn(locked.row->upn());
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

absl::Status IsolationEngine::LockReportOf(store::Transaction& txn,
                                           const OutboxAction& action) {
  if (action.report().empty()) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(action.report()));
  std::string unused;
  return txn
      .GetRawForUpdate(
          store::Family::kIncidentReports,
          store::KeyOf({name.account, name.organization, name.report}), &unused)
      .status();
}

absl::Status IsolationEngine::UpdateReportAction(
    store::Transaction& txn, const OutboxAction& action,
    ResponseAction::Outcome outcome, const std::string& detail) {
  return UpdateReportEntry(txn,
                           {.report = action.report(),
                            .index = action.report_action_index(),
                            .attempts = action.attempts()},
                           outcome, EntryDetail(action.drift(), detail));
}

absl::Status IsolationEngine::UpdateReportEntry(store::Transaction& txn,
                                                const ReportEntry& entry_ref,
                                                ResponseAction::Outcome outcome,
                                                const std::string& detail) {
  if (entry_ref.report.empty()) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(entry_ref.report));
  const std::string key =
      store::KeyOf({name.account, name.organization, name.report});
  cordon::v1::IncidentReport report;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIncidentReports, key, &report));
  if (!found || entry_ref.index < 0 ||
      entry_ref.index >= report.response_actions_size()) {
    return absl::OkStatus();  // the report is gone; nothing to annotate
  }
  const cordon::v1::IncidentReport before = report;
  ResponseAction* entry = report.mutable_response_actions(entry_ref.index);
  entry->set_outcome(outcome);
  entry->set_detail(detail);
  entry->set_attempts(entry_ref.attempts);
  *entry->mutable_update_time() = ToTimestamp(clock_->Now());
  return PutReport(txn, key, before, &report, clock_->Now());
}

absl::Status IsolationEngine::PutReport(
    store::Transaction& txn, const std::string& key,
    const cordon::v1::IncidentReport& before, cordon::v1::IncidentReport* after,
    absl::Time now) const {
  StampContainment(before, after);
  StampWrite(after, now, /*creating=*/false);
  ObserveIfContained(before, *after, time_to_contain_, txn);
  txn.Put(store::Family::kIncidentReports, key, *after);
  return events_->AppendAll(txn, ReportChangeEvents(before, *after));
}

absl::Status IsolationEngine::SettleFollowers(
    store::Transaction& txn, IsolationRecord* record,
    absl::optional<OutboxAction::Kind> kind, ResponseAction::Outcome outcome,
    const std::string& detail) {
  std::vector<IsolationRecord::Follower> waiting;
  for (const IsolationRecord::Follower& follower : record->followers()) {
    if (kind.has_value() && follower.kind() != *kind) {
      waiting.push_back(follower);
      continue;
    }
    CORDON_RETURN_IF_ERROR(UpdateReportEntry(
        txn,
        {.report = follower.report(), .index = follower.report_action_index()},
        outcome, EntryDetail(follower.drift(), detail)));
  }
  record->clear_followers();
  for (auto& follower : waiting) *record->add_followers() = std::move(follower);
  return absl::OkStatus();
}

absl::Status IsolationEngine::NoteOnIdentity(store::Transaction& txn,
                                             const OutboxAction& action,
                                             const std::string& note) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(action.identity()));
  CORDON_RETURN_IF_ERROR(LockReportOf(txn, action));
  CORDON_ASSIGN_OR_RETURN(Locked locked, Lock(txn, IdentityKey(identity)));
  IsolationRecord& record = locked.record;
  if (action.epoch() != record.epoch()) return absl::OkStatus();
  RecordFailure(action.kind(), note, clock_->Now(), &record);
  return Save(txn, identity, record, locked.row);
}

absl::Status IsolationEngine::RecordRetry(store::Transaction& txn,
                                          const OutboxAction& action,
                                          const ActionResult& result) {
  if (action.attempts() >= kAttemptsBeforeVisibleRetry &&
      action.kind() != OutboxAction::ENABLE_INBOX_RULE) {
    // ISO-11: a containment that keeps failing is visible on the identity
    // while it is still being retried, not only once it is given up.
    CORDON_RETURN_IF_ERROR(NoteOnIdentity(
        txn, action,
        absl::StrCat(FailurePrefix(action.kind()), "still retrying after ",
                     action.attempts(), " attempts: ", result.detail)));
  }
  return UpdateReportAction(
      txn, action, ResponseAction::PENDING,
      absl::StrCat("retrying after attempt ", action.attempts(), ": ",
                   result.detail));
}

absl::Status IsolationEngine::RecordWaiting(store::Transaction& txn,
                                            const OutboxAction& action,
                                            const std::string& detail,
                                            bool on_identity) {
  if (on_identity) {
    CORDON_RETURN_IF_ERROR(NoteOnIdentity(
        txn, action, absl::StrCat(FailurePrefix(action.kind()), detail)));
  }
  return UpdateReportAction(txn, action, ResponseAction::PENDING, detail);
}

absl::Status IsolationEngine::RecordStepEnd(store::Transaction& txn,
                                            const OutboxAction& action,
                                            ActionEnd end,
                                            const ActionResult& result,
                                            IsolationRecord* record) {
  const bool succeeded = end == ActionEnd::kSucceeded;
  SetStep(action.kind(),
          succeeded ? IsolationRecord::STEP_DONE : IsolationRecord::STEP_FAILED,
          record);
  return SettleFollowers(
      txn, record, action.kind(),
      succeeded ? ResponseAction::SUCCEEDED : ResponseAction::FAILED,
      absl::StrCat("performed under another hold of this identity: ",
                   result.detail));
}

absl::Status IsolationEngine::RecordEnd(store::Transaction& txn,
                                        const OutboxAction& action,
                                        ActionEnd end,
                                        const ActionResult& result) {
  const absl::Time now = clock_->Now();
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(action.identity()));
  CORDON_RETURN_IF_ERROR(LockReportOf(txn, action));
  CORDON_ASSIGN_OR_RETURN(Locked locked, Lock(txn, IdentityKey(identity)));
  IsolationRecord& record = locked.record;
  if (action.kind() != OutboxAction::ENABLE_INBOX_RULE) {
    // Every queued action counted itself; an action ends once.
    CORDON_DCHECK(action.release() ? record.pending_release() > 0
                                   : record.pending_isolate() > 0,
                  "pending action counts never go negative");
    if (action.release()) {
      record.set_pending_release(std::max(0, record.pending_release() - 1));
    } else {
      record.set_pending_isolate(std::max(0, record.pending_isolate() - 1));
    }
  }
  const bool current = action.kind() == OutboxAction::ENABLE_INBOX_RULE ||
                       action.epoch() == record.epoch();
  if (current && end != ActionEnd::kSuperseded) {
    CORDON_RETURN_IF_ERROR(RecordStepEnd(txn, action, end, result, &record));
    RecordAccountEnd(action.kind(), AccountOutcomeOf(action, end, result),
                     result.detail, now, &record);
  }
  if (end != ActionEnd::kSuperseded && !result.rules_seen.empty()) {
    KeepSeenRules(result.rules_seen, &record);
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
  CORDON_RETURN_IF_ERROR(Save(txn, identity, record, locked.row));
  ResponseAction::Outcome outcome = ResponseAction::SUCCEEDED;
  if (end == ActionEnd::kFailed) outcome = ResponseAction::FAILED;
  if (end == ActionEnd::kSuperseded) outcome = ResponseAction::SUPERSEDED;
  return UpdateReportAction(txn, action, outcome, result.detail);
}

}  // namespace cordon::engine
