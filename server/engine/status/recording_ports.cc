#include "server/engine/status/recording_ports.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "server/core/escalation/psa_outcome.h"
#include "server/core/isolation/error_class.h"
#include "server/core/isolation/graph_error.h"
#include "server/engine/tenancy/psa_connection.h"

namespace cordon::engine {

core::GraphCallOutcome RecordingGraph::Record(const std::string& tenant_id,
                                              core::GraphCallOutcome outcome) {
  const bool succeeded =
      core::ClassifyGraphOutcome(outcome) == core::ErrorClass::kSuccess;
  // Graph itself answered (a token was issued and sent), unless the token
  // endpoint refused or Graph rejected the token.
  const bool token_used = outcome.aadsts_code.empty() &&
                          outcome.http_status != 0 && !outcome.timed_out &&
                          !core::RejectsToken(outcome);
  board_->RecordGraph(absl::AsciiStrToLower(tenant_id), clock_->Now(),
                      succeeded, token_used, outcome.aadsts_code,
                      succeeded ? "" : core::DescribeGraphOutcome(outcome));
  return outcome;
}

core::GraphCallOutcome RecordingGraph::RevokeSignInSessions(
    const ports::GraphUserRef& user) {
  return Record(user.tenant_id, graph_->RevokeSignInSessions(user));
}

core::GraphCallOutcome RecordingGraph::SetAccountEnabled(
    const ports::GraphUserRef& user, bool enabled) {
  return Record(user.tenant_id, graph_->SetAccountEnabled(user, enabled));
}

core::GraphCallOutcome RecordingGraph::ListInboxRules(
    const ports::GraphUserRef& user, std::vector<core::InboxRule>* rules) {
  return Record(user.tenant_id, graph_->ListInboxRules(user, rules));
}

core::GraphCallOutcome RecordingGraph::SetInboxRuleEnabled(
    const ports::GraphUserRef& user, const std::string& rule_id, bool enabled) {
  return Record(user.tenant_id,
                graph_->SetInboxRuleEnabled(user, rule_id, enabled));
}

core::GraphCallOutcome RecordingGraph::GetUser(const ports::GraphUserRef& user,
                                               ports::GraphUser* result) {
  return Record(user.tenant_id, graph_->GetUser(user, result));
}

core::GraphCallOutcome RecordingGraph::ListTenantDomains(
    const std::string& tenant_id, std::vector<std::string>* domains) {
  return Record(tenant_id, graph_->ListTenantDomains(tenant_id, domains));
}

core::GraphCallOutcome RecordingGraph::ReadUsersDeltaPage(
    const std::string& tenant_id, const std::string& link,
    ports::UsersDeltaPage* page) {
  return Record(tenant_id, graph_->ReadUsersDeltaPage(tenant_id, link, page));
}

core::M365AccessReport RecordingGraph::CheckAccess(
    const std::string& tenant_id) {
  core::M365AccessReport report = graph_->CheckAccess(tenant_id);
  if (report.configured) {
    board_->RecordGraph(absl::AsciiStrToLower(tenant_id), clock_->Now(),
                        report.reachable, report.reachable, report.aadsts_code,
                        report.reachable ? "" : report.detail);
  }
  return report;
}

ports::PsaCallOutcome RecordingPsa::Record(
    const ports::PsaConnection& connection, ports::PsaCallOutcome outcome) {
  const bool succeeded =
      core::ClassifyPsaOutcome(outcome.http_status, outcome.timed_out) ==
      core::ErrorClass::kSuccess;
  board_->RecordPsa(
      connection.account, connection.kind, clock_->Now(), succeeded,
      succeeded ? ""
                : core::DescribePsaOutcome(
                      outcome.http_status, outcome.timed_out,
                      WithoutSecret(outcome.message, connection.secret)));
  return outcome;
}

ports::PsaCallOutcome RecordingPsa::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  return Record(connection, psa_->CreateTicket(connection, ticket));
}

ports::PsaCallOutcome RecordingPsa::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  return Record(connection, psa_->AddTicketNote(connection, ticket_id, note));
}

ports::PsaCallOutcome RecordingPsa::TestConnection(
    const ports::PsaConnection& connection) {
  return Record(connection, psa_->TestConnection(connection));
}

ports::MailOutcome RecordingMailer::Send(const ports::EmailMessage& message) {
  ports::MailOutcome outcome = mailer_->Send(message);
  // A spooled message reached no server: SMTP stays as it was (DESIGN
  // rule 6: a success is what the other side accepted).
  if (outcome.kind == ports::MailOutcome::Kind::kSpooled) return outcome;
  const bool succeeded = outcome.kind == ports::MailOutcome::Kind::kDelivered;
  board_->RecordSmtp(clock_->Now(), succeeded, succeeded ? "" : outcome.detail);
  return outcome;
}

RecordingPorts::RecordingPorts(ports::Graph* graph, ports::Psa* psa,
                               ports::Mailer* mailer, const ports::Clock* clock,
                               DependencyBoard* board) {
  if (graph != nullptr) {
    this->graph = std::make_unique<RecordingGraph>(graph, clock, board);
  }
  if (psa != nullptr)
    this->psa = std::make_unique<RecordingPsa>(psa, clock, board);
  if (mailer != nullptr) {
    this->mailer = std::make_unique<RecordingMailer>(mailer, clock, board);
  }
}

}  // namespace cordon::engine
