#include "simulator/scenario_cordon_steps.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/telemetry.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/resource_time.h"
#include "simulator/escalation_query.h"
#include "simulator/scenario_parse.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::ScenarioAnswerEscalation;
using cordon::v1::AccessRule;
using cordon::v1::Escalation;
using cordon::v1::EscalationAnswer;
using cordon::v1::IncidentReport;

// The escalation an answer_escalation step means: the `index`-th match, or
// else the one open match, or else the latest match. Errors are the
// scenario's mistakes.
absl::StatusOr<const Escalation*> ChooseEscalation(
    const ScenarioAnswerEscalation& in,
    const std::vector<Escalation>& matches) {
  if (in.has_index()) {
    if (in.index() < 0 || in.index() >= static_cast<int>(matches.size())) {
      return ScenarioError(absl::StrCat("answer_escalation: index ", in.index(),
                                        " but ", matches.size(),
                                        " escalations match"));
    }
    return &matches[in.index()];
  }
  const Escalation* chosen = nullptr;
  int open = 0;
  for (const Escalation& escalation : matches) {
    if (escalation.status() != Escalation::RESOLVED) {
      chosen = &escalation;
      ++open;
    }
  }
  if (open > 1) {
    return ScenarioError(absl::StrCat(
        "answer_escalation: ", open,
        " open escalations match; narrow it down or give an index"));
  }
  if (chosen == nullptr && !matches.empty()) chosen = &matches.back();
  if (chosen == nullptr) {
    return ScenarioError("answer_escalation: no escalation matches");
  }
  return chosen;
}

// How many of the mutually exclusive answers the step gives; a login
// determination with its scope counts as one.
int AnswersGiven(const ScenarioAnswerEscalation& in) {
  const bool login =
      in.determination() != AccessRule::DETERMINATION_UNSPECIFIED ||
      in.scope() != EscalationAnswer::SCOPE_UNSPECIFIED;
  return login + in.dismiss() + in.integration_fixed() + in.retry_access() +
         in.acknowledge() + in.confirm_isolations();
}

}  // namespace

absl::Status CordonSteps::Mistake(absl::Status error) {
  *mistake_ = std::move(error);
  return absl::OkStatus();
}

absl::Status CordonSteps::SendReport(
    const cordon::sim::v1::ScenarioSendReport& send) {
  if (!send.alias().empty() && state_.reports.count(send.alias())) {
    return Mistake(ScenarioError(
        absl::StrCat("report alias \"", send.alias(), "\" used twice")));
  }
  std::string organization_alias = send.organization();
  IncidentReport report;
  report.set_title(send.title().empty() ? "Scenario incident" : send.title());
  report.set_severity(send.severity() == cordon::v1::SEVERITY_UNSPECIFIED
                          ? cordon::v1::CRITICAL
                          : send.severity());
  report.set_isolation_worthy(!send.has_isolation_worthy() ||
                              send.isolation_worthy());
  for (const std::string& alias : send.identities()) {
    absl::StatusOr<const IdentityAlias*> identity = state_.FindIdentity(alias);
    if (!identity.ok()) return Mistake(identity.status());
    if (organization_alias.empty()) {
      organization_alias = (*identity)->organization;
    }
    report.add_identities((*identity)->name);
  }
  for (const std::string& rule : send.malicious_rule_ids()) {
    report.add_malicious_inbox_rule_ids(rule);
  }
  auto org = state_.organizations.find(organization_alias);
  if (org == state_.organizations.end()) {
    return Mistake(ScenarioError(absl::StrCat(
        "send_report: no organization with alias \"", organization_alias,
        "\" (name one, or at least one identity)")));
  }
  absl::StatusOr<core::OrganizationName> parent =
      core::ParseOrganizationName(org->second.name);
  if (!parent.ok()) return Mistake(parent.status());
  engine::IncidentManager& incidents = state_.sim->engine().incidents();
  CORDON_ASSIGN_OR_RETURN(
      IncidentReport draft,
      incidents.Create(Simulation::Operator(), *parent, report, {}));
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(draft.name()));
  CORDON_ASSIGN_OR_RETURN(IncidentReport sent,
                          incidents.Send(Simulation::Operator(), name, ""));
  if (!send.alias().empty()) state_.reports[send.alias()] = sent.name();
  return absl::OkStatus();
}

absl::Status CordonSteps::CloseReport(const std::string& alias,
                                      IncidentReport::Status status) {
  absl::StatusOr<core::IncidentReportName> name = state_.FindReport(alias);
  if (!name.ok()) return Mistake(name.status());
  return state_.sim->engine()
      .incidents()
      .Close(Simulation::Operator(), *name, "", status)
      .status();
}

absl::Status CordonSteps::IsolateOrRelease(
    const cordon::sim::v1::ScenarioManualAction& in, bool isolate) {
  absl::StatusOr<core::IdentityName> name =
      state_.FindIdentityName(in.identity());
  if (!name.ok()) return Mistake(name.status());
  const std::string reason =
      in.reason().empty() ? "scenario step" : in.reason();
  engine::ManualIsolation& manual = state_.sim->engine().manual_isolation();
  const engine::Actor actor = Simulation::Operator();
  return isolate ? manual.Isolate(actor, *name, reason).status()
                 : manual.Release(actor, *name, reason).status();
}

absl::Status CordonSteps::SyncInventory(const std::string& organization) {
  absl::StatusOr<core::OrganizationName> name =
      state_.FindOrganization("sync_inventory", organization);
  if (!name.ok()) return Mistake(name.status());
  return state_.sim->engine().inventory().Run(*name).status();
}

absl::Status CordonSteps::EnableInboxRule(
    const cordon::sim::v1::ScenarioEnableInboxRule& in) {
  absl::StatusOr<core::IdentityName> name =
      state_.FindIdentityName(in.identity());
  if (!name.ok()) return Mistake(name.status());
  return state_.sim->engine().manual_isolation().EnableInboxRule(
      Simulation::Operator(), *name, in.rule_id());
}

absl::Status CordonSteps::RecordSignIn(
    const cordon::sim::v1::ScenarioRecordSignIn& in) {
  absl::StatusOr<const IdentityAlias*> identity =
      state_.FindIdentity(in.identity());
  if (!identity.ok()) return Mistake(identity.status());
  absl::StatusOr<core::IdentityName> name =
      core::ParseIdentityName((*identity)->name);
  if (!name.ok()) return Mistake(name.status());
  cordon::v1::SignInEvent event;
  event.set_event_id(in.event_id().empty() ? absl::StrCat("sign-in-", index_)
                                           : in.event_id());
  event.set_identity((*identity)->name);
  *event.mutable_time() = engine::ToTimestamp(state_.sim->clock().Now());
  event.set_ip_address(in.ip_address());
  event.set_country(in.country());
  event.set_vpn_provider(in.vpn_provider());
  return state_.sim->engine()
      .telemetry()
      .RecordSignIn(Simulation::Operator(), *name, event)
      .status();
}

absl::Status CordonSteps::RecordEndpointStatus(
    const cordon::sim::v1::ScenarioEndpointStatus& in) {
  using cordon::v1::EndpointStatusEvent;
  absl::StatusOr<core::OrganizationName> organization =
      state_.FindOrganization("record_endpoint_status", in.organization());
  if (!organization.ok()) return Mistake(organization.status());
  if (in.endpoint_id().empty()) {
    return Mistake(
        ScenarioError("record_endpoint_status: endpoint_id is required"));
  }
  EndpointStatusEvent event;
  event.set_event_id(in.event_id().empty() ? absl::StrCat("endpoint-", index_)
                                           : in.event_id());
  event.set_organization(organization->ToString());
  event.set_endpoint_id(in.endpoint_id());
  event.set_hostname(in.hostname().empty() ? in.endpoint_id() : in.hostname());
  event.set_managed_antivirus_mode(
      in.antivirus_mode() == EndpointStatusEvent::ANTIVIRUS_MODE_UNSPECIFIED
          ? EndpointStatusEvent::ENFORCE
          : in.antivirus_mode());
  event.set_realtime_protection_enabled(in.rtp_enabled());
  event.set_network_isolated(in.isolated());
  *event.mutable_time() = engine::ToTimestamp(state_.sim->clock().Now());
  return state_.sim->engine()
      .endpoints()
      .RecordStatus(Simulation::Operator(), *organization, event)
      .status();
}

absl::Status CordonSteps::CreateAccessRule(
    const cordon::sim::v1::ScenarioCreateAccessRule& in) {
  // The account's, unless the step names an identity or an organization.
  engine::AccessRuleScope scope{state_.account, 0, 0};
  if (!in.identity().empty()) {
    absl::StatusOr<core::IdentityName> name =
        state_.FindIdentityName(in.identity());
    if (!name.ok()) return Mistake(name.status());
    scope = {name->account, name->organization, name->identity};
  } else if (!in.organization().empty()) {
    absl::StatusOr<core::OrganizationName> name =
        state_.FindOrganization("create_access_rule", in.organization());
    if (!name.ok()) return Mistake(name.status());
    scope = {name->account, name->organization, 0};
  }
  const int targets = !in.country().empty() + !in.vpn_provider().empty() +
                      !in.ip_address().empty();
  if (targets > 1) {
    return Mistake(ScenarioError(
        "create_access_rule: give one of country, vpn_provider, ip_address"));
  }
  AccessRule rule;
  if (!in.country().empty()) rule.set_country(in.country());
  if (!in.vpn_provider().empty()) rule.set_vpn_provider(in.vpn_provider());
  if (!in.ip_address().empty()) rule.set_ip_address(in.ip_address());
  rule.set_determination(in.determination());
  rule.set_note(in.note());
  return state_.sim->engine()
      .access_rules()
      .Create(Simulation::Operator(), scope, rule, {})
      .status();
}

absl::Status CordonSteps::AnswerEscalation(const ScenarioAnswerEscalation& in) {
  absl::StatusOr<std::string> organization =
      state_.OrganizationNameOrEmpty("answer_escalation", in.organization());
  if (!organization.ok()) return Mistake(organization.status());
  EscalationSelector selector;
  selector.type = in.type();
  selector.subject = in.subject();
  selector.organization = *organization;
  absl::StatusOr<std::vector<Escalation>> matches =
      MatchingEscalations(state_.sim->engine(), state_.account, selector);
  if (!matches.ok()) return matches.status();
  absl::StatusOr<const Escalation*> chosen = ChooseEscalation(in, *matches);
  if (!chosen.ok()) return Mistake(chosen.status());
  if (AnswersGiven(in) != 1) {
    return Mistake(ScenarioError(
        "answer_escalation: give one answer (determination and scope, "
        "dismiss, integration_fixed, retry_access, acknowledge or "
        "confirm_isolations)"));
  }
  EscalationAnswer answer;
  answer.set_determination(in.determination());
  answer.set_scope(in.scope());
  answer.set_integration_fixed(in.integration_fixed());
  answer.set_retry_access(in.retry_access());
  answer.set_acknowledge(in.acknowledge());
  answer.set_confirm_isolations(in.confirm_isolations());
  answer.set_note(in.note());
  return state_.sim->engine()
      .escalation_answerer()
      .Answer(Simulation::Operator(), (*chosen)->name(), answer, "")
      .status();
}

}  // namespace cordon::sim
