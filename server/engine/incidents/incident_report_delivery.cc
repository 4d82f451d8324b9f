#include "server/engine/incidents/incident_report_delivery.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/escalation/account_delivery.h"
#include "server/engine/escalation/delivery_message.h"
#include "server/engine/escalation/escalation_delivery.h"
#include "server/engine/events/event_builders.h"
#include "server/engine/incidents/incident_report_key.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::OutboxAction;
using cordon::v1::Escalation;
using cordon::v1::IncidentReport;
using DeliveryState = cordon::v1::ReportDelivery;

constexpr char kReportRecordKind[] = "incident report record";

// Writes back a report read with LockAttempted (so its name parses). The
// etag is not stamped: delivery is the server's business and must not make
// an analyst's pending edit fail.
void PutReport(store::Transaction& txn, const IncidentReport& report) {
  txn.Put(store::Family::kIncidentReports,
          IncidentReportKey(*core::ParseIncidentReportName(report.name())),
          report);
}

}  // namespace

void IncidentReportDelivery::RouteAll(ActionRouter& router) {
  router.Route(OutboxAction::DELIVER_REPORT_TO_PSA, this);
  router.Route(OutboxAction::DELIVER_REPORT_BY_EMAIL, this);
}

core::RetryPolicy IncidentReportDelivery::RetryPolicy() const {
  core::RetryPolicy policy;
  policy.initial_backoff = absl::Seconds(2);
  policy.max_backoff = absl::Minutes(1);
  policy.max_attempts = 6;
  return policy;
}

absl::Status IncidentReportDelivery::Queue(store::Transaction& txn,
                                           IncidentReport* report) {
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(report->name()));
  CORDON_ASSIGN_OR_RETURN(AccountDelivery delivery,
                          ReadAccountDelivery(*db_, name.account));
  const absl::Time now = clock_->Now();
  DeliveryState* state = report->mutable_delivery();
  state->Clear();
  state->set_state(DeliveryState::PENDING);
  *state->mutable_update_time() = ToTimestamp(now);
  OutboxAction action;
  action.set_report(report->name());
  if (delivery.has_psa) {
    state->set_channel(DeliveryState::PSA);
    action.set_kind(OutboxAction::DELIVER_REPORT_TO_PSA);
    return outbox_->Enqueue(txn, std::move(action), now);
  }
  state->set_channel(DeliveryState::EMAIL);
  action.set_kind(OutboxAction::DELIVER_REPORT_BY_EMAIL);
  for (const std::string& recipient : delivery.email_recipients) {
    state->add_recipients(recipient);
    action.set_recipient(recipient);
    CORDON_RETURN_IF_ERROR(outbox_->Enqueue(txn, action, now));
  }
  if (delivery.email_recipients.empty()) {
    state->set_state(DeliveryState::FAILED);
    state->set_detail("the account has no admin to e-mail; add one");
  }
  return absl::OkStatus();
}

ActionResult IncidentReportDelivery::Perform(const OutboxAction& action) {
  absl::StatusOr<core::IncidentReportName> name =
      core::ParseIncidentReportName(action.report());
  if (!name.ok()) return Undeliverable(name.status().message());
  absl::StatusOr<IncidentReport> report = ReadRow<IncidentReport>(
      *db_, store::Family::kIncidentReports, IncidentReportKey(*name),
      action.report(), kReportRecordKind);
  if (!report.ok()) {
    if (absl::IsNotFound(report.status())) {
      return Undeliverable("the report was deleted");
    }
    return StoreReadFailed(report.status());
  }
  if (action.kind() == OutboxAction::DELIVER_REPORT_BY_EMAIL) {
    if (mailer_ == nullptr) {
      return Undeliverable("this server has no mail connection configured");
    }
    return FromMailOutcome(
        mailer_->Send(ReportEmail(*report, action.recipient())),
        absl::StrCat("e-mailed to ", action.recipient()));
  }
  ports::PsaConnection connection;
  if (absl::optional<ActionResult> ended = ConnectPsa(
          *db_, psa_, sealer_, name->account,
          "the account no longer has a PSA integration", &connection)) {
    return *ended;
  }
  return FromPsaOutcome(psa_->CreateTicket(connection, ReportTicket(*report)),
                        "ticket");
}

absl::StatusOr<absl::optional<IncidentReport>>
IncidentReportDelivery::LockAttempted(store::Transaction& txn,
                                      const OutboxAction& action) const {
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(action.report()));
  absl::StatusOr<IncidentReport> locked =
      LockRow<IncidentReport>(txn, store::Family::kIncidentReports,
                              IncidentReportKey(name), action.report());
  if (absl::IsNotFound(locked.status())) return absl::nullopt;
  CORDON_RETURN_IF_ERROR(locked.status());
  DeliveryState* state = locked->mutable_delivery();
  state->set_attempts(state->attempts() + 1);
  *state->mutable_update_time() = ToTimestamp(clock_->Now());
  return *std::move(locked);
}

absl::Status IncidentReportDelivery::RecordEnd(store::Transaction& txn,
                                               const OutboxAction& action,
                                               ActionEnd end,
                                               const ActionResult& result) {
  CORDON_ASSIGN_OR_RETURN(absl::optional<IncidentReport> locked,
                          LockAttempted(txn, action));
  if (!locked) return absl::OkStatus();  // the report is gone
  IncidentReport& report = *locked;
  DeliveryState* state = report.mutable_delivery();
  const DeliveryState::State before = state->state();
  state->set_detail(result.detail);
  const bool to_psa = action.kind() == OutboxAction::DELIVER_REPORT_TO_PSA;
  if (end == ActionEnd::kSucceeded && result.spooled) {
    // One recipient's real delivery outweighs another's spooled copy.
    if (state->state() != DeliveryState::DELIVERED) {
      state->set_state(DeliveryState::SPOOLED);
    }
  } else if (end == ActionEnd::kSucceeded) {
    state->set_state(DeliveryState::DELIVERED);
    if (to_psa) state->set_psa_ticket_id(result.external_id);
  } else if (to_psa) {
    state->set_state(DeliveryState::PENDING);
    state->set_detail(absl::StrCat(
        "waiting for the PSA integration to be fixed: ", result.detail));
  } else {
    state->add_refused_recipients(
        absl::StrCat(action.recipient(), ": ", result.detail));
    if (state->state() != DeliveryState::DELIVERED &&
        state->state() != DeliveryState::SPOOLED) {
      state->set_state(DeliveryState::FAILED);
    }
  }
  PutReport(txn, report);
  if (state->state() != before) {
    CORDON_RETURN_IF_ERROR(events_->Append(txn, DeliveryEvent(report)));
  }
  if (!to_psa) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(action.report()));
  const std::string pending = PsaDeliveryFailures::ReportKey(name);
  if (end == ActionEnd::kSucceeded) {
    return failures_->RecordDone(txn, name.account, pending, action.retry_of());
  }
  return failures_->RecordFailure(
      txn, {.account = name.account,
            .pending_key = pending,
            .severity = report.severity(),
            .subject = report.name(),
            .summary = absl::StrCat("\"", report.title(),
                                    "\" not delivered: ", result.detail)});
}

absl::Status IncidentReportDelivery::RecordRetry(store::Transaction& txn,
                                                 const OutboxAction& action,
                                                 const ActionResult& result) {
  CORDON_ASSIGN_OR_RETURN(absl::optional<IncidentReport> locked,
                          LockAttempted(txn, action));
  if (!locked) return absl::OkStatus();  // the report is gone
  IncidentReport& report = *locked;
  DeliveryState* state = report.mutable_delivery();
  state->set_detail(absl::StrCat("attempt ", action.attempts(),
                                 " failed: ", result.detail, "; retrying"));
  PutReport(txn, report);
  return absl::OkStatus();
}

}  // namespace cordon::engine
