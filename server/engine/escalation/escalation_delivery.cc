#include "server/engine/escalation/escalation_delivery.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/escalation/psa_outcome.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/escalation/account_delivery.h"
#include "server/engine/escalation/delivery_message.h"
#include "server/engine/events/event_builders.h"

namespace cordon::engine {

using cordon::store::OutboxAction;
using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;

ActionResult FromPsaOutcome(const ports::PsaCallOutcome& outcome,
                            absl::string_view success_detail) {
  ActionResult result;
  result.error_class =
      core::ClassifyPsaOutcome(outcome.http_status, outcome.timed_out);
  result.retry_after = outcome.retry_after;
  if (result.error_class == core::ErrorClass::kSuccess) {
    result.detail = absl::StrCat(success_detail, " ", outcome.ticket_id);
    result.external_id = outcome.ticket_id;
  } else {
    result.detail = core::DescribePsaOutcome(
        outcome.http_status, outcome.timed_out, outcome.message);
  }
  return result;
}

ActionResult FromMailOutcome(const ports::MailOutcome& outcome,
                             absl::string_view success_detail) {
  ActionResult result;
  switch (outcome.kind) {
    case ports::MailOutcome::Kind::kDelivered:
      result.detail = absl::StrCat(success_detail, ": ", outcome.detail);
      return result;
    case ports::MailOutcome::Kind::kSpooled:
      result.spooled = true;
      result.detail = absl::StrCat("not sent, ", outcome.detail);
      return result;
    case ports::MailOutcome::Kind::kRetryable:
      result.error_class = core::ErrorClass::kRetryable;
      break;
    case ports::MailOutcome::Kind::kPermanent:
      result.error_class = core::ErrorClass::kPermanent;
      break;
  }
  result.detail = outcome.detail;
  return result;
}

ActionResult Undeliverable(absl::string_view why) {
  ActionResult result;
  result.error_class = core::ErrorClass::kPermanent;
  result.detail = std::string(why);
  return result;
}

ActionResult StoreReadFailed(const absl::Status& status) {
  ActionResult result;
  result.error_class = core::ErrorClass::kRetryable;
  result.detail = std::string(status.message());
  return result;
}

absl::optional<ActionResult> ConnectPsa(const store::Database& db,
                                        const ports::Psa* psa,
                                        const ports::SecretSealer* sealer,
                                        uint64_t account,
                                        absl::string_view without_integration,
                                        ports::PsaConnection* connection) {
  if (psa == nullptr) {
    return Undeliverable("this server has no PSA connection configured");
  }
  absl::StatusOr<absl::optional<ports::PsaConnection>> read =
      ReadPsaConnection(db, account, sealer);
  if (absl::IsFailedPrecondition(read.status())) {
    return Undeliverable(read.status().message());
  }
  if (!read.ok()) return StoreReadFailed(read.status());
  if (!read->has_value()) return Undeliverable(without_integration);
  *connection = **std::move(read);
  return absl::nullopt;
}

namespace {

// The round's entry for this action's recipient that still waits for its
// outcome, if any.
EscalationNotification* PendingEntry(Escalation* escalation,
                                     const OutboxAction& action) {
  auto& entries = *escalation->mutable_notifications();
  for (int i = entries.size() - 1; i >= 0; --i) {
    EscalationNotification& entry = entries[i];
    if (entry.round() == action.round() &&
        entry.recipient() == action.recipient() &&
        entry.outcome() == EscalationNotification::PENDING) {
      return &entry;
    }
  }
  return nullptr;
}

EscalationNotification::Channel ChannelOf(const OutboxAction& action) {
  return action.kind() == OutboxAction::NOTIFY_PSA
             ? EscalationNotification::PSA
             : EscalationNotification::EMAIL;
}

}  // namespace

void EscalationDelivery::RouteAll(ActionRouter& router) {
  router.Route(OutboxAction::NOTIFY_BY_EMAIL, this);
  router.Route(OutboxAction::NOTIFY_PSA, this);
}

absl::StatusOr<bool> EscalationDelivery::IsCurrent(
    const OutboxAction& action) const {
  absl::StatusOr<Escalation> escalation =
      escalations_->Get(action.escalation());
  if (absl::IsNotFound(escalation.status())) return false;
  CORDON_RETURN_IF_ERROR(escalation.status());
  return escalation->status() != Escalation::RESOLVED &&
         !escalation->has_answer();
}

ActionResult EscalationDelivery::Perform(const OutboxAction& action) {
  absl::StatusOr<Escalation> escalation =
      escalations_->Get(action.escalation());
  if (!escalation.ok()) {
    return absl::IsNotFound(escalation.status())
               ? Undeliverable(escalation.status().message())
               : StoreReadFailed(escalation.status());
  }
  return action.kind() == OutboxAction::NOTIFY_PSA
             ? SendToPsa(*escalation, action)
             : SendEmail(*escalation, action);
}

ActionResult EscalationDelivery::SendEmail(const Escalation& escalation,
                                           const OutboxAction& action) {
  if (mailer_ == nullptr) {
    return Undeliverable("this server has no mail connection configured");
  }
  return FromMailOutcome(
      mailer_->Send(EscalationEmail(escalation, action.round(),
                                    action.recipient(), action.id())),
      "e-mailed");
}

ActionResult EscalationDelivery::SendToPsa(const Escalation& escalation,
                                           const OutboxAction& action) {
  const core::EscalationName name =
      *core::ParseEscalationName(escalation.name());  // read back: valid
  ports::PsaConnection connection;
  // ESC-3: the channel was fixed when it was first notified; an integration
  // removed since never makes it switch to e-mail.
  if (absl::optional<ActionResult> ended = ConnectPsa(
          *db_, psa_, sealer_, name.account,
          "the account's PSA integration was removed after this escalation "
          "was first delivered to it",
          &connection)) {
    return *ended;
  }
  const std::string ticket = !escalation.psa_ticket_id().empty()
                                 ? escalation.psa_ticket_id()
                                 : action.psa_ticket_id();
  if (ticket.empty()) {
    return FromPsaOutcome(
        psa_->CreateTicket(connection, EscalationTicket(escalation)), "ticket");
  }
  ActionResult result = FromPsaOutcome(
      psa_->AddTicketNote(connection, ticket,
                          EscalationReminderNote(escalation, action.round())),
      "note on ticket");
  if (result.error_class == core::ErrorClass::kSuccess) {
    result.external_id = ticket;
    result.detail = absl::StrCat("note on ticket ", ticket);
  }
  return result;
}

absl::Status EscalationDelivery::RecordEnd(store::Transaction& txn,
                                           const OutboxAction& action,
                                           ActionEnd end,
                                           const ActionResult& result) {
  CORDON_ASSIGN_OR_RETURN(absl::optional<Escalation> locked,
                          escalations_->LockIfExists(txn, action.escalation()));
  if (!locked) return absl::OkStatus();  // gone with its account
  Escalation& escalation = *locked;
  EscalationNotification* entry = PendingEntry(&escalation, action);
  if (entry == nullptr) {
    // Dropped from the bounded history meanwhile: record it anew.
    entry = escalation.add_notifications();
    entry->set_channel(ChannelOf(action));
    entry->set_recipient(action.recipient());
    entry->set_round(action.round());
  }
  *entry->mutable_time() = ToTimestamp(clock_->Now());
  switch (end) {
    case ActionEnd::kSucceeded:
      entry->set_outcome(result.spooled ? EscalationNotification::SPOOLED
                                        : EscalationNotification::DELIVERED);
      if (action.kind() == OutboxAction::NOTIFY_PSA &&
          !result.external_id.empty()) {
        escalation.set_psa_ticket_id(result.external_id);
      }
      break;
    case ActionEnd::kFailed:
      entry->set_outcome(EscalationNotification::FAILED);
      break;
    case ActionEnd::kSuperseded:
      entry->set_outcome(EscalationNotification::CANCELLED);
      break;
  }
  entry->set_detail(end == ActionEnd::kSuperseded
                        ? "not sent: answered or resolved first"
                        : result.detail);
  CORDON_RETURN_IF_ERROR(escalations_->Write(txn, &escalation));
  CORDON_RETURN_IF_ERROR(escalations_->events().Append(
      txn, NotificationEvent(escalation, *entry)));
  if (action.kind() != OutboxAction::NOTIFY_PSA) return absl::OkStatus();
  return RecordPsaEnd(txn, action, end, result, escalation);
}

absl::Status EscalationDelivery::RecordPsaEnd(store::Transaction& txn,
                                              const OutboxAction& action,
                                              ActionEnd end,
                                              const ActionResult& result,
                                              const Escalation& escalation) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(escalation.name()));
  const std::string pending = PsaDeliveryFailures::EscalationKey(name);
  if (end != ActionEnd::kFailed) {
    // Delivered, or no longer wanted (answered or resolved first).
    return psa_failures_->RecordDone(txn, name.account, pending,
                                     action.retry_of());
  }
  return psa_failures_->RecordFailure(
      txn,
      {.account = name.account,
       .pending_key = pending,
       .severity = escalation.severity(),
       .subject = escalation.name(),
       .summary = absl::StrCat("the escalation \"", escalation.question(),
                               "\" did not reach the PSA: ", result.detail)});
}

absl::Status EscalationDelivery::RecordRetry(store::Transaction& txn,
                                             const OutboxAction& action,
                                             const ActionResult& result) {
  CORDON_ASSIGN_OR_RETURN(absl::optional<Escalation> locked,
                          escalations_->LockIfExists(txn, action.escalation()));
  if (!locked) return absl::OkStatus();  // gone with its account
  Escalation& escalation = *locked;
  EscalationNotification attempt;
  attempt.set_channel(ChannelOf(action));
  attempt.set_recipient(action.recipient());
  *attempt.mutable_time() = ToTimestamp(clock_->Now());
  attempt.set_outcome(EscalationNotification::FAILED);
  attempt.set_round(action.round());
  attempt.set_detail(absl::StrCat("attempt ", action.attempts(),
                                  " failed: ", result.detail, "; retrying"));
  // The history reads in time order: the failed attempt goes before the
  // round's PENDING entry, which turns into the final outcome at the end.
  CORDON_RETURN_IF_ERROR(escalations_->events().Append(
      txn, NotificationEvent(escalation, attempt)));
  const EscalationNotification* pending = PendingEntry(&escalation, action);
  auto& entries = *escalation.mutable_notifications();
  *entries.Add() = std::move(attempt);
  if (pending != nullptr) {
    int at = entries.size() - 1;
    while (at > 0 && &entries[at - 1] != pending) {
      entries.SwapElements(at - 1, at);
      --at;
    }
    if (at > 0) entries.SwapElements(at - 1, at);
  }
  return escalations_->Write(txn, &escalation);
}

}  // namespace cordon::engine
