#include "server/engine/escalation/delivery_message.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/engine/common/resource_time.h"

namespace cordon::engine {
namespace {

using cordon::v1::Escalation;
using cordon::v1::IncidentReport;
using Fact = ports::EmailMessage::Fact;

// What each of Escalation.allowed_answers does (ESC-8), for the reader of
// an e-mail who answers in the console or over the API.
std::string AnswerMeaning(const std::string& answer) {
  if (answer == "EXPECTED") {
    return "EXPECTED: the sign-in was expected; an access rule allows it";
  }
  if (answer == "UNAUTHORIZED") {
    return "UNAUTHORIZED: it was not; an access rule forbids it and the "
           "identities are isolated";
  }
  if (answer == "DISMISS") return "DISMISS: nothing to do";
  if (answer == "INTEGRATION_FIXED") {
    return "INTEGRATION_FIXED: the integration is fixed; pending deliveries "
           "are retried";
  }
  if (answer == "RETRY_ACCESS") {
    return "RETRY_ACCESS: access is restored; Cordon tests it again";
  }
  if (answer == "ACKNOWLEDGE") return "ACKNOWLEDGE: seen";
  if (answer == "CONFIRM_ISOLATIONS") {
    return "CONFIRM_ISOLATIONS: perform the held isolations and resume "
           "automated isolation";
  }
  return answer;
}

std::vector<Fact> EscalationFacts(const Escalation& escalation) {
  std::vector<Fact> facts = {
      {"Escalation", escalation.name()},
      {"Type", cordon::v1::EscalationType_Name(escalation.type())},
      {"Severity", cordon::v1::Severity_Name(escalation.severity())}};
  if (!escalation.organization().empty()) {
    facts.push_back({"Organization", escalation.organization()});
  }
  facts.push_back({"About", escalation.subject()});
  facts.push_back(
      {"Answer by", absl::FormatTime(FromTimestamp(escalation.due_time()),
                                     absl::UTCTimeZone())});
  if (escalation.identities_size() > 0) {
    facts.push_back(
        {absl::StrCat("Identities (", escalation.identities_size(), ")"),
         absl::StrJoin(escalation.identities(), ", ")});
  }
  facts.push_back({"Occurrences", absl::StrCat(escalation.event_count())});
  return facts;
}

std::vector<std::string> EscalationAnswers(const Escalation& escalation) {
  std::vector<std::string> answers;
  for (const std::string& answer : escalation.allowed_answers()) {
    answers.push_back(AnswerMeaning(answer));
  }
  return answers;
}

// The plain-text rendering of what the HTML part shows as a table.
std::string PlainText(const std::string& title, const std::vector<Fact>& facts,
                      const std::vector<std::string>& answers) {
  std::string body = absl::StrCat(title, "\n\n");
  for (const Fact& fact : facts) {
    absl::StrAppend(&body, fact.label, ": ", fact.value, "\n");
  }
  if (!answers.empty()) {
    absl::StrAppend(&body, "\nPossible answers:\n");
    for (const std::string& answer : answers) {
      absl::StrAppend(&body, "  ", answer, "\n");
    }
  }
  return body;
}

std::string EscalationBody(const Escalation& escalation) {
  return PlainText(escalation.question(), EscalationFacts(escalation),
                   EscalationAnswers(escalation));
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
  message.title = escalation.question();
  message.facts = EscalationFacts(escalation);
  message.answers = EscalationAnswers(escalation);
  message.body = PlainText(message.title, message.facts, message.answers);
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

std::vector<Fact> ReportFacts(const IncidentReport& report) {
  std::vector<Fact> facts = {
      {"Report", report.name()},
      {"Severity", cordon::v1::Severity_Name(report.severity())}};
  if (report.identities_size() > 0) {
    facts.push_back({"Identities", absl::StrJoin(report.identities(), ", ")});
  }
  for (const cordon::v1::ResponseAction& action : report.response_actions()) {
    facts.push_back(
        {"Response",
         absl::StrCat(cordon::v1::ResponseAction::Kind_Name(action.kind()), " ",
                      action.identity())});
  }
  return facts;
}

std::string ReportBody(const IncidentReport& report) {
  return PlainText(report.summary(), ReportFacts(report), {});
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
  message.title = report.summary();
  message.facts = ReportFacts(report);
  message.body = PlainText(message.title, message.facts, {});
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
