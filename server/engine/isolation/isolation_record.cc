#include "server/engine/isolation/isolation_record.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/engine/common/resource_time.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::IsolationRecord;
using cordon::store::OutboxAction;
using cordon::v1::Identity;
using cordon::v1::IsolationHold;
using cordon::v1::ResponseAction;

}  // namespace

// last_failure starts with the kind of action that failed, so the success of
// a later attempt of the same kind knows to clear it.
std::string FailurePrefix(OutboxAction::Kind kind) {
  return absl::StrCat(OutboxAction::Kind_Name(kind), ": ");
}

namespace {

// Mirrors the newest open failure into last_failure (what the identity and
// its status show); a later one wins a tie, as it was recorded last.
void ShowNewestFailure(IsolationRecord* record) {
  const IsolationRecord::OpenFailure* newest = nullptr;
  for (const IsolationRecord::OpenFailure& failure : record->open_failures()) {
    if (newest == nullptr ||
        FromTimestamp(failure.time()) >= FromTimestamp(newest->time())) {
      newest = &failure;
    }
  }
  if (newest == nullptr) {
    record->clear_last_failure();
    record->clear_last_failure_time();
    return;
  }
  record->set_last_failure(newest->text());
  *record->mutable_last_failure_time() = newest->time();
}

void EraseFailures(OutboxAction::Kind kind, IsolationRecord* record) {
  auto* open = record->mutable_open_failures();
  open->erase(std::remove_if(open->begin(), open->end(),
                             [&](const IsolationRecord::OpenFailure& failure) {
                               return failure.kind() == kind;
                             }),
              open->end());
}

// A record written before open_failures existed shows its one failure in
// last_failure only: it becomes an open failure, of the kind its prefix
// names, before another is added.
void AdoptShownFailure(IsolationRecord* record) {
  if (record->open_failures_size() > 0 || record->last_failure().empty()) {
    return;
  }
  IsolationRecord::OpenFailure* adopted = record->add_open_failures();
  OutboxAction::Kind kind = OutboxAction::KIND_UNSPECIFIED;
  const std::string& text = record->last_failure();
  const size_t colon = text.find(": ");
  if (colon == std::string::npos ||
      !OutboxAction::Kind_Parse(text.substr(0, colon), &kind)) {
    kind = OutboxAction::KIND_UNSPECIFIED;
  }
  adopted->set_kind(kind);
  adopted->set_text(text);
  *adopted->mutable_time() = record->last_failure_time();
}

}  // namespace

void RecordFailure(OutboxAction::Kind kind, std::string text, absl::Time now,
                   IsolationRecord* record) {
  AdoptShownFailure(record);
  EraseFailures(kind, record);
  IsolationRecord::OpenFailure* failure = record->add_open_failures();
  failure->set_kind(kind);
  failure->set_text(std::move(text));
  *failure->mutable_time() = ToTimestamp(now);
  ShowNewestFailure(record);
}

void FixFailure(OutboxAction::Kind kind, IsolationRecord* record) {
  AdoptShownFailure(record);
  EraseFailures(kind, record);
  ShowNewestFailure(record);
}

void ForgetFailures(IsolationRecord* record) {
  record->clear_open_failures();
  record->clear_last_failure();
  record->clear_last_failure_time();
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

void ForgetAwaiting(const std::string& source, IsolationRecord* record) {
  auto* waiting = record->mutable_awaiting_confirmation();
  waiting->erase(std::remove_if(waiting->begin(), waiting->end(),
                                [&](const cordon::v1::IsolationHold& held) {
                                  return source.empty() ||
                                         held.source() == source;
                                }),
                 waiting->end());
  if (waiting->empty()) record->clear_confirmation_escalation();
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
  inputs.account_disable_failed =
      record.cloud_disable() == IsolationRecord::STEP_FAILED ||
      record.on_prem_disable() == IsolationRecord::STEP_FAILED;
  inputs.awaiting_confirmation = record.awaiting_confirmation_size() > 0;
  switch (core::DeriveIsolationState(inputs)) {
    case core::IsolationState::kActive:
      return Identity::ACTIVE;
    case core::IsolationState::kAwaitingConfirmation:
      return Identity::AWAITING_CONFIRMATION;
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

core::StepState CoreStep(IsolationRecord::Step step) {
  switch (step) {
    case IsolationRecord::STEP_QUEUED:
      return core::StepState::kQueued;
    case IsolationRecord::STEP_DONE:
      return core::StepState::kDone;
    case IsolationRecord::STEP_FAILED:
      return core::StepState::kFailed;
    default:
      return core::StepState::kNone;
  }
}

// Records where the isolation step an action performs stands; actions that
// are no isolation step (enables, an admin's rule) change nothing.
void SetStep(OutboxAction::Kind kind, IsolationRecord::Step step,
             IsolationRecord* record) {
  switch (kind) {
    case OutboxAction::REVOKE_SESSIONS:
      record->set_revoke(step);
      break;
    case OutboxAction::DISABLE_ACCOUNT:
      record->set_cloud_disable(step);
      break;
    case OutboxAction::AGENT_DISABLE_ACCOUNT:
      record->set_on_prem_disable(step);
      break;
    case OutboxAction::DISABLE_SUSPICIOUS_RULES:
      record->set_rules(step);
      break;
    default:
      break;
  }
}

void CountQueuedStep(OutboxAction::Kind kind, IsolationRecord* record) {
  record->set_pending_isolate(record->pending_isolate() + 1);
  SetStep(kind, IsolationRecord::STEP_QUEUED, record);
  if (kind == OutboxAction::DISABLE_ACCOUNT) {
    record->set_cloud_disabled_earlier(record->cloud_disabled());
    record->set_cloud_disabled(true);
  }
  if (kind == OutboxAction::AGENT_DISABLE_ACCOUNT) {
    record->set_on_prem_disabled_earlier(record->on_prem_disabled());
    record->set_on_prem_disabled(true);
  }
}

std::string EntryDetail(bool drift, const std::string& detail) {
  if (!drift) return detail;
  return absl::StrCat("ISO-13 drift: ", detail);
}

core::DisabledByCordon DisabledOf(const IsolationRecord& record) {
  return {.cloud = record.cloud_disabled(),
          .on_prem = record.on_prem_disabled(),
          .cloud_earlier = record.cloud_disabled_earlier(),
          .on_prem_earlier = record.on_prem_disabled_earlier()};
}

core::AccountAction AccountActionOf(OutboxAction::Kind kind) {
  switch (kind) {
    case OutboxAction::DISABLE_ACCOUNT:
      return core::AccountAction::kDisableCloud;
    case OutboxAction::AGENT_DISABLE_ACCOUNT:
      return core::AccountAction::kDisableOnPrem;
    case OutboxAction::ENABLE_ACCOUNT:
      return core::AccountAction::kEnableCloud;
    case OutboxAction::AGENT_ENABLE_ACCOUNT:
      return core::AccountAction::kEnableOnPrem;
    default:
      return core::AccountAction::kNone;
  }
}

// What the end of an action of the current isolation means for the
// accounts Cordon holds disabled (core::DisabledAfter) and for the failure
// the identity shows (ISO-11).
void RecordAccountEnd(OutboxAction::Kind kind, core::AccountOutcome outcome,
                      const std::string& detail, absl::Time now,
                      IsolationRecord* record) {
  const core::DisabledByCordon disabled =
      core::DisabledAfter(DisabledOf(*record), AccountActionOf(kind), outcome);
  record->set_cloud_disabled(disabled.cloud);
  record->set_on_prem_disabled(disabled.on_prem);
  record->set_cloud_disabled_earlier(disabled.cloud_earlier);
  record->set_on_prem_disabled_earlier(disabled.on_prem_earlier);
  if (outcome != core::AccountOutcome::kSucceeded) {
    RecordFailure(kind, absl::StrCat(FailurePrefix(kind), detail), now, record);
    return;
  }
  // An enabled account has no disable step any more.
  if (kind == OutboxAction::ENABLE_ACCOUNT) {
    record->set_cloud_disable(IsolationRecord::STEP_NONE);
  }
  if (kind == OutboxAction::AGENT_ENABLE_ACCOUNT) {
    record->set_on_prem_disable(IsolationRecord::STEP_NONE);
  }
  // A failure this very kind of action reported earlier is fixed now.
  FixFailure(kind, record);
}

// The inbox rules as last seen, keeping what Cordon did to rules it saw
// before (ISO-5: an admin's re-enable must stay visible as such).
void KeepSeenRules(const std::vector<cordon::store::SeenInboxRule>& seen,
                   IsolationRecord* record) {
  std::vector<cordon::store::SeenInboxRule> merged = seen;
  for (auto& rule : merged) {
    for (const auto& old : record->inbox_rules()) {
      if (old.id() == rule.id() && old.disabled_by_cordon()) {
        rule.set_disabled_by_cordon(true);
      }
    }
  }
  record->clear_inbox_rules();
  for (auto& rule : merged) *record->add_inbox_rules() = std::move(rule);
}

}  // namespace cordon::engine
