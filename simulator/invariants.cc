#include "simulator/invariants.h"

#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/severity_schedule.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/store/keys.h"

namespace cordon::sim {
namespace {

using cordon::store::IsolationRecord;
using cordon::store::OutboxAction;
using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;
using cordon::v1::Identity;
using cordon::v1::IsolationHold;

// Bounds the scans (TIGER_STYLE); a simulation never comes near them.
constexpr int kMaxEscalationsChecked = 100000;
constexpr int kMaxDueActionsScanned = 100000;

template <typename Message>
absl::StatusOr<Message> Read(const store::Database& db, store::Family family,
                             const std::string& key) {
  CORDON_ASSIGN_OR_RETURN(std::string value, db.Get(family, key));
  Message message;
  if (!message.ParseFromString(value)) {
    return absl::DataLossError("row does not parse");
  }
  return message;
}

// Hands every row of `family`, parsed, to `visit` in key order until it
// returns false; DATA_LOSS ("<what> does not parse") at a row that does not
// parse.
template <typename Message, typename Visit>
absl::Status ForEachRow(const store::Database& db, store::Family family,
                        absl::string_view what, Visit visit) {
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(db.Scan(
      family, "", "", /*reverse=*/false,
      [&](absl::string_view, absl::string_view value) {
        Message message;
        if (!message.ParseFromArray(value.data(),
                                    static_cast<int>(value.size()))) {
          parse_status =
              absl::DataLossError(absl::StrCat(what, " does not parse"));
          return false;
        }
        return visit(std::move(message));
      }));
  return parse_status;
}

// ISO-4/ISO-6: an account Cordon touched is disabled only while held (or
// while being released).
void CheckNoDisableWithoutHold(const Identity& identity,
                               const IsolationRecord& record,
                               const std::string& tenant,
                               const std::string& who, World& world,
                               std::vector<std::string>* violations) {
  const std::string& upn = identity.upn();
  const bool touched = record.epoch() > 0;
  const bool held = record.holds_size() > 0;
  const bool releasing = record.pending_release() > 0;
  // A release whose enable failed for good is allowed only while Cordon
  // says so: it still records the account as disabled and names the
  // failure (the identity reads RELEASING, never ACTIVE).
  const bool failed_release_shown =
      (record.cloud_disabled() || record.on_prem_disabled()) &&
      !record.last_failure().empty() &&
      identity.isolation_state() == Identity::RELEASING;
  if (!touched || held || releasing || failed_release_shown) return;
  // ISO-9: a synced account's cloud state follows its on-prem state at the
  // next directory sync, so after the agent's enable it lags until then.
  const bool sync_will_enable = world.IsSynced(tenant, upn) == true &&
                                world.IsOnPremEnabled(tenant, upn) == true;
  if (world.IsCloudEnabled(tenant, upn) == false && !sync_will_enable &&
      world.IsDisabledByAdmin(tenant, upn) != true) {
    violations->push_back(
        absl::StrCat(who, ": cloud account disabled without a hold"));
  }
  if (world.IsOnPremEnabled(tenant, upn) == false) {
    violations->push_back(
        absl::StrCat(who, ": on-prem account disabled without a hold"));
  }
}

// Isolation is off for the whole account, the organization or the
// identity itself (ISO-7).
bool IsExcluded(const Identity& identity,
                const cordon::v1::Organization& organization,
                const cordon::store::AccountRecord& account) {
  const auto& settings = account.account().settings();
  return (settings.has_identity_isolation_enabled() &&
          !settings.identity_isolation_enabled()) ||
         organization.excluded_from_isolation() ||
         identity.excluded_from_isolation();
}

// ISO-1/ISO-7: no automated hold appears while excluded. Returns the
// sources of the automated holds now, to compare with at the next check;
// `before` are those of the previous check.
std::set<std::string> CheckNoNewAutomatedHoldWhileExcluded(
    bool excluded, const IsolationRecord& record,
    const std::set<std::string>& before, const std::string& who,
    std::vector<std::string>* violations) {
  std::set<std::string> automated;
  for (const IsolationHold& hold : record.holds()) {
    if (hold.kind() != IsolationHold::MANUAL) automated.insert(hold.source());
  }
  if (!excluded) return automated;
  for (const std::string& source : automated) {
    if (!before.count(source)) {
      violations->push_back(
          absl::StrCat(who, ": excluded, yet held automatically by ", source));
    }
  }
  return automated;
}

// ISO-9: LIMITED is never reported as disabled.
void CheckLimitedNotShownDisabled(const Identity& identity,
                                  const std::string& who,
                                  std::vector<std::string>* violations) {
  if (identity.isolation_state() == Identity::LIMITED &&
      identity.isolation().cloud_account_disabled()) {
    violations->push_back(
        absl::StrCat(who, ": LIMITED but reported as disabled"));
  }
}

// ISO-5: an inbox rule Cordon disabled stays disabled until an admin says.
void CheckDisabledRulesStayDisabled(const IsolationRecord& record,
                                    const std::string& tenant,
                                    const std::string& upn,
                                    const std::string& who, const World& world,
                                    std::vector<std::string>* violations) {
  for (const auto& rule : record.inbox_rules()) {
    if (!rule.disabled_by_cordon()) continue;
    absl::optional<core::InboxRule> live = world.Rule(tenant, upn, rule.id());
    if (live.has_value() && live->is_enabled) {
      violations->push_back(
          absl::StrCat(who, ": inbox rule ", rule.id(),
                       " is enabled again without an admin's call"));
    }
  }
}

// The escalations whose notice timer is due but not yet performed: the
// worker has not run since the clock reached it (or since the step that
// queued it).
absl::StatusOr<std::set<std::string>> NoticeTimersDue(Simulation& sim,
                                                      absl::Time now) {
  CORDON_ASSIGN_OR_RETURN(
      std::vector<engine::QueuedAction> due,
      sim.engine().outbox().Due(now, kMaxDueActionsScanned));
  std::set<std::string> pending;
  for (const engine::QueuedAction& queued : due) {
    if (queued.action.kind() == OutboxAction::ESCALATION_NOTICE_DUE) {
      pending.insert(queued.action.escalation());
    }
  }
  return pending;
}

// ESC-1: each escalation has one notice schedule: at most one scheduled
// (not one-off) timer queued, however many answers, reopenings and
// restarts it has seen; two would notify every round twice.
absl::Status CheckOneNoticeSchedule(const store::Database& db,
                                    std::vector<std::string>* violations) {
  std::map<std::string, int> scheduled_timers;
  CORDON_RETURN_IF_ERROR(ForEachRow<OutboxAction>(
      db, store::Family::kOutbox, "outbox action", [&](OutboxAction action) {
        if (action.kind() == OutboxAction::ESCALATION_NOTICE_DUE &&
            !action.one_off()) {
          ++scheduled_timers[action.escalation()];
        }
        return true;
      }));
  for (const auto& [name, count] : scheduled_timers) {
    if (count > 1) {
      violations->push_back(
          absl::StrCat(name, ": ", count,
                       " notice schedules queued; it would be "
                       "notified every round ",
                       count, " times"));
    }
  }
  return absl::OkStatus();
}

// ESC-3: one channel per escalation, never both.
// ISO-14: an isolation the blast-radius guard holds is held, not dropped:
// the account's guard still keeps it for the confirmation, and an open
// ISOLATION_CAP_REACHED escalation asks for that confirmation.
absl::Status CheckHeldIsolationsAwaitAnAnswer(
    Simulation& sim, const core::IdentityName& name,
    const IsolationRecord& record, const std::string& who,
    std::vector<std::string>* violations) {
  if (record.awaiting_confirmation().empty()) return absl::OkStatus();
  absl::StatusOr<cordon::store::IsolationGuardRecord> read =
      Read<cordon::store::IsolationGuardRecord>(sim.database(),
                                                store::Family::kIsolationGuard,
                                                store::KeyOf({name.account}));
  if (!read.ok() && !absl::IsNotFound(read.status())) return read.status();
  const cordon::store::IsolationGuardRecord guard =
      read.ok() ? *read : cordon::store::IsolationGuardRecord();
  for (const cordon::v1::IsolationHold& waiting :
       record.awaiting_confirmation()) {
    bool kept = false;
    for (const auto& held : guard.held()) {
      kept |= held.identity() == name.ToString() &&
              held.source() == waiting.source();
    }
    if (!kept) {
      violations->push_back(absl::StrCat(
          who, " awaits confirmation of its isolation under ", waiting.source(),
          " but the account's guard no longer holds it"));
    }
  }
  absl::StatusOr<Escalation> escalation =
      sim.engine().escalations().Get(record.confirmation_escalation());
  if (!escalation.ok() || escalation->status() == Escalation::RESOLVED) {
    violations->push_back(absl::StrCat(
        who,
        " awaits confirmation, but no open ISOLATION_CAP_REACHED asks "
        "for it (",
        record.confirmation_escalation(), ")"));
  }
  return absl::OkStatus();
}

void CheckOneChannel(const Escalation& escalation, const std::string& who,
                     std::vector<std::string>* violations) {
  std::set<std::string> channels;
  for (const EscalationNotification& n : escalation.notifications()) {
    channels.insert(EscalationNotification::Channel_Name(n.channel()));
  }
  if (escalation.delivery_channel() !=
      EscalationNotification::CHANNEL_UNSPECIFIED) {
    channels.insert(
        EscalationNotification::Channel_Name(escalation.delivery_channel()));
  }
  if (channels.size() > 1) {
    violations->push_back(absl::StrCat(
        who, ": notified by more than one channel (",
        absl::StrJoin(channels, ", "), "; delivery_channel ",
        EscalationNotification::Channel_Name(escalation.delivery_channel()),
        ")"));
  }
}

// ESC-1: an escalation nobody has answered is notified every period: it
// has a notification for the round that began last (the one before, while
// that round's timer is due now and the worker has not run).
void CheckNotifiedEveryRound(const Escalation& escalation,
                             const std::string& who, absl::Time now,
                             const std::set<std::string>& timer_pending,
                             std::vector<std::string>* violations) {
  if (escalation.status() == Escalation::RESOLVED || escalation.has_answer()) {
    return;
  }
  absl::StatusOr<core::Severity> severity =
      engine::CoreSeverity(escalation.severity());
  if (!severity.ok()) {
    violations->push_back(absl::StrCat(who, ": no valid severity"));
    return;
  }
  const absl::Time created = engine::FromTimestamp(escalation.create_time());
  if (now < created) return;
  absl::Duration remainder;
  int64_t round = absl::IDivDuration(
      now - created, core::OverduePeriod(*severity), &remainder);
  if (remainder == absl::ZeroDuration() &&
      timer_pending.count(escalation.name())) {
    --round;  // its time is now and the worker has not run yet
  }
  if (round < 0) return;
  for (const EscalationNotification& n : escalation.notifications()) {
    if (n.round() == round) return;
  }
  violations->push_back(
      absl::StrCat(who, ": ", cordon::v1::Severity_Name(escalation.severity()),
                   ", unanswered for ", absl::FormatDuration(now - created),
                   ", has no notification for round ", round));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> InvariantChecker::Check() {
  std::vector<Identity> identities;
  CORDON_RETURN_IF_ERROR(
      ForEachRow<Identity>(sim_->database(), store::Family::kIdentities,
                           "identity", [&](Identity identity) {
                             identities.push_back(std::move(identity));
                             return true;
                           }));
  std::vector<std::string> violations;
  for (const Identity& identity : identities) {
    CORDON_RETURN_IF_ERROR(CheckIdentity(identity, &violations));
  }
  CORDON_RETURN_IF_ERROR(CheckEscalations(&violations));
  // ISO-4: Cordon re-enables only what it disabled, never an account a
  // tenant admin disabled for reasons of their own.
  if (const int undone = sim_->world().AdminDisablesUndone(); undone > 0) {
    violations.push_back(absl::StrCat(
        undone, " account(s) a tenant admin had disabled were re-enabled"));
  }
  return violations;
}

absl::Status InvariantChecker::CheckIdentity(
    const Identity& identity, std::vector<std::string>* violations) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                          core::ParseIdentityName(identity.name()));
  CORDON_ASSIGN_OR_RETURN(cordon::v1::Organization org,
                          Read<cordon::v1::Organization>(
                              sim_->database(), store::Family::kOrganizations,
                              store::KeyOf({name.account, name.organization})));
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord account,
                          Read<cordon::store::AccountRecord>(
                              sim_->database(), store::Family::kAccounts,
                              store::KeyOf({name.account})));
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                          sim_->engine().isolation().Read(name));
  const std::string& tenant = org.m365_tenant_id();
  const std::string who =
      absl::StrCat(identity.name(), " (", identity.upn(), ")");
  World& world = sim_->world();
  CheckNoDisableWithoutHold(identity, record, tenant, who, world, violations);
  std::set<std::string>& automated = automated_holds_[identity.name()];
  automated = CheckNoNewAutomatedHoldWhileExcluded(
      IsExcluded(identity, org, account), record, automated, who, violations);
  CheckLimitedNotShownDisabled(identity, who, violations);
  CheckDisabledRulesStayDisabled(record, tenant, identity.upn(), who, world,
                                 violations);
  return CheckHeldIsolationsAwaitAnAnswer(*sim_, name, record, who, violations);
}

absl::Status InvariantChecker::CheckEscalations(
    std::vector<std::string>* violations) {
  std::vector<Escalation> escalations;
  CORDON_RETURN_IF_ERROR(ForEachRow<Escalation>(
      sim_->database(), store::Family::kEscalations, "escalation",
      [&](Escalation escalation) {
        escalations.push_back(std::move(escalation));
        return escalations.size() < kMaxEscalationsChecked;
      }));
  if (escalations.empty()) return absl::OkStatus();
  const absl::Time now = sim_->clock().Now();
  CORDON_ASSIGN_OR_RETURN(std::set<std::string> timer_pending,
                          NoticeTimersDue(*sim_, now));
  CORDON_RETURN_IF_ERROR(CheckOneNoticeSchedule(sim_->database(), violations));
  for (const Escalation& escalation : escalations) {
    const std::string who =
        absl::StrCat(escalation.name(), " (",
                     cordon::v1::EscalationType_Name(escalation.type()), " ",
                     escalation.subject(), ")");
    CheckOneChannel(escalation, who, violations);
    CheckNotifiedEveryRound(escalation, who, now, timer_pending, violations);
  }
  return absl::OkStatus();
}

}  // namespace cordon::sim
