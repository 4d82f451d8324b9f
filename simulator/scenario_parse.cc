#include "simulator/scenario_parse.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "server/core/errors.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioErrorMix;
using cordon::sim::v1::ScenarioFaults;
using cordon::sim::v1::ScenarioInboxRule;
using cordon::sim::v1::ScenarioOperationFaults;
using cordon::sim::v1::ScenarioPsaFailure;

// Collects the parser's complaints with their position, instead of the
// default of writing them to stderr.
class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    errors_.push_back(absl::StrCat(line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, int column, const std::string& message) override {
    AddError(line, column, message);
  }
  std::string Text() const { return absl::StrJoin(errors_, "; "); }

 private:
  std::vector<std::string> errors_;
};

absl::StatusOr<Operation> ToOperation(ScenarioOperationFaults::Operation op) {
  switch (op) {
    case ScenarioOperationFaults::REVOKE_SIGN_IN_SESSIONS:
      return Operation::kRevokeSignInSessions;
    case ScenarioOperationFaults::SET_ACCOUNT_ENABLED:
      return Operation::kSetAccountEnabled;
    case ScenarioOperationFaults::LIST_INBOX_RULES:
      return Operation::kListInboxRules;
    case ScenarioOperationFaults::SET_INBOX_RULE_ENABLED:
      return Operation::kSetInboxRuleEnabled;
    case ScenarioOperationFaults::GET_USER:
      return Operation::kGetUser;
    case ScenarioOperationFaults::LIST_TENANT_DOMAINS:
      return Operation::kListTenantDomains;
    case ScenarioOperationFaults::AGENT_SET_ACCOUNT_ENABLED:
      return Operation::kAgentSetAccountEnabled;
    case ScenarioOperationFaults::READ_USERS_DELTA:
      return Operation::kReadUsersDelta;
    default:
      return ScenarioError("faults.operations: operation is not set");
  }
}

OperationFaults ToOperationFaults(const ScenarioOperationFaults& in) {
  OperationFaults out;
  out.error_rate = in.error_rate();
  if (in.has_mix()) {
    const ScenarioErrorMix& mix = in.mix();
    out.mix.throttled = mix.throttled();
    out.mix.unavailable = mix.unavailable();
    out.mix.concurrency_violation = mix.concurrency_violation();
    out.mix.internal_error = mix.internal_error();
    out.mix.timeout = mix.timeout();
    out.mix.timeout_after_effect = mix.timeout_after_effect();
    out.mix.permanent = mix.permanent();
  }
  return out;
}

// The per-tenant settings of the faults: call budgets and AADSTS codes.
absl::Status AddTenantFaults(const ScenarioFaults& in,
                             const TenantAliases& tenants,
                             FaultPlanConfig* config) {
  for (const auto& budget : in.tenant_budgets()) {
    CORDON_ASSIGN_OR_RETURN(
        std::string tenant,
        TenantIdOf(tenants, "faults.tenant_budgets", budget.tenant()));
    config->tenant_calls_per_minute[tenant] = budget.calls_per_minute();
  }
  for (const auto& aadsts : in.tenant_aadsts()) {
    CORDON_ASSIGN_OR_RETURN(
        std::string tenant,
        TenantIdOf(tenants, "faults.tenant_aadsts", aadsts.tenant()));
    if (!aadsts.code().empty()) config->tenant_aadsts[tenant] = aadsts.code();
  }
  return absl::OkStatus();
}

core::WellKnownFolder ToFolder(ScenarioInboxRule::Folder folder) {
  switch (folder) {
    case ScenarioInboxRule::DELETED_ITEMS:
      return core::WellKnownFolder::kDeletedItems;
    case ScenarioInboxRule::RSS_FEEDS:
      return core::WellKnownFolder::kRssFeeds;
    case ScenarioInboxRule::ARCHIVE:
      return core::WellKnownFolder::kArchive;
    case ScenarioInboxRule::JUNK:
      return core::WellKnownFolder::kJunk;
    case ScenarioInboxRule::OTHER_FOLDER:
      return core::WellKnownFolder::kOther;
    default:
      return core::WellKnownFolder::kNone;
  }
}

}  // namespace

absl::Status ParseTextFormat(absl::string_view text,
                             google::protobuf::Message* message) {
  ParseErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), message)) {
    return absl::InvalidArgumentError(errors.Text());
  }
  return absl::OkStatus();
}

absl::StatusOr<Scenario> ParseScenario(absl::string_view text) {
  Scenario scenario;
  if (absl::Status parsed = ParseTextFormat(text, &scenario); !parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("scenario does not parse: ", parsed.message()));
  }
  return scenario;
}

absl::StatusOr<Scenario> LoadScenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Scenario> scenario = ParseScenario(text.str());
  if (!scenario.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", scenario.status().message()));
  }
  return scenario;
}

absl::Status ScenarioError(absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("scenario: ", message));
}

absl::StatusOr<absl::Duration> ParseDurationText(absl::string_view field,
                                                 const std::string& text,
                                                 absl::Duration fallback) {
  if (text.empty()) return fallback;
  absl::Duration duration;
  if (!absl::ParseDuration(text, &duration) ||
      duration < absl::ZeroDuration()) {
    return ScenarioError(absl::StrCat(
        field, ": \"", text, "\" is not a duration such as \"90s\" or \"2h\""));
  }
  return duration;
}

absl::StatusOr<TenantAliases> ParseTenantAliases(
    const cordon::sim::v1::ScenarioWorld& world) {
  TenantAliases tenants;
  for (const auto& tenant : world.tenants()) {
    if (tenant.alias().empty()) {
      return ScenarioError("world.tenants: a tenant has no alias");
    }
    if (!tenants.emplace(tenant.alias(), tenant.tenant_id()).second) {
      return ScenarioError(
          absl::StrCat("world.tenants: alias ", tenant.alias(), " twice"));
    }
  }
  return tenants;
}

absl::StatusOr<std::string> TenantIdOf(const TenantAliases& tenants,
                                       absl::string_view field,
                                       const std::string& alias) {
  auto it = tenants.find(alias);
  if (it == tenants.end()) {
    return ScenarioError(
        absl::StrCat(field, ": no tenant with alias \"", alias, "\""));
  }
  return it->second;
}

absl::StatusOr<FaultPlanConfig> ToFaultPlanConfig(
    const ScenarioFaults& in, const TenantAliases& tenants) {
  FaultPlanConfig config;
  if (in.has_all()) config.SetAll(ToOperationFaults(in.all()));
  for (const ScenarioOperationFaults& op : in.operations()) {
    CORDON_ASSIGN_OR_RETURN(Operation operation, ToOperation(op.operation()));
    config.For(operation) = ToOperationFaults(op);
  }
  CORDON_ASSIGN_OR_RETURN(
      config.retry_after_min,
      ParseDurationText("faults.retry_after_min", in.retry_after_min(),
                        config.retry_after_min));
  CORDON_ASSIGN_OR_RETURN(
      config.retry_after_max,
      ParseDurationText("faults.retry_after_max", in.retry_after_max(),
                        config.retry_after_max));
  config.calls_per_minute = in.calls_per_minute();
  CORDON_RETURN_IF_ERROR(AddTenantFaults(in, tenants, &config));
  config.buggify.enabled = in.buggify().enabled();
  if (in.buggify().has_p_site()) config.buggify.p_site = in.buggify().p_site();
  if (in.buggify().has_p_fire()) config.buggify.p_fire = in.buggify().p_fire();
  config.buggify.include_permanent = in.buggify().include_permanent();
  config.buggify.server_sites = in.buggify().server();
  return config;
}

core::InboxRule ToInboxRule(const ScenarioInboxRule& in) {
  core::InboxRule rule;
  rule.id = in.id();
  rule.display_name = in.display_name().empty() ? in.id() : in.display_name();
  rule.is_enabled = !in.starts_disabled();
  rule.is_read_only = in.read_only();
  rule.actions.forward_to.assign(in.forward_to().begin(),
                                 in.forward_to().end());
  rule.actions.forward_as_attachment_to.assign(
      in.forward_as_attachment_to().begin(),
      in.forward_as_attachment_to().end());
  rule.actions.redirect_to.assign(in.redirect_to().begin(),
                                  in.redirect_to().end());
  rule.actions.mark_as_read = in.mark_as_read();
  rule.actions.move_to_folder = ToFolder(in.move_to_folder());
  rule.actions.delete_message = in.delete_message();
  rule.actions.permanent_delete = in.permanent_delete();
  return rule;
}

absl::StatusOr<PsaFailure> ToPsaFailure(ScenarioPsaFailure::Failure failure) {
  switch (failure) {
    case ScenarioPsaFailure::EXPIRED_CREDENTIALS:
      return PsaFailure::kExpiredCredentials;
    case ScenarioPsaFailure::BAD_BOARD:
      return PsaFailure::kBadBoard;
    case ScenarioPsaFailure::THROTTLED:
      return PsaFailure::kThrottled;
    case ScenarioPsaFailure::TIMEOUT:
      return PsaFailure::kTimeout;
    case ScenarioPsaFailure::TIMEOUT_AFTER_EFFECT:
      return PsaFailure::kTimeoutAfterEffect;
    case ScenarioPsaFailure::SERVER_ERROR:
      return PsaFailure::kServerError;
    default:
      return ScenarioError("set_psa_failure: failure is not set");
  }
}

}  // namespace cordon::sim
