#include "simulator/scenario_expectations.h"

#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "simulator/escalation_expectations.h"
#include "simulator/expectation_recorder.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::ScenarioActionExpectation;
using cordon::sim::v1::ScenarioExpect;
using cordon::sim::v1::ScenarioIdentityExpectation;
using cordon::sim::v1::ScenarioLogCount;
using cordon::sim::v1::ScenarioMailCount;
using cordon::sim::v1::ScenarioPsaTicketCount;
using cordon::sim::v1::ScenarioReportExpectation;
using cordon::v1::Identity;
using cordon::v1::IncidentReport;
using cordon::v1::ReportDelivery;
using cordon::v1::ResponseAction;

// What Cordon says of the identity: its isolation state and holds.
void CheckCordonIdentity(const ScenarioIdentityExpectation& expect,
                         const std::string& prefix, const Identity& identity,
                         ExpectationRecorder& recorder) {
  const auto& isolation = identity.isolation();
  if (expect.isolation_state() != Identity::ISOLATION_STATE_UNSPECIFIED) {
    recorder.Compare(prefix + " isolation_state",
                     Identity::IsolationState_Name(expect.isolation_state()),
                     Identity::IsolationState_Name(identity.isolation_state()));
  }
  if (expect.has_holds()) {
    recorder.Compare(prefix + " holds", expect.holds(), isolation.holds_size());
  }
  if (expect.has_drift_count()) {
    recorder.Compare(prefix + " drift_count", expect.drift_count(),
                     identity.drift_count());
  }
  if (!expect.last_failure_contains().empty()) {
    recorder.Record(
        prefix + " last_failure",
        absl::StrContains(isolation.last_failure(),
                          expect.last_failure_contains()),
        absl::StrCat("expected to contain \"", expect.last_failure_contains(),
                     "\", got \"", isolation.last_failure(), "\""));
  }
  if (expect.no_failure()) {
    recorder.Record(
        prefix + " no_failure", isolation.last_failure().empty(),
        absl::StrCat("last_failure is \"", isolation.last_failure(), "\""));
  }
}

// What the world says of the identity's user: accounts, sessions, rules.
void CheckWorldUser(const ScenarioIdentityExpectation& expect,
                    const std::string& prefix, const IdentityAlias& user,
                    const World& world, ExpectationRecorder& recorder) {
  if (expect.has_cloud_enabled()) {
    recorder.Compare(
        prefix + " cloud_enabled (world)", OptionalBool(expect.cloud_enabled()),
        OptionalBool(world.IsCloudEnabled(user.tenant_id, user.upn)));
  }
  if (expect.has_on_prem_enabled()) {
    recorder.Compare(
        prefix + " on_prem_enabled (world)",
        OptionalBool(expect.on_prem_enabled()),
        OptionalBool(world.IsOnPremEnabled(user.tenant_id, user.upn)));
  }
  if (expect.has_sessions()) {
    absl::optional<int> sessions = world.SessionCount(user.tenant_id, user.upn);
    recorder.Compare(
        prefix + " sessions (world)", absl::StrCat(expect.sessions()),
        sessions.has_value() ? absl::StrCat(*sessions) : "no such user");
  }
  for (const auto& rule : expect.rules()) {
    absl::optional<core::InboxRule> live =
        world.Rule(user.tenant_id, user.upn, rule.id());
    const std::string what =
        absl::StrCat(prefix, " rule ", rule.id(), " enabled (world)");
    if (!live.has_value()) {
      recorder.Record(what, false, "no such rule in the mailbox");
    } else if (rule.has_enabled()) {
      recorder.Compare(what, OptionalBool(rule.enabled()),
                       OptionalBool(live->is_enabled));
    }
  }
}

void EvaluateIdentity(const ScenarioIdentityExpectation& expect,
                      const ScenarioState& state,
                      ExpectationRecorder& recorder) {
  const std::string prefix = absl::StrCat("identity ", expect.identity());
  absl::StatusOr<const IdentityAlias*> user =
      state.FindIdentity(expect.identity());
  if (!user.ok()) {
    recorder.Record(prefix, false, std::string(user.status().message()));
    return;
  }
  absl::StatusOr<core::IdentityName> name =
      core::ParseIdentityName((*user)->name);
  absl::StatusOr<Identity> identity =
      name.ok() ? state.sim->engine().identities().Get(*name)
                : absl::StatusOr<Identity>(name.status());
  if (!identity.ok()) {
    recorder.Record(prefix, false, identity.status().ToString());
    return;
  }
  CheckCordonIdentity(expect, prefix, *identity, recorder);
  CheckWorldUser(expect, prefix, **user, state.sim->world(), recorder);
}

std::string DescribeAction(const ResponseAction& action,
                           const ScenarioState& state) {
  return absl::StrCat(ResponseAction::Kind_Name(action.kind()), "/",
                      ResponseAction::Outcome_Name(action.outcome()), "(",
                      state.IdentityAliasOf(action.identity()), ": ",
                      action.detail(), ")");
}

// `identity_name` is the resource name `want` names, "" for any identity.
bool ActionMatches(const ScenarioActionExpectation& want,
                   const std::string& identity_name,
                   const ResponseAction& action) {
  if (want.kind() != ResponseAction::KIND_UNSPECIFIED &&
      action.kind() != want.kind()) {
    return false;
  }
  if (want.outcome() != ResponseAction::OUTCOME_UNSPECIFIED &&
      action.outcome() != want.outcome()) {
    return false;
  }
  if (!identity_name.empty() && action.identity() != identity_name) {
    return false;
  }
  return absl::StrContains(action.detail(), want.detail_contains());
}

// "report r1 has DISABLE_ACCOUNT/SUCCEEDED for alice with \"cloud\"".
std::string ActionExpectationText(const std::string& prefix,
                                  const ScenarioActionExpectation& want) {
  std::string what =
      absl::StrCat(prefix, want.absent() ? " has no " : " has ",
                   want.kind() == ResponseAction::KIND_UNSPECIFIED
                       ? "action"
                       : ResponseAction::Kind_Name(want.kind()));
  if (want.outcome() != ResponseAction::OUTCOME_UNSPECIFIED) {
    absl::StrAppend(&what, "/", ResponseAction::Outcome_Name(want.outcome()));
  }
  if (!want.identity().empty()) {
    absl::StrAppend(&what, " for ", want.identity());
  }
  if (!want.detail_contains().empty()) {
    absl::StrAppend(&what, " with \"", want.detail_contains(), "\"");
  }
  return what;
}

void CheckAction(const ScenarioActionExpectation& want,
                 const std::string& prefix, const IncidentReport& report,
                 const ScenarioState& state, ExpectationRecorder& recorder) {
  std::string identity_name;
  if (!want.identity().empty()) {
    absl::StatusOr<const IdentityAlias*> identity =
        state.FindIdentity(want.identity());
    if (!identity.ok()) {
      recorder.Record(prefix, false, std::string(identity.status().message()));
      return;
    }
    identity_name = (*identity)->name;
  }
  int matches = 0;
  std::vector<std::string> actual;
  for (const ResponseAction& action : report.response_actions()) {
    actual.push_back(DescribeAction(action, state));
    matches += ActionMatches(want, identity_name, action);
  }
  const bool met = want.absent() ? matches == 0 : matches > 0;
  recorder.Record(ActionExpectationText(prefix, want), met,
                  absl::StrCat(matches, " matching; actions: [",
                               absl::StrJoin(actual, "; "), "]"));
}

// The report's status and how it reached the customer.
void CheckReportState(const ScenarioReportExpectation& expect,
                      const std::string& prefix, const IncidentReport& report,
                      ExpectationRecorder& recorder) {
  if (expect.status() != IncidentReport::STATUS_UNSPECIFIED) {
    recorder.Compare(prefix + " status",
                     IncidentReport::Status_Name(expect.status()),
                     IncidentReport::Status_Name(report.status()));
  }
  if (expect.delivery_state() != ReportDelivery::STATE_UNSPECIFIED) {
    recorder.Record(
        prefix + " delivery_state",
        expect.delivery_state() == report.delivery().state(),
        absl::StrCat(
            "expected ", ReportDelivery::State_Name(expect.delivery_state()),
            ", got ", ReportDelivery::State_Name(report.delivery().state()),
            " (", report.delivery().detail(), ")"));
  }
  if (expect.delivery_channel() != ReportDelivery::CHANNEL_UNSPECIFIED) {
    recorder.Compare(prefix + " delivery_channel",
                     ReportDelivery::Channel_Name(expect.delivery_channel()),
                     ReportDelivery::Channel_Name(report.delivery().channel()));
  }
}

void EvaluateReport(const ScenarioReportExpectation& expect,
                    const ScenarioState& state, ExpectationRecorder& recorder) {
  const std::string prefix = absl::StrCat("report ", expect.report());
  absl::StatusOr<core::IncidentReportName> name =
      state.FindReport(expect.report());
  absl::StatusOr<IncidentReport> report =
      name.ok() ? state.sim->engine().incidents().Get(*name)
                : absl::StatusOr<IncidentReport>(name.status());
  if (!report.ok()) {
    recorder.Record(prefix, false, std::string(report.status().message()));
    return;
  }
  CheckReportState(expect, prefix, *report, recorder);
  for (const ScenarioActionExpectation& want : expect.actions()) {
    CheckAction(want, prefix, *report, state, recorder);
  }
}

void EvaluateLogCount(const ScenarioLogCount& expect,
                      const ScenarioState& state,
                      ExpectationRecorder& recorder) {
  const std::vector<std::string> parts(expect.contains().begin(),
                                       expect.contains().end());
  const int64_t count = static_cast<int64_t>(
      state.sim->log().CountIf([&](absl::string_view line) {
        for (const std::string& part : parts) {
          if (!absl::StrContains(line, part)) return false;
        }
        return true;
      }));
  const std::string what =
      absl::StrCat("log lines with \"", absl::StrJoin(parts, "\" + \""), "\"");
  recorder.CheckCount(what, count, BoundsOf(expect));
}

void EvaluateMail(const ScenarioMailCount& expect, const ScenarioState& state,
                  ExpectationRecorder& recorder) {
  int64_t count = 0;
  for (const SimulatedEmail& mail : state.sim->mailbox().messages()) {
    if (!expect.to().empty() && !absl::EqualsIgnoreCase(mail.to, expect.to())) {
      continue;
    }
    if (!absl::StrContains(mail.subject, expect.subject_contains())) continue;
    ++count;
  }
  std::string what = "mail delivered";
  if (!expect.to().empty()) absl::StrAppend(&what, " to ", expect.to());
  if (!expect.subject_contains().empty()) {
    absl::StrAppend(&what, " with subject \"", expect.subject_contains(), "\"");
  }
  recorder.CheckCount(what, count, BoundsOf(expect));
}

void EvaluatePsaTickets(const ScenarioPsaTicketCount& expect,
                        const ScenarioState& state,
                        ExpectationRecorder& recorder) {
  int64_t count = 0;
  int64_t notes = 0;
  for (const SimulatedTicket& ticket : state.sim->psa().tickets()) {
    if (!absl::StrContains(ticket.title, expect.title_contains())) continue;
    ++count;
    notes += static_cast<int64_t>(ticket.notes.size());
  }
  std::string what = "PSA tickets";
  if (!expect.title_contains().empty()) {
    absl::StrAppend(&what, " titled \"", expect.title_contains(), "\"");
  }
  // A count is checked unless only the notes are asked about.
  if (expect.has_exactly() || expect.has_at_least() || expect.has_at_most() ||
      !expect.has_notes()) {
    recorder.CheckCount(what, count, BoundsOf(expect));
  }
  if (expect.has_notes()) {
    recorder.Compare(what + " notes", expect.notes(), notes);
  }
}

}  // namespace

void EvaluateExpectations(const ScenarioExpect& expect, int step,
                          const ScenarioState& state,
                          std::vector<ExpectationResult>* results) {
  ExpectationRecorder recorder(step, results);
  for (const auto& identity : expect.identities()) {
    EvaluateIdentity(identity, state, recorder);
  }
  for (const auto& report : expect.reports()) {
    EvaluateReport(report, state, recorder);
  }
  for (const auto& count : expect.log_counts()) {
    EvaluateLogCount(count, state, recorder);
  }
  for (const auto& escalation : expect.escalations()) {
    EvaluateEscalationExpectation(escalation, state, recorder);
  }
  for (const auto& mail : expect.mail()) EvaluateMail(mail, state, recorder);
  for (const auto& tickets : expect.psa_tickets()) {
    EvaluatePsaTickets(tickets, state, recorder);
  }
}

}  // namespace cordon::sim
