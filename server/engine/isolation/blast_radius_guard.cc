#include "server/engine/isolation/blast_radius_guard.h"

#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/isolation/blast_radius.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/events/event_builders.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::IsolationGuardRecord;

core::GuardState StateOf(const IsolationGuardRecord& record) {
  core::GuardState state;
  for (const IsolationGuardRecord::Counted& counted : record.counted()) {
    state.counted.push_back(
        {counted.identity(), FromTimestamp(counted.time())});
  }
  state.paused = record.paused();
  if (record.has_window_start()) {
    state.window_start = FromTimestamp(record.window_start());
  }
  return state;
}

// Keeps only what still counts, so the record never outgrows the cap.
void KeepWindow(const std::vector<core::CountedIsolation>& window,
                IsolationGuardRecord* record) {
  record->clear_counted();
  for (const core::CountedIsolation& counted : window) {
    IsolationGuardRecord::Counted* kept = record->add_counted();
    kept->set_identity(counted.identity);
    *kept->mutable_time() = ToTimestamp(counted.time);
  }
}

// ISO-14, ESC-7: the account's one ISOLATION_CAP_REACHED escalation, opened
// or joined by the held candidate.
EscalationOccurrence CapOccurrence(const BlastRadiusGuard::Candidate& candidate,
                                   int counted, absl::Time now) {
  const std::string identity = candidate.identity.ToString();
  EscalationOccurrence occurrence;
  occurrence.account = candidate.identity.account;
  occurrence.type = cordon::v1::ISOLATION_CAP_REACHED;
  occurrence.severity = cordon::v1::CRITICAL;
  occurrence.subject = BlastRadiusGuard::Subject();
  occurrence.question = absl::StrCat(
      "Automated isolation reached this account's cap of ", candidate.cap,
      " identities in an hour and is paused; the identities listed are "
      "held, not isolated. Is this a real attack? Confirm to isolate every "
      "held identity now and resume automated isolation; close a report or "
      "release an identity first to leave it out.");
  occurrence.identity = identity;
  occurrence.event.set_subject(identity);
  *occurrence.event.mutable_time() = ToTimestamp(now);
  occurrence.event.set_summary(
      absl::StrCat("held ", candidate.upn.empty() ? identity : candidate.upn,
                   " (", candidate.source, "): ", counted,
                   " identities isolated automatically "
                   "in the last hour, cap ",
                   candidate.cap));
  return occurrence;
}

}  // namespace

int AutomatedIsolationCap(const cordon::v1::AccountSettings& settings) {
  return settings.has_automated_isolations_per_hour()
             ? settings.automated_isolations_per_hour()
             : core::kDefaultAutomatedIsolationsPerHour;
}

absl::StatusOr<IsolationGuardRecord> BlastRadiusGuard::Lock(
    store::Transaction& txn, uint64_t account) const {
  IsolationGuardRecord record;
  CORDON_ASSIGN_OR_RETURN(bool found,
                          txn.GetForUpdate(store::Family::kIsolationGuard,
                                           store::KeyOf({account}), &record));
  (void)found;  // an account never capped has an empty record
  return record;
}

void BlastRadiusGuard::Write(store::Transaction& txn, uint64_t account,
                             const IsolationGuardRecord& record) const {
  txn.Put(store::Family::kIsolationGuard, store::KeyOf({account}), record);
}

absl::StatusOr<BlastRadiusGuard::Admission> BlastRadiusGuard::Admit(
    store::Transaction& txn, const Candidate& candidate) {
  const absl::Time now = clock_->Now();
  const uint64_t account = candidate.identity.account;
  CORDON_ASSIGN_OR_RETURN(IsolationGuardRecord record, Lock(txn, account));
  const core::GuardState state = StateOf(record);
  const std::string identity = candidate.identity.ToString();
  const core::GuardDecision decision = core::DecideAutomatedIsolation(
      state, candidate.cap, now, identity, candidate.already_held);
  std::vector<core::CountedIsolation> window = core::InWindow(state, now);
  if (decision.verdict == core::GuardVerdict::kProceed) {
    window.push_back({identity, now});
  }
  KeepWindow(window, &record);
  if (decision.verdict != core::GuardVerdict::kHold) {
    Write(txn, account, record);
    return Admission{};
  }
  return Hold(txn, candidate, decision.counted, &record);
}

absl::StatusOr<BlastRadiusGuard::Admission> BlastRadiusGuard::Hold(
    store::Transaction& txn, const Candidate& candidate, int counted,
    IsolationGuardRecord* record) {
  const absl::Time now = clock_->Now();
  const std::string identity = candidate.identity.ToString();
  Held* held = nullptr;
  for (Held& entry : *record->mutable_held()) {
    if (entry.identity() == identity && entry.source() == candidate.source) {
      held = &entry;  // the same isolation again: one entry
    }
  }
  if (held == nullptr) {
    if (record->held_size() >= core::kMaxHeldIsolations) {
      return core::WithReason(
          absl::ResourceExhaustedError(absl::StrCat(
              core::kMaxHeldIsolations,
              " automated isolations of this account already wait for an "
              "admin to confirm ",
              record->escalation(), " (ISO-14); answer it first")),
          "ISOLATION_HOLD_FULL");
    }
    held = record->add_held();
    held->set_identity(identity);
    held->set_kind(candidate.kind);
    held->set_source(candidate.source);
    held->set_report(candidate.report);
    held->set_report_action_index(candidate.report_action_index);
    *held->mutable_time() = ToTimestamp(now);
  }
  for (const std::string& rule : candidate.named_rule_ids) {
    if (!absl::c_linear_search(held->named_rule_ids(), rule)) {
      held->add_named_rule_ids(rule);
    }
  }
  const bool pausing = !record->paused();
  record->set_paused(true);
  const std::string detail = absl::StrCat(
      "ISO-14: automated isolation of the account is paused: ", counted,
      " identities isolated automatically in the last hour (cap ",
      candidate.cap, "); held until an admin confirms");
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Escalation escalation,
      escalations_->Raise(txn, CapOccurrence(candidate, counted, now)));
  record->set_escalation(escalation.name());
  Write(txn, candidate.identity.account, *record);
  if (pausing) {
    CORDON_RETURN_IF_ERROR(events_->Append(
        txn, IsolationPausedEvent(candidate.identity.account, escalation)));
  }
  return Admission{.held = true,
                   .escalation = escalation.name(),
                   .detail = absl::StrCat(detail, " ", escalation.name())};
}

absl::StatusOr<std::vector<BlastRadiusGuard::Held>> BlastRadiusGuard::Drop(
    store::Transaction& txn, const core::IdentityName& identity,
    const std::string& source) {
  CORDON_ASSIGN_OR_RETURN(IsolationGuardRecord record,
                          Lock(txn, identity.account));
  const std::string name = identity.ToString();
  std::vector<Held> dropped;
  std::vector<Held> kept;
  for (Held& held : *record.mutable_held()) {
    if (held.identity() == name &&
        (source.empty() || held.source() == source)) {
      dropped.push_back(std::move(held));
    } else {
      kept.push_back(std::move(held));
    }
  }
  if (dropped.empty()) return dropped;  // nothing held: no write
  record.clear_held();
  for (Held& held : kept) *record.add_held() = std::move(held);
  Write(txn, identity.account, record);
  return dropped;
}

absl::StatusOr<std::vector<BlastRadiusGuard::Held>>
BlastRadiusGuard::TakeAllAndResume(store::Transaction& txn, uint64_t account) {
  CORDON_ASSIGN_OR_RETURN(IsolationGuardRecord record, Lock(txn, account));
  std::vector<Held> held(record.held().begin(), record.held().end());
  const core::GuardState resumed = core::ResumeAfterConfirmation(clock_->Now());
  IsolationGuardRecord next;
  next.set_paused(resumed.paused);
  *next.mutable_window_start() = ToTimestamp(resumed.window_start);
  Write(txn, account, next);
  return held;
}

}  // namespace cordon::engine
