#include "server/engine/escalation/escalation_notice_timer.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/escalation/routing.h"
#include "server/core/escalation/severity_schedule.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/escalation/account_delivery.h"

namespace cordon::engine {
namespace {

using cordon::store::OutboxAction;
using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;

// Bounded like events: the oldest entries go first.
constexpr int kMaxNotifications = 1000;

void AddPending(Escalation* escalation, EscalationNotification::Channel channel,
                const std::string& recipient, int round, absl::Time now) {
  const int excess = escalation->notifications_size() - kMaxNotifications + 1;
  if (excess > 0)
    escalation->mutable_notifications()->DeleteSubrange(0, excess);
  EscalationNotification* entry = escalation->add_notifications();
  entry->set_channel(channel);
  entry->set_recipient(recipient);
  *entry->mutable_time() = ToTimestamp(now);
  entry->set_outcome(EscalationNotification::PENDING);
  entry->set_round(round);
}

}  // namespace

void EscalationNoticeTimer::RouteAll(ActionRouter& router) {
  router.Route(OutboxAction::ESCALATION_NOTICE_DUE, this);
}

absl::Status EscalationNoticeTimer::RecordEnd(store::Transaction& txn,
                                              const OutboxAction& action,
                                              ActionEnd end,
                                              const ActionResult&) {
  if (end != ActionEnd::kSucceeded) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(action.escalation()));
  CORDON_ASSIGN_OR_RETURN(absl::optional<Escalation> locked,
                          escalations_->LockIfExists(txn, action.escalation()));
  // Its account was deleted: nobody is left to notify.
  if (!locked) return absl::OkStatus();
  Escalation& escalation = *locked;
  if (escalation.status() == Escalation::RESOLVED) return absl::OkStatus();

  const absl::Time now = clock_->Now();
  const absl::Time created = FromTimestamp(escalation.create_time());
  CORDON_ASSIGN_OR_RETURN(core::Severity severity,
                          CoreSeverity(escalation.severity()));
  const absl::Duration period = core::OverduePeriod(severity);
  absl::Duration unused_remainder;  // Debian's Abseil needs somewhere to put it
  const int round = static_cast<int>(std::max<int64_t>(
      0, absl::IDivDuration(now - created, period, &unused_remainder)));

  if (!escalation.has_answer()) {
    CORDON_ASSIGN_OR_RETURN(AccountDelivery delivery,
                            ReadAccountDelivery(*db_, name.account));
    CORDON_ASSIGN_OR_RETURN(core::EscalationType type,
                            CoreEscalationType(escalation.type()));
    if (escalation.delivery_channel() ==
        EscalationNotification::CHANNEL_UNSPECIFIED) {
      escalation.set_delivery_channel(
          core::ChannelFor(type, delivery.has_psa) ==
                  core::DeliveryChannel::kPsa
              ? EscalationNotification::PSA
              : EscalationNotification::EMAIL);
    }
    OutboxAction notify;
    notify.set_escalation(escalation.name());
    notify.set_round(round);
    if (escalation.delivery_channel() == EscalationNotification::PSA) {
      notify.set_kind(OutboxAction::NOTIFY_PSA);
      notify.set_recipient(absl::StrCat("psa:", delivery.psa.board));
      notify.set_psa_ticket_id(escalation.psa_ticket_id());
      AddPending(&escalation, EscalationNotification::PSA, notify.recipient(),
                 round, now);
      CORDON_RETURN_IF_ERROR(outbox_->Enqueue(txn, notify, now));
    } else {
      notify.set_kind(OutboxAction::NOTIFY_BY_EMAIL);
      for (const std::string& recipient : delivery.email_recipients) {
        notify.set_recipient(recipient);
        AddPending(&escalation, EscalationNotification::EMAIL, recipient, round,
                   now);
        CORDON_RETURN_IF_ERROR(outbox_->Enqueue(txn, notify, now));
      }
      if (delivery.email_recipients.empty()) {
        // ESC-6 keeps an admin in the list; an account without any admin
        // left is visible here rather than silently unnotified.
        AddPending(&escalation, EscalationNotification::EMAIL, "", round, now);
        EscalationNotification& entry =
            *escalation.mutable_notifications()->rbegin();
        entry.set_outcome(EscalationNotification::FAILED);
        entry.set_detail("the account has no admin to notify; add one");
      }
    }
    // ESC-1, ESC-9: a round past the first is an unanswered escalation
    // past its due time, re-notified.
    const bool overdue = round >= 1 && !action.one_off();
    CORDON_RETURN_IF_ERROR(escalations_->Write(
        txn, &escalation,
        overdue ? cordon::v1::Event::ESCALATION_OVERDUE
                : cordon::v1::Event::TYPE_UNSPECIFIED,
        absl::StrCat("overdue: unanswered after ", round, " x ",
                     absl::FormatDuration(period), "; notified again")));
  }
  if (action.one_off()) return absl::OkStatus();
  return escalations_->QueueNotice(
      txn, escalation, core::NextNotificationTime(created, severity, now));
}

}  // namespace cordon::engine
