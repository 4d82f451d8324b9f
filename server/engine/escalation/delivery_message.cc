#include "server/engine/escalation/delivery_message.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/engine/common/resource_time.h"

namespace cordon::engine {
namespace {

using cordon::v1::Escalation;
using cordon::v1::IncidentReport;

std::string EscalationBody(const Escalation& escalation) {
  std::string body = absl::StrCat(escalation.question(), "\n\n");
  absl::StrAppend(
      &body, "Escalation: ", escalation.name(), "\n",
      "Type: ", cordon::v1::EscalationType_Name(escalation.type()), "\n",
      "Severity: ", cordon::v1::Severity_Name(escalation.severity()), "\n");
  if (!escalation.organization().empty()) {
    absl::StrAppend(&body, "Organization: ", escalation.organization(), "\n");
  }
  absl::StrAppend(&body, "About: ", escalation.subject(), "\n", "Answer by: ",
                  absl::FormatTime(FromTimestamp(escalation.due_time()),
                                   absl::UTCTimeZone()),
                  "\n");
  if (escalation.identities_size() > 0) {
    absl::StrAppend(&body, "Identities (", escalation.identities_size(),
                    "): ", absl::StrJoin(escalation.identities(), ", "), "\n");
  }
  absl::StrAppend(&body, "Occurrences: ", escalation.event_count(), "\n",
                  "Possible answers: ",
                  absl::StrJoin(escalation.allowed_answers(), ", "), "\n");
  return body;
}

std::string Headline(const Escalation& escalation) {
  return absl::StrCat(cordon::v1::Severity_Name(escalation.severity()), " ",
                      cordon::v1::EscalationType_Name(escalation.type()), ": ",
                      escalation.subject());
}

}  // namespace

ports::EmailMessage EscalationEmail(const Escalation& escalation, int round,
                                    const std::string& recipient,
                                    uint64_t delivery_id) {
  ports::EmailMessage message;
  message.message_id = absl::StrCat(escalation.name(), "/round/", round, "/",
                                    delivery_id, "/", recipient);
  message.to = recipient;
  message.subject = round == 0
                        ? absl::StrCat("[Cordon] ", Headline(escalation))
                        : absl::StrCat("[Cordon] Reminder ", round,
                                       ", overdue: ", Headline(escalation));
  message.body = EscalationBody(escalation);
  return message;
}

ports::PsaTicket EscalationTicket(const Escalation& escalation) {
  ports::PsaTicket ticket;
  ticket.reference = escalation.name();
  ticket.title = absl::StrCat("[Cordon] ", Headline(escalation));
  ticket.body = EscalationBody(escalation);
  ticket.priority = cordon::v1::Severity_Name(escalation.severity());
  return ticket;
}

std::string EscalationReminderNote(const Escalation& escalation, int round) {
  return absl::StrCat("Reminder ", round,
                      ": this escalation is overdue and still unanswered.\n\n",
                      EscalationBody(escalation));
}

namespace {

std::string ReportBody(const IncidentReport& report) {
  std::string body = absl::StrCat(
      report.summary(), "\n\n", "Report: ", report.name(), "\n",
      "Severity: ", cordon::v1::Severity_Name(report.severity()), "\n");
  if (report.identities_size() > 0) {
    absl::StrAppend(
        &body, "Identities: ", absl::StrJoin(report.identities(), ", "), "\n");
  }
  for (const cordon::v1::ResponseAction& action : report.response_actions()) {
    absl::StrAppend(&body, "Response: ",
                    cordon::v1::ResponseAction::Kind_Name(action.kind()), " ",
                    action.identity(), "\n");
  }
  return body;
}

}  // namespace

ports::EmailMessage ReportEmail(const IncidentReport& report,
                                const std::string& recipient) {
  ports::EmailMessage message;
  message.message_id = absl::StrCat(report.name(), "/", recipient);
  message.to = recipient;
  message.subject =
      absl::StrCat("[Cordon] ", cordon::v1::Severity_Name(report.severity()),
                   " incident: ", report.title());
  message.body = ReportBody(report);
  return message;
}

ports::PsaTicket ReportTicket(const IncidentReport& report) {
  ports::PsaTicket ticket;
  ticket.reference = report.name();
  ticket.title = absl::StrCat("[Cordon] Incident: ", report.title());
  ticket.body = ReportBody(report);
  ticket.priority = cordon::v1::Severity_Name(report.severity());
  return ticket;
}

}  // namespace cordon::engine
