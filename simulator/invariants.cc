#include "simulator/invariants.h"

#include <cstdint>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/severity_schedule.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/store/keys.h"

namespace cordon::sim {
namespace {

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

}  // namespace

absl::StatusOr<std::vector<std::string>> InvariantChecker::Check() {
  std::vector<Identity> identities;
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(sim_->database().Scan(
      store::Family::kIdentities, "", "", false,
      [&](absl::string_view, absl::string_view value) {
        Identity identity;
        if (!identity.ParseFromArray(value.data(), value.size())) {
          parse_status = absl::DataLossError("identity does not parse");
          return false;
        }
        identities.push_back(std::move(identity));
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);

  std::vector<std::string> violations;
  for (const Identity& identity : identities) {
    CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                            core::ParseIdentityName(identity.name()));
    CORDON_ASSIGN_OR_RETURN(
        cordon::v1::Organization org,
        Read<cordon::v1::Organization>(
            sim_->database(), store::Family::kOrganizations,
            store::KeyOf({name.account, name.organization})));
    CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord account,
                            Read<cordon::store::AccountRecord>(
                                sim_->database(), store::Family::kAccounts,
                                store::KeyOf({name.account})));
    CORDON_ASSIGN_OR_RETURN(cordon::store::IsolationRecord record,
                            sim_->engine().isolation().Read(name));
    const std::string& tenant = org.m365_tenant_id();
    const std::string& upn = identity.upn();
    const std::string who = absl::StrCat(identity.name(), " (", upn, ")");

    // ISO-4/ISO-6: disabled only while held (or while being released).
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
    if (touched && !held && !releasing && !failed_release_shown) {
      if (sim_->world().IsCloudEnabled(tenant, upn) == false &&
          sim_->world().IsDisabledByAdmin(tenant, upn) != true) {
        violations.push_back(
            absl::StrCat(who, ": cloud account disabled without a hold"));
      }
      if (sim_->world().IsOnPremEnabled(tenant, upn) == false) {
        violations.push_back(
            absl::StrCat(who, ": on-prem account disabled without a hold"));
      }
    }

    // ISO-1/ISO-7: no automated hold appears while excluded.
    const auto& settings = account.account().settings();
    const bool excluded = (settings.has_identity_isolation_enabled() &&
                           !settings.identity_isolation_enabled()) ||
                          org.excluded_from_isolation() ||
                          identity.excluded_from_isolation();
    std::set<std::string> automated;
    for (const IsolationHold& hold : record.holds()) {
      if (hold.kind() != IsolationHold::MANUAL) automated.insert(hold.source());
    }
    if (excluded) {
      for (const std::string& source : automated) {
        if (!automated_holds_[identity.name()].count(source)) {
          violations.push_back(absl::StrCat(
              who, ": excluded, yet held automatically by ", source));
        }
      }
    }
    automated_holds_[identity.name()] = std::move(automated);

    // ISO-9: LIMITED is never reported as disabled.
    if (identity.isolation_state() == Identity::LIMITED &&
        identity.isolation().cloud_account_disabled()) {
      violations.push_back(
          absl::StrCat(who, ": LIMITED but reported as disabled"));
    }

    // ISO-5: what Cordon disabled stays disabled until an admin says.
    for (const auto& rule : record.inbox_rules()) {
      if (!rule.disabled_by_cordon()) continue;
      absl::optional<core::InboxRule> live =
          sim_->world().Rule(tenant, upn, rule.id());
      if (live.has_value() && live->is_enabled) {
        violations.push_back(
            absl::StrCat(who, ": inbox rule ", rule.id(),
                         " is enabled again without an admin's call"));
      }
    }
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

absl::Status InvariantChecker::CheckEscalations(
    std::vector<std::string>* violations) {
  std::vector<Escalation> escalations;
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(sim_->database().Scan(
      store::Family::kEscalations, "", "", false,
      [&](absl::string_view, absl::string_view value) {
        Escalation escalation;
        if (!escalation.ParseFromArray(value.data(), value.size())) {
          parse_status = absl::DataLossError("escalation does not parse");
          return false;
        }
        escalations.push_back(std::move(escalation));
        return escalations.size() < kMaxEscalationsChecked;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  if (escalations.empty()) return absl::OkStatus();

  // Escalations whose notice timer is due but not yet performed: the worker
  // has not run since the clock reached it (or since the step that queued
  // it).
  const absl::Time now = sim_->clock().Now();
  CORDON_ASSIGN_OR_RETURN(
      std::vector<engine::QueuedAction> due,
      sim_->engine().outbox().Due(now, kMaxDueActionsScanned));
  std::set<std::string> timer_pending;
  for (const engine::QueuedAction& queued : due) {
    if (queued.action.kind() ==
        cordon::store::OutboxAction::ESCALATION_NOTICE_DUE) {
      timer_pending.insert(queued.action.escalation());
    }
  }

  // ESC-1: each escalation has one notice schedule: at most one scheduled
  // (not one-off) timer queued, however many answers, reopenings and
  // restarts it has seen; two would notify every round twice.
  std::map<std::string, int> scheduled_timers;
  absl::Status outbox_status;
  CORDON_RETURN_IF_ERROR(sim_->database().Scan(
      store::Family::kOutbox, "", "", /*reverse=*/false,
      [&](absl::string_view, absl::string_view value) {
        cordon::store::OutboxAction action;
        if (!action.ParseFromArray(value.data(),
                                   static_cast<int>(value.size()))) {
          outbox_status = absl::DataLossError("outbox action does not parse");
          return false;
        }
        if (action.kind() ==
                cordon::store::OutboxAction::ESCALATION_NOTICE_DUE &&
            !action.one_off()) {
          ++scheduled_timers[action.escalation()];
        }
        return true;
      }));
  CORDON_RETURN_IF_ERROR(outbox_status);
  for (const auto& [name, count] : scheduled_timers) {
    if (count > 1) {
      violations->push_back(
          absl::StrCat(name, ": ", count,
                       " notice schedules queued; it would be "
                       "notified every round ",
                       count, " times"));
    }
  }

  for (const Escalation& escalation : escalations) {
    const std::string who =
        absl::StrCat(escalation.name(), " (",
                     cordon::v1::EscalationType_Name(escalation.type()), " ",
                     escalation.subject(), ")");

    // ESC-3: one channel per escalation, never both.
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

    // ESC-1: an escalation nobody has answered is notified every period.
    if (escalation.status() == Escalation::RESOLVED ||
        escalation.has_answer()) {
      continue;
    }
    absl::StatusOr<core::Severity> severity =
        engine::CoreSeverity(escalation.severity());
    if (!severity.ok()) {
      violations->push_back(absl::StrCat(who, ": no valid severity"));
      continue;
    }
    const absl::Time created = engine::FromTimestamp(escalation.create_time());
    if (now < created) continue;
    const absl::Duration period = core::OverduePeriod(*severity);
    absl::Duration remainder;
    int64_t round = absl::IDivDuration(now - created, period, &remainder);
    if (remainder == absl::ZeroDuration() &&
        timer_pending.count(escalation.name())) {
      --round;  // its time is now and the worker has not run yet
    }
    if (round < 0) continue;
    bool notified = false;
    for (const EscalationNotification& n : escalation.notifications()) {
      if (n.round() == round) {
        notified = true;
        break;
      }
    }
    if (!notified) {
      violations->push_back(absl::StrCat(
          who, ": ", cordon::v1::Severity_Name(escalation.severity()),
          ", unanswered for ", absl::FormatDuration(now - created),
          ", has no notification for round ", round));
    }
  }
  return absl::OkStatus();
}

}  // namespace cordon::sim
