#include "simulator/simulated_graph.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/core/check.h"

namespace cordon::sim {
namespace {

constexpr absl::string_view kGraph = "graph";

core::GraphCallOutcome GraphAnswer(int http_status,
                                   absl::string_view error_code = "") {
  core::GraphCallOutcome outcome;
  outcome.http_status = http_status;
  outcome.error_code = std::string(error_code);
  return outcome;
}

// The answer Graph gives when the world said no.
core::GraphCallOutcome AnswerFor(WorldResult result) {
  switch (result) {
    case WorldResult::kDone:
      return GraphAnswer(200);
    case WorldResult::kUnknownTenant:
      return TokenErrorOutcome("AADSTS90002");
    case WorldResult::kUnknownUser:
      return GraphAnswer(404, "Request_ResourceNotFound");
    case WorldResult::kUnknownRule:
      return GraphAnswer(404, "ErrorItemNotFound");
    case WorldResult::kReadOnlyRule: {
      core::GraphCallOutcome outcome =
          GraphAnswer(403, "ErrorAccessDenied_ReadOnlyRule");
      outcome.target_rule_read_only = true;
      return outcome;
    }
    case WorldResult::kDeltaTokenExpired:
      // tests/contract/graph/delta_resync_required.json
      return GraphAnswer(410, "resyncRequired");
    case WorldResult::kBadDeltaLink:
      return GraphAnswer(400, "BadRequest");
    case WorldResult::kNotSynced:
    case WorldResult::kUpnTaken:
      break;  // not a Graph answer
  }
  return GraphAnswer(500, "generalException");
}

void AddOutcomeFields(const core::GraphCallOutcome& outcome,
                      EventFields* fields) {
  fields->emplace_back("http", absl::StrCat(outcome.http_status));
  if (!outcome.error_code.empty()) {
    fields->emplace_back("error", outcome.error_code);
  }
  if (!outcome.aadsts_code.empty()) {
    fields->emplace_back("aadsts", outcome.aadsts_code);
  }
  if (outcome.retry_after.has_value()) {
    fields->emplace_back("retry_after",
                         absl::FormatDuration(*outcome.retry_after));
  }
  if (outcome.timed_out) fields->emplace_back("timed_out", "true");
  if (outcome.target_rule_read_only) {
    fields->emplace_back("read_only", "true");
  }
}

EventFields UserFields(const ports::GraphUserRef& user) {
  return {{"tenant", user.tenant_id}, {"upn", user.upn}};
}

}  // namespace

SimulatedGraph::SimulatedGraph(World* world, FaultPlan* faults, EventLog* log,
                               Random* random, SimulatedGraphOptions options)
    : world_(world),
      faults_(faults),
      log_(log),
      random_(random),
      options_(options) {
  CORDON_CHECK(world_ != nullptr && faults_ != nullptr && log_ != nullptr &&
                   random_ != nullptr,
               "SimulatedGraph needs a world, faults, a log and a Random");
}

// `effect` applies the call to the world and returns Graph's answer to a
// call that was not refused.
template <typename Effect>
core::GraphCallOutcome SimulatedGraph::Call(Operation operation,
                                            const std::string& tenant_id,
                                            EventFields fields, Effect effect) {
  if (options_.real_latency > absl::ZeroDuration()) {
    absl::SleepFor(options_.real_latency);
  }
  core::GraphCallOutcome outcome;
  if (!world_->HasTenant(tenant_id)) {
    outcome = AnswerFor(WorldResult::kUnknownTenant);
  } else if (absl::optional<GraphFault> fault =
                 faults_->DecideGraphCall(operation, tenant_id);
             fault.has_value()) {
    fields.emplace_back("fault", FaultKindName(fault->kind));
    fields.emplace_back("source", fault->source);
    if (fault->after_effect()) {
      // The request reached Graph; only the answer is lost on the way back.
      const core::GraphCallOutcome lost = effect();
      fields.emplace_back("effect_http", absl::StrCat(lost.http_status));
    }
    outcome = fault->outcome;
  } else {
    outcome = effect();
  }
  AddOutcomeFields(outcome, &fields);
  log_->Append(kGraph, OperationName(operation), fields);
  return outcome;
}

core::GraphCallOutcome SimulatedGraph::RevokeSignInSessions(
    const ports::GraphUserRef& user) {
  return Call(Operation::kRevokeSignInSessions, user.tenant_id,
              UserFields(user), [&] {
                const WorldResult result =
                    world_->ApplyRevokeSessions(user.tenant_id, user.upn);
                if (result != WorldResult::kDone) return AnswerFor(result);
                // Graph documents both; the engine must accept either.
                return GraphAnswer(random_->Bernoulli(0.5) ? 200 : 204);
              });
}

core::GraphCallOutcome SimulatedGraph::SetAccountEnabled(
    const ports::GraphUserRef& user, bool enabled) {
  EventFields fields = UserFields(user);
  fields.emplace_back("enabled", enabled ? "true" : "false");
  return Call(
      Operation::kSetAccountEnabled, user.tenant_id, std::move(fields), [&] {
        const WorldResult result =
            world_->ApplySetCloudEnabled(user.tenant_id, user.upn, enabled);
        return result == WorldResult::kDone ? GraphAnswer(204)
                                            : AnswerFor(result);
      });
}

core::GraphCallOutcome SimulatedGraph::ListInboxRules(
    const ports::GraphUserRef& user, std::vector<core::InboxRule>* rules) {
  CORDON_CHECK(rules != nullptr, "rules must not be null");
  rules->clear();
  std::vector<core::InboxRule> found;
  core::GraphCallOutcome outcome =
      Call(Operation::kListInboxRules, user.tenant_id, UserFields(user), [&] {
        return AnswerFor(
            world_->ReadInboxRules(user.tenant_id, user.upn, &found));
      });
  // A lost answer carries no rules, even when Graph read them.
  if (outcome.http_status == 200) *rules = std::move(found);
  return outcome;
}

core::GraphCallOutcome SimulatedGraph::SetInboxRuleEnabled(
    const ports::GraphUserRef& user, const std::string& rule_id, bool enabled) {
  EventFields fields = UserFields(user);
  fields.emplace_back("rule", rule_id);
  fields.emplace_back("enabled", enabled ? "true" : "false");
  return Call(Operation::kSetInboxRuleEnabled, user.tenant_id,
              std::move(fields), [&] {
                return AnswerFor(world_->ApplySetInboxRuleEnabled(
                    user.tenant_id, user.upn, rule_id, enabled));
              });
}

core::GraphCallOutcome SimulatedGraph::GetUser(const ports::GraphUserRef& user,
                                               ports::GraphUser* result) {
  CORDON_CHECK(result != nullptr, "result must not be null");
  ports::GraphUser found;
  core::GraphCallOutcome outcome =
      Call(Operation::kGetUser, user.tenant_id, UserFields(user), [&] {
        return AnswerFor(world_->ReadUser(user.tenant_id, user.upn, &found));
      });
  if (outcome.http_status == 200) *result = std::move(found);
  return outcome;
}

core::GraphCallOutcome SimulatedGraph::ListTenantDomains(
    const std::string& tenant_id, std::vector<std::string>* domains) {
  CORDON_CHECK(domains != nullptr, "domains must not be null");
  domains->clear();
  std::vector<std::string> found;
  core::GraphCallOutcome outcome = Call(
      Operation::kListTenantDomains, tenant_id, {{"tenant", tenant_id}},
      [&] { return AnswerFor(world_->ReadTenantDomains(tenant_id, &found)); });
  if (outcome.http_status == 200) *domains = std::move(found);
  return outcome;
}

core::M365AccessReport SimulatedGraph::CheckAccess(
    const std::string& tenant_id) {
  std::vector<std::string> domains;
  core::PermissionProbe probe;
  probe.permission = "Domain.Read.All";
  probe.outcome = ListTenantDomains(tenant_id, &domains);
  core::M365AccessReport report;
  if (!probe.outcome.aadsts_code.empty()) {
    report.aadsts_code = probe.outcome.aadsts_code;
    report.token_http_status = probe.outcome.http_status;
    report.detail = "the token endpoint refused the tenant";
    report.permissions = core::JudgePermissions(absl::nullopt, {});
    return report;
  }
  std::vector<std::string> roles;
  for (const core::RequiredPermission& permission :
       core::RequiredM365Permissions()) {
    roles.emplace_back(permission.name);
  }
  report.reachable = true;
  report.permissions = core::JudgePermissions(roles, {&probe, 1});
  return report;
}

core::GraphCallOutcome SimulatedGraph::ReadUsersDeltaPage(
    const std::string& tenant_id, const std::string& link,
    ports::UsersDeltaPage* page) {
  CORDON_CHECK(page != nullptr, "page must not be null");
  ports::UsersDeltaPage found;
  WorldResult read = WorldResult::kDone;
  core::GraphCallOutcome outcome = Call(
      Operation::kReadUsersDelta, tenant_id,
      {{"tenant", tenant_id}, {"link", link.empty() ? "(start)" : link}}, [&] {
        read = world_->ReadUsersDelta(tenant_id, link, &found);
        return AnswerFor(read);
      });
  if (outcome.http_status == 200) {
    *page = std::move(found);
  } else {
    page->resync_required =
        read == WorldResult::kDeltaTokenExpired && outcome.http_status == 410;
  }
  return outcome;
}

}  // namespace cordon::sim
