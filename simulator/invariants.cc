#include "simulator/invariants.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/engine/common/child_counts.h"

namespace cordon::sim {
namespace {

using cordon::store::OutboxAction;
using cordon::v1::Escalation;
using cordon::v1::Identity;
using store::Family;

const std::set<std::string>& RowsOf(const ChangeJournal::Changes& changes,
                                    Family family) {
  return changes.rows[static_cast<int>(family)];
}

}  // namespace

InvariantChecker::InvariantChecker(Simulation* sim)
    : sim_(sim),
      changes_(sim->changes().NewReader(
          {Family::kIdentities, Family::kIsolation, Family::kOrganizations,
           Family::kAccounts, Family::kIsolationGuard, Family::kEscalations,
           Family::kOutbox})) {}

absl::StatusOr<std::vector<std::string>> InvariantChecker::Check() {
  if (!primed_) return CheckAll();
  ++pass_;
  CORDON_RETURN_IF_ERROR(Apply(changes_->Take()));
  CORDON_RETURN_IF_ERROR(RecheckMarked());
  return Collect();
}

absl::StatusOr<std::vector<std::string>> InvariantChecker::CheckAll() {
  ++pass_;
  changes_->Take();  // everything is read again below
  std::set<std::string> present;
  CORDON_RETURN_IF_ERROR(ForEachRow<Identity>(sim_->database(),
                                              Family::kIdentities, "identity",
                                              [&](std::string key, Identity) {
                                                present.insert(std::move(key));
                                                return true;
                                              }));
  std::vector<std::string> gone;
  for (const auto& [key, state] : identities_) {
    if (!present.count(key)) gone.push_back(key);
  }
  for (const std::string& key : gone) Forget(key);
  marked_ = std::move(present);
  CORDON_RETURN_IF_ERROR(RescanEscalationsAndTimers());
  primed_ = true;
  CORDON_RETURN_IF_ERROR(RecheckMarked());
  CORDON_ASSIGN_OR_RETURN(std::vector<std::string> violations, Collect());
  // Issue 14: each child counter equals the rows it counts, whatever
  // crashed where (a full scan, so only here).
  CORDON_ASSIGN_OR_RETURN(const std::vector<std::string> counts,
                          engine::ChildCountMismatches(sim_->database()));
  violations.insert(violations.end(), counts.begin(), counts.end());
  // Issue 14: the open escalations the engine counts in memory.
  CORDON_ASSIGN_OR_RETURN(const std::vector<std::string> gauge,
                          OpenEscalationGaugeMismatches(*sim_));
  violations.insert(violations.end(), gauge.begin(), gauge.end());
  return violations;
}

absl::Status InvariantChecker::Apply(const ChangeJournal::Changes& changes) {
  for (Family family : {Family::kIdentities, Family::kIsolation}) {
    // An isolation record is keyed like its identity.
    for (const std::string& key : RowsOf(changes, family)) marked_.insert(key);
  }
  // Their identities read them: organization (tenant, exclusion), account
  // (ISO-1 toggle). Keys are prefixes of their identities' keys.
  for (Family family : {Family::kOrganizations, Family::kAccounts}) {
    for (const std::string& key : RowsOf(changes, family)) {
      MarkIdentitiesWithPrefix(key);
    }
  }
  for (const ChangeJournal::WorldUser& user : changes.world_users) {
    auto it = by_world_user_.find(user);
    if (it != by_world_user_.end())
      marked_.insert(it->second.begin(), it->second.end());
  }
  // ISO-14's check of an identity reads its account's guard and its
  // confirmation escalation.
  if (!RowsOf(changes, Family::kIsolationGuard).empty() ||
      !RowsOf(changes, Family::kEscalations).empty()) {
    MarkAwaitingConfirmation();
  }
  for (const std::string& key : RowsOf(changes, Family::kEscalations)) {
    CORDON_RETURN_IF_ERROR(RefreshEscalation(key));
  }
  for (const std::string& key : RowsOf(changes, Family::kOutbox)) {
    CORDON_RETURN_IF_ERROR(RefreshTimer(key));
  }
  return absl::OkStatus();
}

void InvariantChecker::MarkIdentitiesWithPrefix(const std::string& prefix) {
  for (auto it = identities_.lower_bound(prefix);
       it != identities_.end() &&
       it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    marked_.insert(it->first);
  }
}

void InvariantChecker::MarkAwaitingConfirmation() {
  for (const auto& [key, state] : identities_) {
    if (state.awaits_confirmation) marked_.insert(key);
  }
}

absl::Status InvariantChecker::RecheckMarked() {
  std::set<std::string> marked = std::move(marked_);
  marked_.clear();
  absl::Status first_error;
  for (const std::string& key : marked) {
    absl::Status status = RecheckIdentity(key);
    if (!status.ok()) {
      marked_.insert(key);  // checked again next time, as a full scan would
      if (first_error.ok()) first_error = status;
    }
  }
  return first_error;
}

absl::Status InvariantChecker::RecheckIdentity(const std::string& key) {
  absl::StatusOr<Identity> identity =
      ReadRow<Identity>(sim_->database(), Family::kIdentities, key, "identity");
  if (absl::IsNotFound(identity.status())) {
    Forget(key);
    return absl::OkStatus();
  }
  if (!identity.ok()) return identity.status();
  CORDON_ASSIGN_OR_RETURN(
      IdentityVerdict verdict,
      CheckIdentity(*sim_, *identity, &automated_holds_[identity->name()]));
  IdentityState& state = identities_[key];
  by_world_user_[state.world_user].erase(key);
  state.world_user = {std::move(verdict.tenant), std::move(verdict.upn)};
  by_world_user_[state.world_user].insert(key);
  state.findings = std::move(verdict.findings);
  if (state.findings.empty()) {
    with_findings_.erase(key);
  } else {
    with_findings_.insert(key);
  }
  state.awaits_confirmation = verdict.awaits_confirmation;
  state.checked_in_pass = pass_;
  return absl::OkStatus();
}

void InvariantChecker::Forget(const std::string& key) {
  auto it = identities_.find(key);
  if (it == identities_.end()) return;
  by_world_user_[it->second.world_user].erase(key);
  with_findings_.erase(key);
  identities_.erase(it);
}

absl::Status InvariantChecker::RefreshEscalation(const std::string& key) {
  absl::StatusOr<Escalation> row = ReadRow<Escalation>(
      sim_->database(), Family::kEscalations, key, "escalation");
  if (absl::IsNotFound(row.status())) {
    escalation_keys_.erase(key);
    escalations_.erase(key);
    return absl::OkStatus();
  }
  if (!row.ok()) return row.status();
  RefreshEscalation(key, *row);
  return absl::OkStatus();
}

void InvariantChecker::RefreshEscalation(const std::string& key,
                                         const Escalation& row) {
  escalation_keys_.insert(key);
  EscalationState state{
      .row = {}, .who = EscalationWho(row), .channel_violations = {}};
  CheckOneChannel(row, state.who, &state.channel_violations);
  if (!AwaitsAnswer(row) && state.channel_violations.empty()) {
    escalations_.erase(key);
    return;
  }
  state.row = row;
  escalations_[key] = std::move(state);
}

absl::Status InvariantChecker::RefreshTimer(const std::string& key) {
  absl::StatusOr<OutboxAction> action = ReadRow<OutboxAction>(
      sim_->database(), Family::kOutbox, key, "outbox action");
  if (!action.ok() && !absl::IsNotFound(action.status())) {
    return action.status();
  }
  SetTimer(key, action.ok() && IsNoticeSchedule(*action) ? action->escalation()
                                                         : "");
  return absl::OkStatus();
}

void InvariantChecker::SetTimer(const std::string& key,
                                const std::string& escalation) {
  auto it = timers_.find(key);
  if (it != timers_.end()) {
    if (--schedules_[it->second] == 0) schedules_.erase(it->second);
    timers_.erase(it);
  }
  if (escalation.empty()) return;
  timers_[key] = escalation;
  ++schedules_[escalation];
}

absl::Status InvariantChecker::RescanEscalationsAndTimers() {
  escalation_keys_.clear();
  escalations_.clear();
  timers_.clear();
  schedules_.clear();
  CORDON_RETURN_IF_ERROR(ForEachRow<Escalation>(
      sim_->database(), Family::kEscalations, "escalation",
      [&](std::string key, Escalation row) {
        RefreshEscalation(key, row);
        return true;
      }));
  return ForEachRow<OutboxAction>(sim_->database(), Family::kOutbox,
                                  "outbox action",
                                  [&](std::string key, OutboxAction action) {
                                    if (IsNoticeSchedule(action))
                                      SetTimer(key, action.escalation());
                                    return true;
                                  });
}

absl::StatusOr<std::vector<std::string>> InvariantChecker::Collect() {
  std::vector<std::string> violations;
  for (const std::string& key : with_findings_) {
    const IdentityState& state = identities_.at(key);
    for (const Finding& finding : state.findings) {
      // A change is reported by the check that saw it.
      if (!finding.transient || state.checked_in_pass == pass_) {
        violations.push_back(finding.text);
      }
    }
  }
  CORDON_RETURN_IF_ERROR(CollectEscalations(&violations));
  // ISO-4: Cordon re-enables only what it disabled, never an account a
  // tenant admin disabled for reasons of their own.
  if (const int undone = sim_->world().AdminDisablesUndone(); undone > 0) {
    violations.push_back(absl::StrCat(
        undone, " account(s) a tenant admin had disabled were re-enabled"));
  }
  return violations;
}

absl::Status InvariantChecker::CollectEscalations(
    std::vector<std::string>* violations) {
  if (escalation_keys_.empty()) return absl::OkStatus();
  CheckOneNoticeSchedule(schedules_, violations);
  // Only escalations still awaiting an answer need the due timers, which
  // cost a scan of the outbox.
  if (escalations_.empty()) return absl::OkStatus();
  const absl::Time now = sim_->clock().Now();
  CORDON_ASSIGN_OR_RETURN(std::set<std::string> timer_pending,
                          NoticeTimersDue(*sim_, now));
  // ESC-1 rounds move with the clock alone: every escalation that awaits
  // an answer is looked at every time.
  for (const auto& [key, state] : escalations_) {
    violations->insert(violations->end(), state.channel_violations.begin(),
                       state.channel_violations.end());
    CheckNotifiedEveryRound(state.row, state.who, now, timer_pending,
                            violations);
  }
  return absl::OkStatus();
}

}  // namespace cordon::sim
