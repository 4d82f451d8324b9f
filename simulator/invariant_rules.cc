#include "simulator/invariant_rules.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

// Bounds the scan of due actions (TIGER_STYLE); a simulation never comes
// near it.
constexpr int kMaxDueActionsScanned = 100000;

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

// ISO-14: an isolation the blast-radius guard holds is held, not dropped:
// the account's guard still keeps it for the confirmation, and an open
// ISOLATION_CAP_REACHED escalation asks for that confirmation.
absl::Status CheckHeldIsolationsAwaitAnAnswer(
    Simulation& sim, const core::IdentityName& name,
    const IsolationRecord& record, const std::string& who,
    std::vector<std::string>* violations) {
  if (record.awaiting_confirmation().empty()) return absl::OkStatus();
  absl::StatusOr<cordon::store::IsolationGuardRecord> read =
      ReadRow<cordon::store::IsolationGuardRecord>(
          sim.database(), store::Family::kIsolationGuard,
          store::KeyOf({name.account}), "row");
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

}  // namespace

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
  if (!AwaitsAnswer(escalation)) return;
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

bool AwaitsAnswer(const Escalation& escalation) {
  return escalation.status() != Escalation::RESOLVED &&
         !escalation.has_answer();
}

std::string EscalationWho(const Escalation& escalation) {
  return absl::StrCat(escalation.name(), " (",
                      cordon::v1::EscalationType_Name(escalation.type()), " ",
                      escalation.subject(), ")");
}

bool IsNoticeSchedule(const OutboxAction& action) {
  return action.kind() == OutboxAction::ESCALATION_NOTICE_DUE &&
         !action.one_off();
}

// Two schedules would notify every round twice, however many answers,
// reopenings and restarts the escalation has seen.
void CheckOneNoticeSchedule(const std::map<std::string, int>& schedules,
                            std::vector<std::string>* violations) {
  for (const auto& [name, count] : schedules) {
    if (count > 1) {
      violations->push_back(
          absl::StrCat(name, ": ", count,
                       " notice schedules queued; it would be "
                       "notified every round ",
                       count, " times"));
    }
  }
}

absl::StatusOr<IdentityVerdict> CheckIdentity(
    Simulation& sim, const Identity& identity,
    std::set<std::string>* automated) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                          core::ParseIdentityName(identity.name()));
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      ReadRow<cordon::v1::Organization>(
          sim.database(), store::Family::kOrganizations,
          store::KeyOf({name.account, name.organization}), "row"));
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord account,
                          ReadRow<cordon::store::AccountRecord>(
                              sim.database(), store::Family::kAccounts,
                              store::KeyOf({name.account}), "row"));
  CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                          sim.engine().isolation().Read(name));
  IdentityVerdict verdict;
  verdict.tenant = absl::AsciiStrToLower(org.m365_tenant_id());
  verdict.upn = absl::AsciiStrToLower(identity.upn());
  verdict.awaits_confirmation = !record.awaiting_confirmation().empty();
  const std::string& tenant = org.m365_tenant_id();
  const std::string who =
      absl::StrCat(identity.name(), " (", identity.upn(), ")");
  std::vector<std::string> state;
  std::vector<std::string> change;
  CheckNoDisableWithoutHold(identity, record, tenant, who, sim.world(), &state);
  *automated = CheckNoNewAutomatedHoldWhileExcluded(
      IsExcluded(identity, org, account), record, *automated, who, &change);
  for (std::string& text : state) verdict.findings.push_back({std::move(text)});
  for (std::string& text : change) {
    verdict.findings.push_back({std::move(text), /*transient=*/true});
  }
  state.clear();
  CheckLimitedNotShownDisabled(identity, who, &state);
  CheckDisabledRulesStayDisabled(record, tenant, identity.upn(), who,
                                 sim.world(), &state);
  CORDON_RETURN_IF_ERROR(
      CheckHeldIsolationsAwaitAnAnswer(sim, name, record, who, &state));
  for (std::string& text : state) verdict.findings.push_back({std::move(text)});
  return verdict;
}

absl::StatusOr<std::vector<std::string>> OpenEscalationGaugeMismatches(
    Simulation& sim) {
  const absl::Time now = sim.clock().Now();
  // type, severity, overdue -> open escalations the store holds.
  std::map<std::vector<std::string>, double> stored;
  CORDON_RETURN_IF_ERROR(ForEachRow<Escalation>(
      sim.database(), store::Family::kEscalations, "escalation",
      [&](const std::string&, Escalation row) {
        if (row.status() == Escalation::RESOLVED) return true;
        engine::EscalationManager::DeriveStatus(&row, now);
        const bool overdue = row.status() == Escalation::OVERDUE;
        stored[{cordon::v1::EscalationType_Name(row.type()),
                cordon::v1::Severity_Name(row.severity()),
                overdue ? "true" : "false"}] += 1;
        return true;
      }));
  std::vector<std::string> violations;
  std::set<std::vector<std::string>> exported;
  for (const metrics::Sample& sample :
       sim.engine().open_escalations().Samples()) {
    exported.insert(sample.label_values);
    const double want = stored[sample.label_values];
    if (sample.value == want) continue;
    violations.push_back(absl::StrCat(
        "cordon_escalations_open{", absl::StrJoin(sample.label_values, ","),
        "} is ", sample.value, " but the store holds ", want, " (issue 14)"));
  }
  for (const auto& [labels, count] : stored) {
    if (count == 0 || exported.count(labels)) continue;
    violations.push_back(absl::StrCat(
        "cordon_escalations_open{", absl::StrJoin(labels, ","),
        "} is not exported but the store holds ", count, " (issue 14)"));
  }
  return violations;
}

}  // namespace cordon::sim
