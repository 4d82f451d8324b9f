#include "simulator/scenario_runner.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/organization.pb.h"
#include "cordon/v1/telemetry.pb.h"
#include "cordon/v1/user.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioAccountUser;
using cordon::sim::v1::ScenarioActionExpectation;
using cordon::sim::v1::ScenarioAnswerEscalation;
using cordon::sim::v1::ScenarioCreateAccessRule;
using cordon::sim::v1::ScenarioEndpointStatus;
using cordon::sim::v1::ScenarioErrorMix;
using cordon::sim::v1::ScenarioEscalationExpectation;
using cordon::sim::v1::ScenarioExpect;
using cordon::sim::v1::ScenarioFaults;
using cordon::sim::v1::ScenarioIdentity;
using cordon::sim::v1::ScenarioIdentityExpectation;
using cordon::sim::v1::ScenarioInboxRule;
using cordon::sim::v1::ScenarioLogCount;
using cordon::sim::v1::ScenarioMailCount;
using cordon::sim::v1::ScenarioOperationFaults;
using cordon::sim::v1::ScenarioPsa;
using cordon::sim::v1::ScenarioPsaFailure;
using cordon::sim::v1::ScenarioPsaTicketCount;
using cordon::sim::v1::ScenarioRecordSignIn;
using cordon::sim::v1::ScenarioReportExpectation;
using cordon::sim::v1::ScenarioStep;
using cordon::v1::AccessRule;
using cordon::v1::EndpointStatusEvent;
using cordon::v1::Escalation;
using cordon::v1::EscalationAnswer;
using cordon::v1::EscalationNotification;
using cordon::v1::Identity;
using cordon::v1::IncidentReport;
using cordon::v1::PsaIntegration;
using cordon::v1::ReportDelivery;
using cordon::v1::ResponseAction;

constexpr absl::Duration kDefaultSettleLimit = absl::Hours(24);

// A set-up or step that the scenario itself got wrong (unknown alias, bad
// duration): never confused with an answer of Cordon's that a step may
// expect (expect_code).
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

// Inclusive bounds on a count, as log_counts, mail and psa_tickets give
// them.
struct CountBounds {
  absl::optional<int64_t> exactly;
  absl::optional<int64_t> at_least;
  absl::optional<int64_t> at_most;
};

template <typename Expectation>
CountBounds BoundsOf(const Expectation& expect) {
  CountBounds bounds;
  if (expect.has_exactly()) bounds.exactly = expect.exactly();
  if (expect.has_at_least()) bounds.at_least = expect.at_least();
  if (expect.has_at_most()) bounds.at_most = expect.at_most();
  return bounds;
}

std::string Rounds(const std::vector<int>& rounds) {
  return absl::StrCat("[", absl::StrJoin(rounds, ", "), "]");
}

std::string OptionalBool(absl::optional<bool> value) {
  if (!value.has_value()) return "no such user";
  return *value ? "true" : "false";
}

// Runs one scenario: owns the Simulation and the alias tables.
class Runner {
 public:
  Runner(const Scenario& scenario, uint64_t seed)
      : scenario_(scenario), seed_(seed) {
    report_.scenario = scenario.name();
    report_.seed = seed;
  }

  ScenarioReport Run() {
    if (absl::Status s = SetUp(); !s.ok()) {
      report_.setup_error = std::string(s.message());
    } else {
      CheckInvariants(-1);
      for (int i = 0; i < scenario_.steps_size(); ++i) {
        if (!RunStep(scenario_.steps(i), i)) break;
      }
    }
    if (sim_ != nullptr) {
      report_.event_log_hash = sim_->log().Hash();
      report_.event_log = sim_->log().lines();
      report_.buggify_sites = sim_->faults().EnabledBuggifySites();
    }
    return std::move(report_);
  }

 private:
  struct OrganizationInfo {
    std::string name;
    std::string tenant_id;  // "" = no M365 binding
  };
  struct IdentityInfo {
    std::string name;
    std::string organization;  // alias
    std::string tenant_id;
    std::string upn;
  };

  // --- Set-up. ---

  absl::Status SetUp() {
    // Tenant aliases first: fault settings name tenants, and the faults
    // must exist before the Simulation does.
    for (const auto& tenant : scenario_.world().tenants()) {
      if (tenant.alias().empty()) {
        return ScenarioError("world.tenants: a tenant has no alias");
      }
      if (!tenants_.emplace(tenant.alias(), tenant.tenant_id()).second) {
        return ScenarioError(
            absl::StrCat("world.tenants: alias ", tenant.alias(), " twice"));
      }
    }
    SimulationOptions options;
    options.seed = seed_;
    CORDON_ASSIGN_OR_RETURN(options.faults, BuildFaults(scenario_.faults()));
    if (absl::Status s = FaultPlan::Validate(options.faults); !s.ok()) {
      return ScenarioError(absl::StrCat("faults: ", s.message()));
    }
    CORDON_ASSIGN_OR_RETURN(
        options.sync_interval,
        ParseDurationText("sync_interval", scenario_.sync_interval(),
                          absl::Minutes(30)));
    if (options.sync_interval <= absl::ZeroDuration()) {
      return ScenarioError("sync_interval must be positive");
    }
    sim_ = std::make_unique<Simulation>(std::move(options));
    invariants_ = std::make_unique<InvariantChecker>(sim_.get());
    start_ = sim_->clock().Now();
    if (scenario_.faults().start_quiet()) sim_->faults().SetQuiet(true);
    CORDON_RETURN_IF_ERROR(SetUpWorld());
    return SetUpCordon();
  }

  absl::StatusOr<std::string> TenantId(absl::string_view field,
                                       const std::string& alias) const {
    auto it = tenants_.find(alias);
    if (it == tenants_.end()) {
      return ScenarioError(
          absl::StrCat(field, ": no tenant with alias \"", alias, "\""));
    }
    return it->second;
  }

  absl::StatusOr<FaultPlanConfig> BuildFaults(const ScenarioFaults& in) const {
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
    for (const auto& budget : in.tenant_budgets()) {
      CORDON_ASSIGN_OR_RETURN(
          std::string tenant,
          TenantId("faults.tenant_budgets", budget.tenant()));
      config.tenant_calls_per_minute[tenant] = budget.calls_per_minute();
    }
    for (const auto& aadsts : in.tenant_aadsts()) {
      CORDON_ASSIGN_OR_RETURN(
          std::string tenant,
          TenantId("faults.tenant_aadsts", aadsts.tenant()));
      if (!aadsts.code().empty()) config.tenant_aadsts[tenant] = aadsts.code();
    }
    config.buggify.enabled = in.buggify().enabled();
    if (in.buggify().has_p_site())
      config.buggify.p_site = in.buggify().p_site();
    if (in.buggify().has_p_fire())
      config.buggify.p_fire = in.buggify().p_fire();
    config.buggify.include_permanent = in.buggify().include_permanent();
    return config;
  }

  absl::Status SetUpWorld() {
    World& world = sim_->world();
    for (const auto& tenant : scenario_.world().tenants()) {
      CORDON_RETURN_IF_ERROR(world.AddTenant(
          {tenant.tenant_id(),
           {tenant.verified_domains().begin(), tenant.verified_domains().end()},
           tenant.agent_version()}));
      for (const auto& user : tenant.users()) {
        UserSpec spec;
        spec.upn = user.upn();
        spec.on_premises_sync_enabled = user.synced();
        if (!user.usage_location().empty()) {
          spec.usage_location = user.usage_location();
        }
        CORDON_RETURN_IF_ERROR(world.AddUser(tenant.tenant_id(), spec));
        for (int i = 0; i < user.sessions(); ++i) {
          CORDON_RETURN_IF_ERROR(world.SignIn(tenant.tenant_id(), user.upn()));
        }
        for (const auto& rule : user.inbox_rules()) {
          CORDON_RETURN_IF_ERROR(world.AddInboxRule(
              tenant.tenant_id(), user.upn(), ToInboxRule(rule)));
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status SetUpCordon() {
    engine::Engine& engine = sim_->engine();
    const auto& cordon = scenario_.cordon();
    cordon::v1::Account account;
    account.set_display_name("Simulated MSP");
    account.mutable_settings()->set_identity_isolation_enabled(
        !cordon.has_identity_isolation_enabled() ||
        cordon.identity_isolation_enabled());
    CORDON_ASSIGN_OR_RETURN(
        cordon::store::SavedAccount created,
        engine.accounts().Create(Simulation::Operator(), account, {}));
    CORDON_ASSIGN_OR_RETURN(core::AccountName account_name,
                            core::ParseAccountName(created.account().name()));
    account_ = account_name.account;

    for (const ScenarioAccountUser& in : cordon.users()) {
      cordon::v1::User user;
      user.set_email(in.email());
      user.set_display_name(in.display_name().empty() ? in.email()
                                                      : in.display_name());
      user.set_role(in.role() == cordon::v1::ROLE_UNSPECIFIED
                        ? cordon::v1::ACCOUNT_ADMIN
                        : in.role());
      absl::StatusOr<cordon::v1::User> made =
          engine.users().Create(Simulation::Operator(), account_, user, {});
      if (!made.ok()) {
        return ScenarioError(absl::StrCat("cordon.users ", in.email(), ": ",
                                          made.status().message()));
      }
    }
    if (cordon.has_psa()) {
      if (absl::Status s = ConnectPsa(cordon.psa()); !s.ok()) {
        return ScenarioError(absl::StrCat("cordon.psa: ", s.message()));
      }
    }

    for (const auto& org : cordon.organizations()) {
      if (org.alias().empty() || organizations_.count(org.alias())) {
        return ScenarioError(
            absl::StrCat("cordon.organizations: missing or repeated alias \"",
                         org.alias(), "\""));
      }
      cordon::v1::Organization organization;
      organization.set_display_name(
          org.display_name().empty() ? org.alias() : org.display_name());
      std::string tenant_id;
      if (!org.tenant().empty()) {
        CORDON_ASSIGN_OR_RETURN(
            tenant_id,
            TenantId(absl::StrCat("organization ", org.alias()), org.tenant()));
        organization.set_m365_tenant_id(tenant_id);
      }
      organization.set_excluded_from_isolation(org.excluded_from_isolation());
      if (org.hybrid()) {
        organization.mutable_on_prem_ad_server()->set_agent_version(
            org.agent_version());
      }
      CORDON_ASSIGN_OR_RETURN(
          cordon::v1::Organization made,
          engine.organizations().Create(
              Simulation::Operator(), account_name.account, organization, {}));
      organizations_[org.alias()] = {made.name(), tenant_id};
    }

    for (const ScenarioIdentity& in : cordon.identities()) {
      if (in.alias().empty() || identities_.count(in.alias())) {
        return ScenarioError(
            absl::StrCat("cordon.identities: missing or repeated alias \"",
                         in.alias(), "\""));
      }
      auto org = organizations_.find(in.organization());
      if (org == organizations_.end()) {
        return ScenarioError(absl::StrCat("identity ", in.alias(),
                                          ": no organization with alias \"",
                                          in.organization(), "\""));
      }
      CORDON_ASSIGN_OR_RETURN(core::OrganizationName parent,
                              core::ParseOrganizationName(org->second.name));
      Identity identity;
      identity.set_upn(in.upn());
      Identity::Source source = Identity::CLOUD_ONLY;
      if (in.source() == ScenarioIdentity::HYBRID_SYNCED ||
          (in.source() == ScenarioIdentity::FROM_WORLD &&
           sim_->world().IsSynced(org->second.tenant_id, in.upn()) == true)) {
        source = Identity::HYBRID_SYNCED;
      }
      identity.set_source(source);
      identity.set_usage_location(UsageLocation(org->second.tenant_id, in));
      identity.set_excluded_from_isolation(in.excluded_from_isolation());
      CORDON_ASSIGN_OR_RETURN(Identity made,
                              engine.identities().Create(Simulation::Operator(),
                                                         parent, identity, {}));
      identities_[in.alias()] = {made.name(), in.organization(),
                                 org->second.tenant_id, in.upn()};
    }
    return absl::OkStatus();
  }

  // The world user's usage location, so Cordon and the tenant agree.
  std::string UsageLocation(const std::string& tenant_id,
                            const ScenarioIdentity& identity) const {
    for (const auto& tenant : scenario_.world().tenants()) {
      if (tenant.tenant_id() != tenant_id) continue;
      for (const auto& user : tenant.users()) {
        if (absl::EqualsIgnoreCase(user.upn(), identity.upn()) &&
            !user.usage_location().empty()) {
          return user.usage_location();
        }
      }
    }
    return "US";
  }

  // --- Steps. ---

  absl::StatusOr<const IdentityInfo*> FindIdentity(
      const std::string& alias) const {
    auto it = identities_.find(alias);
    if (it == identities_.end()) {
      return ScenarioError(
          absl::StrCat("no identity with alias \"", alias, "\""));
    }
    return &it->second;
  }

  absl::StatusOr<core::IncidentReportName> FindReport(
      const std::string& alias) const {
    auto it = reports_.find(alias);
    if (it == reports_.end()) {
      return ScenarioError(
          absl::StrCat("no report with alias \"", alias, "\" has been sent"));
    }
    return core::ParseIncidentReportName(it->second);
  }

  // Returns false when the run must stop.
  bool RunStep(const ScenarioStep& step, int index) {
    StepResult result;
    result.index = index;
    result.description =
        step.label().empty() ? step.ShortDebugString() : step.label();
    absl::Status scenario_error;
    absl::Status answer = Perform(step, index, &scenario_error);
    if (!scenario_error.ok()) {
      result.ok = false;
      result.message = std::string(scenario_error.message());
    } else if (!step.expect_code().empty()) {
      const std::string got = absl::StatusCodeToString(answer.code());
      if (got != step.expect_code()) {
        result.ok = false;
        result.message = absl::StrCat("expected ", step.expect_code(), ", got ",
                                      answer.ok() ? "OK" : answer.ToString());
      }
    } else if (!answer.ok()) {
      result.ok = false;
      result.message = answer.ToString();
    }
    result.time = FormatSimTime(sim_->clock().Now());
    report_.steps.push_back(std::move(result));
    CheckInvariants(index);
    return report_.steps.back().ok;
  }

  // Performs one step. Mistakes of the scenario go to `scenario_error`;
  // the return value is Cordon's (or the world's) answer.
  absl::Status Perform(const ScenarioStep& step, int index,
                       absl::Status* scenario_error) {
    auto fail = [&](absl::Status s) {
      *scenario_error = std::move(s);
      return absl::OkStatus();
    };
    if (!step.at().empty()) {
      absl::StatusOr<absl::Duration> at =
          ParseDurationText("at", step.at(), absl::ZeroDuration());
      if (!at.ok()) return fail(at.status());
      const absl::Time target = start_ + *at;
      const absl::Time now = sim_->clock().Now();
      if (target < now) {
        return fail(ScenarioError(absl::StrCat(
            "at ", step.at(), " is in the past (now is ",
            absl::FormatDuration(now - start_), " into the run)")));
      }
      if (absl::Status s = sim_->Advance(target - now); !s.ok()) {
        return fail(s);
      }
    }
    engine::Engine& engine = sim_->engine();
    const engine::Actor actor = Simulation::Operator();
    switch (step.action_case()) {
      case ScenarioStep::kSendReport:
        return SendReport(step.send_report(), scenario_error);
      case ScenarioStep::kResolveReport:
      case ScenarioStep::kRejectReport: {
        const bool resolve = step.action_case() == ScenarioStep::kResolveReport;
        absl::StatusOr<core::IncidentReportName> name =
            FindReport(resolve ? step.resolve_report() : step.reject_report());
        if (!name.ok()) return fail(name.status());
        return engine.incidents()
            .Close(
                actor, *name, "",
                resolve ? IncidentReport::RESOLVED : IncidentReport::REJECTED)
            .status();
      }
      case ScenarioStep::kIsolate:
      case ScenarioStep::kRelease: {
        const bool isolate = step.action_case() == ScenarioStep::kIsolate;
        const auto& manual = isolate ? step.isolate() : step.release();
        absl::StatusOr<const IdentityInfo*> identity =
            FindIdentity(manual.identity());
        if (!identity.ok()) return fail(identity.status());
        absl::StatusOr<core::IdentityName> name =
            core::ParseIdentityName((*identity)->name);
        if (!name.ok()) return fail(name.status());
        const std::string reason =
            manual.reason().empty() ? "scenario step" : manual.reason();
        return isolate ? engine.manual_isolation()
                             .Isolate(actor, *name, reason)
                             .status()
                       : engine.manual_isolation()
                             .Release(actor, *name, reason)
                             .status();
      }
      case ScenarioStep::kEnableInboxRule: {
        absl::StatusOr<const IdentityInfo*> identity =
            FindIdentity(step.enable_inbox_rule().identity());
        if (!identity.ok()) return fail(identity.status());
        absl::StatusOr<core::IdentityName> name =
            core::ParseIdentityName((*identity)->name);
        if (!name.ok()) return fail(name.status());
        return engine.manual_isolation().EnableInboxRule(
            actor, *name, step.enable_inbox_rule().rule_id());
      }
      case ScenarioStep::kSignIn: {
        const auto& sign_in = step.sign_in();
        std::string tenant_id;
        std::string upn;
        if (!sign_in.identity().empty()) {
          absl::StatusOr<const IdentityInfo*> identity =
              FindIdentity(sign_in.identity());
          if (!identity.ok()) return fail(identity.status());
          tenant_id = (*identity)->tenant_id;
          upn = (*identity)->upn;
        } else {
          absl::StatusOr<std::string> tenant =
              TenantId("sign_in", sign_in.tenant());
          if (!tenant.ok()) return fail(tenant.status());
          tenant_id = *tenant;
          upn = sign_in.upn();
        }
        return sim_->world().SignIn(tenant_id, upn);
      }
      case ScenarioStep::kSyncCycle:
        sim_->world().RunDirectorySyncCycleForAllTenants();
        return absl::OkStatus();
      case ScenarioStep::kAdvance: {
        absl::StatusOr<absl::Duration> duration =
            ParseDurationText("advance", step.advance(), absl::ZeroDuration());
        if (!duration.ok()) return fail(duration.status());
        return sim_->Advance(*duration);
      }
      case ScenarioStep::kSettle: {
        absl::StatusOr<absl::Duration> limit = ParseDurationText(
            "settle.limit", step.settle().limit(), kDefaultSettleLimit);
        if (!limit.ok()) return fail(limit.status());
        absl::StatusOr<bool> settled = sim_->Settle(*limit);
        if (!settled.ok()) return settled.status();
        if (!*settled && !step.settle().allow_pending()) {
          return absl::DeadlineExceededError(absl::StrCat(
              "actions still queued after ", absl::FormatDuration(*limit)));
        }
        return absl::OkStatus();
      }
      case ScenarioStep::kRunUntilIdle:
        return sim_->RunUntilIdle();
      case ScenarioStep::kRunOnce:
        return engine.worker().RunOnce().status();
      case ScenarioStep::kQuiet:
        sim_->faults().SetQuiet(true);
        return absl::OkStatus();
      case ScenarioStep::kFaultsOn:
        sim_->faults().SetQuiet(false);
        return absl::OkStatus();
      case ScenarioStep::kSetTenantAadsts:
      case ScenarioStep::kFixTenant: {
        const bool fix = step.action_case() == ScenarioStep::kFixTenant;
        absl::StatusOr<std::string> tenant = TenantId(
            fix ? "fix_tenant" : "set_tenant_aadsts",
            fix ? step.fix_tenant() : step.set_tenant_aadsts().tenant());
        if (!tenant.ok()) return fail(tenant.status());
        sim_->faults().SetTenantAadsts(
            *tenant, fix ? "" : step.set_tenant_aadsts().code());
        return absl::OkStatus();
      }
      case ScenarioStep::kCrashAndRestart:
        return sim_->CrashAndRestart();
      case ScenarioStep::kExpect:
        Evaluate(step.expect(), index);
        return absl::OkStatus();
      case ScenarioStep::kRecordSignIn:
        return RecordSignIn(step.record_sign_in(), index, scenario_error);
      case ScenarioStep::kRecordEndpointStatus:
        return RecordEndpointStatus(step.record_endpoint_status(), index,
                                    scenario_error);
      case ScenarioStep::kCreateAccessRule:
        return CreateAccessRule(step.create_access_rule(), scenario_error);
      case ScenarioStep::kAnswerEscalation:
        return AnswerEscalation(step.answer_escalation(), scenario_error);
      case ScenarioStep::kSetPsaFailure: {
        absl::StatusOr<PsaFailure> failure =
            ToPsaFailure(step.set_psa_failure().failure());
        if (!failure.ok()) return fail(failure.status());
        if (step.set_psa_failure().fail_next() < 0) {
          return fail(ScenarioError("set_psa_failure: fail_next < 0"));
        }
        if (step.set_psa_failure().fail_next() > 0) {
          sim_->psa().FailNext(step.set_psa_failure().fail_next(), *failure);
        } else {
          sim_->psa().SetFailure(*failure);
        }
        return absl::OkStatus();
      }
      case ScenarioStep::kFixPsa:
        sim_->psa().Fix();
        return absl::OkStatus();
      case ScenarioStep::kConnectPsa:
        return ConnectPsa(step.connect_psa());
      case ScenarioStep::ACTION_NOT_SET:
        break;
    }
    if (!step.at().empty()) return absl::OkStatus();  // a pure wait
    return fail(ScenarioError("the step does nothing"));
  }

  absl::Status SendReport(const cordon::sim::v1::ScenarioSendReport& send,
                          absl::Status* scenario_error) {
    auto fail = [&](absl::Status s) {
      *scenario_error = std::move(s);
      return absl::OkStatus();
    };
    if (!send.alias().empty() && reports_.count(send.alias())) {
      return fail(ScenarioError(
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
      absl::StatusOr<const IdentityInfo*> identity = FindIdentity(alias);
      if (!identity.ok()) return fail(identity.status());
      if (organization_alias.empty()) {
        organization_alias = (*identity)->organization;
      }
      report.add_identities((*identity)->name);
    }
    for (const std::string& rule : send.malicious_rule_ids()) {
      report.add_malicious_inbox_rule_ids(rule);
    }
    auto org = organizations_.find(organization_alias);
    if (org == organizations_.end()) {
      return fail(ScenarioError(absl::StrCat(
          "send_report: no organization with alias \"", organization_alias,
          "\" (name one, or at least one identity)")));
    }
    absl::StatusOr<core::OrganizationName> parent =
        core::ParseOrganizationName(org->second.name);
    if (!parent.ok()) return fail(parent.status());
    CORDON_ASSIGN_OR_RETURN(IncidentReport draft,
                            sim_->engine().incidents().Create(
                                Simulation::Operator(), *parent, report, {}));
    CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                            core::ParseIncidentReportName(draft.name()));
    CORDON_ASSIGN_OR_RETURN(
        IncidentReport sent,
        sim_->engine().incidents().Send(Simulation::Operator(), name, ""));
    if (!send.alias().empty()) reports_[send.alias()] = sent.name();
    return absl::OkStatus();
  }

  // ESC-3: the account's PSA integration as an admin would set it (the
  // simulated PSA accepts any endpoint and secret).
  absl::Status ConnectPsa(const ScenarioPsa& in) {
    cordon::v1::Account patch;
    patch.set_name(core::AccountName{account_}.ToString());
    PsaIntegration* psa = patch.mutable_settings()->mutable_psa_integration();
    psa->set_kind(in.kind() == PsaIntegration::KIND_UNSPECIFIED
                      ? PsaIntegration::CONNECTWISE
                      : in.kind());
    if (psa->kind() != PsaIntegration::NONE) {
      psa->set_endpoint("https://psa.msp.example/api");
      psa->set_board(in.board().empty() ? "Security" : in.board());
      psa->set_secret("simulated-psa-secret");
    }
    google::protobuf::FieldMask mask;
    mask.add_paths("settings.psa_integration");
    return sim_->engine()
        .accounts()
        .Update(Simulation::Operator(), patch, mask)
        .status();
  }

  absl::Status RecordSignIn(const ScenarioRecordSignIn& in, int index,
                            absl::Status* scenario_error) {
    absl::StatusOr<const IdentityInfo*> identity = FindIdentity(in.identity());
    if (!identity.ok()) {
      *scenario_error = identity.status();
      return absl::OkStatus();
    }
    absl::StatusOr<core::IdentityName> name =
        core::ParseIdentityName((*identity)->name);
    if (!name.ok()) {
      *scenario_error = name.status();
      return absl::OkStatus();
    }
    cordon::v1::SignInEvent event;
    event.set_event_id(in.event_id().empty() ? absl::StrCat("sign-in-", index)
                                             : in.event_id());
    event.set_identity((*identity)->name);
    *event.mutable_time() = engine::ToTimestamp(sim_->clock().Now());
    event.set_ip_address(in.ip_address());
    event.set_country(in.country());
    event.set_vpn_provider(in.vpn_provider());
    return sim_->engine()
        .telemetry()
        .RecordSignIn(Simulation::Operator(), *name, event)
        .status();
  }

  absl::Status RecordEndpointStatus(const ScenarioEndpointStatus& in, int index,
                                    absl::Status* scenario_error) {
    absl::StatusOr<core::OrganizationName> organization =
        FindOrganization("record_endpoint_status", in.organization());
    if (!organization.ok()) {
      *scenario_error = organization.status();
      return absl::OkStatus();
    }
    if (in.endpoint_id().empty()) {
      *scenario_error =
          ScenarioError("record_endpoint_status: endpoint_id is required");
      return absl::OkStatus();
    }
    EndpointStatusEvent event;
    event.set_event_id(in.event_id().empty() ? absl::StrCat("endpoint-", index)
                                             : in.event_id());
    event.set_organization(organization->ToString());
    event.set_endpoint_id(in.endpoint_id());
    event.set_hostname(in.hostname().empty() ? in.endpoint_id()
                                             : in.hostname());
    event.set_managed_antivirus_mode(
        in.antivirus_mode() == EndpointStatusEvent::ANTIVIRUS_MODE_UNSPECIFIED
            ? EndpointStatusEvent::ENFORCE
            : in.antivirus_mode());
    event.set_realtime_protection_enabled(in.rtp_enabled());
    event.set_network_isolated(in.isolated());
    *event.mutable_time() = engine::ToTimestamp(sim_->clock().Now());
    return sim_->engine()
        .endpoints()
        .RecordStatus(Simulation::Operator(), *organization, event)
        .status();
  }

  absl::Status CreateAccessRule(const ScenarioCreateAccessRule& in,
                                absl::Status* scenario_error) {
    auto fail = [&](absl::Status s) {
      *scenario_error = std::move(s);
      return absl::OkStatus();
    };
    engine::AccessRuleScope scope{account_, 0, 0};
    if (!in.identity().empty()) {
      absl::StatusOr<const IdentityInfo*> identity =
          FindIdentity(in.identity());
      if (!identity.ok()) return fail(identity.status());
      absl::StatusOr<core::IdentityName> name =
          core::ParseIdentityName((*identity)->name);
      if (!name.ok()) return fail(name.status());
      scope = {name->account, name->organization, name->identity};
    } else if (!in.organization().empty()) {
      absl::StatusOr<core::OrganizationName> name =
          FindOrganization("create_access_rule", in.organization());
      if (!name.ok()) return fail(name.status());
      scope = {name->account, name->organization, 0};
    }
    AccessRule rule;
    const int targets = !in.country().empty() + !in.vpn_provider().empty() +
                        !in.ip_address().empty();
    if (targets > 1) {
      return fail(ScenarioError(
          "create_access_rule: give one of country, vpn_provider, ip_address"));
    }
    if (!in.country().empty()) rule.set_country(in.country());
    if (!in.vpn_provider().empty()) rule.set_vpn_provider(in.vpn_provider());
    if (!in.ip_address().empty()) rule.set_ip_address(in.ip_address());
    rule.set_determination(in.determination());
    rule.set_note(in.note());
    return sim_->engine()
        .access_rules()
        .Create(Simulation::Operator(), scope, rule, {})
        .status();
  }

  absl::Status AnswerEscalation(const ScenarioAnswerEscalation& in,
                                absl::Status* scenario_error) {
    auto fail = [&](absl::Status s) {
      *scenario_error = std::move(s);
      return absl::OkStatus();
    };
    absl::StatusOr<std::string> organization =
        OrganizationNameOrEmpty("answer_escalation", in.organization());
    if (!organization.ok()) return fail(organization.status());
    absl::StatusOr<std::vector<Escalation>> matches = MatchingEscalations(
        in.type(), in.subject(), *organization, Escalation::STATUS_UNSPECIFIED,
        Escalation::RESOLUTION_UNSPECIFIED);
    if (!matches.ok()) return matches.status();
    const Escalation* chosen = nullptr;
    if (in.has_index()) {
      if (in.index() < 0 || in.index() >= static_cast<int>(matches->size())) {
        return fail(ScenarioError(
            absl::StrCat("answer_escalation: index ", in.index(), " but ",
                         matches->size(), " escalations match")));
      }
      chosen = &(*matches)[in.index()];
    } else {
      int open = 0;
      for (const Escalation& escalation : *matches) {
        if (escalation.status() != Escalation::RESOLVED) {
          chosen = &escalation;
          ++open;
        }
      }
      if (open > 1) {
        return fail(ScenarioError(absl::StrCat(
            "answer_escalation: ", open,
            " open escalations match; narrow it down or give an index")));
      }
      if (chosen == nullptr && !matches->empty()) chosen = &matches->back();
    }
    if (chosen == nullptr) {
      return fail(ScenarioError("answer_escalation: no escalation matches"));
    }
    EscalationAnswer answer;
    answer.set_determination(in.determination());
    answer.set_scope(in.scope());
    answer.set_integration_fixed(in.integration_fixed());
    answer.set_retry_access(in.retry_access());
    answer.set_acknowledge(in.acknowledge());
    answer.set_note(in.note());
    const bool login =
        in.determination() != AccessRule::DETERMINATION_UNSPECIFIED ||
        in.scope() != EscalationAnswer::SCOPE_UNSPECIFIED;
    const int answers = login + in.dismiss() + in.integration_fixed() +
                        in.retry_access() + in.acknowledge();
    if (answers != 1) {
      return fail(ScenarioError(
          "answer_escalation: give one answer (determination and scope, "
          "dismiss, integration_fixed, retry_access or acknowledge)"));
    }
    return sim_->engine()
        .escalation_answerer()
        .Answer(Simulation::Operator(), chosen->name(), answer, "")
        .status();
  }

  absl::StatusOr<core::OrganizationName> FindOrganization(
      absl::string_view field, const std::string& alias) const {
    auto it = organizations_.find(alias);
    if (it == organizations_.end()) {
      return ScenarioError(
          absl::StrCat(field, ": no organization with alias \"", alias, "\""));
    }
    return core::ParseOrganizationName(it->second.name);
  }

  // Every escalation of the account, as read now (OVERDUE derived), in the
  // order they were opened.
  absl::StatusOr<std::vector<Escalation>> AllEscalations() const {
    std::vector<std::pair<uint64_t, Escalation>> by_id;
    engine::EscalationManager::ListQuery query;
    query.account = account_;
    engine::PageRequest page;
    page.page_size = 1000;
    constexpr int kMaxPages = 1000;
    for (int i = 0; i < kMaxPages; ++i) {
      CORDON_ASSIGN_OR_RETURN(engine::Page<Escalation> listed,
                              sim_->engine().escalations().List(query, page));
      for (Escalation& escalation : listed.items) {
        CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                                core::ParseEscalationName(escalation.name()));
        by_id.emplace_back(name.escalation, std::move(escalation));
      }
      if (listed.resume_after_key.empty()) break;
      page.resume_after_key = std::move(listed.resume_after_key);
    }
    std::sort(by_id.begin(), by_id.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Escalation> all;
    all.reserve(by_id.size());
    for (auto& [id, escalation] : by_id) all.push_back(std::move(escalation));
    return all;
  }

  // The organization's resource name; "" for an empty alias.
  absl::StatusOr<std::string> OrganizationNameOrEmpty(
      absl::string_view field, const std::string& alias) const {
    if (alias.empty()) return std::string();
    CORDON_ASSIGN_OR_RETURN(core::OrganizationName name,
                            FindOrganization(field, alias));
    return name.ToString();
  }

  // Those of AllEscalations() that match every selector given (unset ones
  // match anything); `organization` is a resource name.
  absl::StatusOr<std::vector<Escalation>> MatchingEscalations(
      cordon::v1::EscalationType type, const std::string& subject,
      const std::string& organization, Escalation::Status status,
      Escalation::Resolution resolution) const {
    CORDON_ASSIGN_OR_RETURN(std::vector<Escalation> all, AllEscalations());
    std::vector<Escalation> matches;
    for (Escalation& escalation : all) {
      if (type != cordon::v1::ESCALATION_TYPE_UNSPECIFIED &&
          escalation.type() != type) {
        continue;
      }
      if (!subject.empty() && escalation.subject() != subject) continue;
      if (!organization.empty() && escalation.organization() != organization) {
        continue;
      }
      if (status != Escalation::STATUS_UNSPECIFIED &&
          escalation.status() != status) {
        continue;
      }
      if (resolution != Escalation::RESOLUTION_UNSPECIFIED &&
          escalation.resolution() != resolution) {
        continue;
      }
      matches.push_back(std::move(escalation));
    }
    return matches;
  }

  // --- Checks. ---

  void CheckInvariants(int step) {
    ++report_.invariant_checks;
    absl::StatusOr<std::vector<std::string>> violations = invariants_->Check();
    if (!violations.ok()) {
      report_.invariant_violations.push_back(
          {step, absl::StrCat("invariant check failed: ",
                              violations.status().ToString())});
      return;
    }
    for (std::string& violation : *violations) {
      report_.invariant_violations.push_back({step, std::move(violation)});
    }
  }

  void Record(int step, std::string what, bool met, std::string message) {
    report_.expectations.push_back(
        {step, std::move(what), met, std::move(message)});
  }

  template <typename T>
  void Compare(int step, const std::string& what, const T& expected,
               const T& actual) {
    const bool met = expected == actual;
    Record(step, what, met,
           absl::StrCat("expected ", expected, ", got ", actual));
  }

  void Evaluate(const ScenarioExpect& expect, int step) {
    for (const auto& identity : expect.identities()) {
      EvaluateIdentity(identity, step);
    }
    for (const auto& report : expect.reports()) EvaluateReport(report, step);
    for (const auto& count : expect.log_counts()) EvaluateLogCount(count, step);
    for (const auto& escalation : expect.escalations()) {
      EvaluateEscalations(escalation, step);
    }
    for (const auto& mail : expect.mail()) EvaluateMail(mail, step);
    for (const auto& tickets : expect.psa_tickets()) {
      EvaluatePsaTickets(tickets, step);
    }
  }

  // Records whether `count` is within `bounds`.
  void CheckCount(int step, const std::string& what, int64_t count,
                  const CountBounds& bounds) {
    std::vector<std::string> said;
    bool met = true;
    if (bounds.exactly.has_value()) {
      met &= count == *bounds.exactly;
      said.push_back(absl::StrCat("exactly ", *bounds.exactly));
    }
    if (bounds.at_least.has_value()) {
      met &= count >= *bounds.at_least;
      said.push_back(absl::StrCat("at least ", *bounds.at_least));
    }
    if (bounds.at_most.has_value()) {
      met &= count <= *bounds.at_most;
      said.push_back(absl::StrCat("at most ", *bounds.at_most));
    }
    if (said.empty()) {
      Record(step, what, false, "no bound given (exactly, at_least, at_most)");
      return;
    }
    Record(step, what, met,
           absl::StrCat("expected ", absl::StrJoin(said, " and "), ", got ",
                        count));
  }

  static std::string DescribeEscalation(const Escalation& escalation) {
    return absl::StrCat(cordon::v1::EscalationType_Name(escalation.type()), " ",
                        escalation.subject(), " (", escalation.name(), ")");
  }

  void EvaluateEscalations(const ScenarioEscalationExpectation& expect,
                           int step) {
    std::vector<std::string> selector;
    if (expect.type() != cordon::v1::ESCALATION_TYPE_UNSPECIFIED) {
      selector.push_back(cordon::v1::EscalationType_Name(expect.type()));
    }
    if (!expect.subject().empty()) selector.push_back(expect.subject());
    if (!expect.organization().empty()) {
      selector.push_back(absl::StrCat("of ", expect.organization()));
    }
    if (expect.status() != Escalation::STATUS_UNSPECIFIED) {
      selector.push_back(Escalation::Status_Name(expect.status()));
    }
    if (expect.resolution() != Escalation::RESOLUTION_UNSPECIFIED) {
      selector.push_back(Escalation::Resolution_Name(expect.resolution()));
    }
    const std::string prefix =
        absl::StrCat("escalations ", selector.empty() ? "(all)" : "",
                     absl::StrJoin(selector, " "));
    absl::StatusOr<std::string> organization =
        OrganizationNameOrEmpty("escalations", expect.organization());
    if (!organization.ok()) {
      Record(step, prefix, false, std::string(organization.status().message()));
      return;
    }
    absl::StatusOr<std::vector<Escalation>> matches =
        MatchingEscalations(expect.type(), expect.subject(), *organization,
                            expect.status(), expect.resolution());
    if (!matches.ok()) {
      Record(step, prefix, false, matches.status().ToString());
      return;
    }
    if (expect.has_count()) {
      std::vector<std::string> found;
      for (const Escalation& e : *matches)
        found.push_back(DescribeEscalation(e));
      Record(
          step, prefix + " count",
          expect.count() == static_cast<int>(matches->size()),
          absl::StrCat("expected ", expect.count(), ", got ", matches->size(),
                       ": [", absl::StrJoin(found, "; "), "]"));
    }
    const bool checks_each =
        expect.severity() != cordon::v1::SEVERITY_UNSPECIFIED ||
        expect.has_identities() ||
        expect.delivery_channel() !=
            EscalationNotification::CHANNEL_UNSPECIFIED ||
        expect.has_delivered_by_email() || expect.has_delivered_to_psa() ||
        !expect.rounds_delivered().empty() || expect.none_delivered() ||
        expect.has_answered();
    if (!checks_each) return;
    if (matches->empty()) {
      Record(step, prefix, false, "no escalation matches");
      return;
    }
    for (const Escalation& escalation : *matches) {
      const std::string what =
          absl::StrCat(prefix, ": ", DescribeEscalation(escalation));
      if (expect.severity() != cordon::v1::SEVERITY_UNSPECIFIED) {
        Compare(step, what + " severity",
                cordon::v1::Severity_Name(expect.severity()),
                cordon::v1::Severity_Name(escalation.severity()));
      }
      if (expect.has_identities()) {
        Compare(step, what + " identities", expect.identities(),
                escalation.identities_size());
      }
      if (expect.delivery_channel() !=
          EscalationNotification::CHANNEL_UNSPECIFIED) {
        Compare(step, what + " delivery_channel",
                EscalationNotification::Channel_Name(expect.delivery_channel()),
                EscalationNotification::Channel_Name(
                    escalation.delivery_channel()));
      }
      int by_email = 0;
      int to_psa = 0;
      std::set<int> rounds;
      for (const EscalationNotification& n : escalation.notifications()) {
        if (n.outcome() != EscalationNotification::DELIVERED) continue;
        by_email += n.channel() == EscalationNotification::EMAIL;
        to_psa += n.channel() == EscalationNotification::PSA;
        rounds.insert(n.round());
      }
      if (expect.has_delivered_by_email()) {
        Compare(step, what + " delivered_by_email", expect.delivered_by_email(),
                by_email);
      }
      if (expect.has_delivered_to_psa()) {
        Compare(step, what + " delivered_to_psa", expect.delivered_to_psa(),
                to_psa);
      }
      const std::vector<int> delivered(rounds.begin(), rounds.end());
      if (!expect.rounds_delivered().empty()) {
        Compare(step, what + " rounds_delivered",
                Rounds({expect.rounds_delivered().begin(),
                        expect.rounds_delivered().end()}),
                Rounds(delivered));
      }
      if (expect.none_delivered()) {
        Compare(step, what + " rounds_delivered", Rounds({}),
                Rounds(delivered));
      }
      if (expect.has_answered()) {
        Compare(step, what + " answered", OptionalBool(expect.answered()),
                OptionalBool(escalation.has_answer()));
      }
    }
  }

  void EvaluateMail(const ScenarioMailCount& expect, int step) {
    int64_t count = 0;
    for (const SimulatedEmail& mail : sim_->mailbox().messages()) {
      if (!expect.to().empty() &&
          !absl::EqualsIgnoreCase(mail.to, expect.to())) {
        continue;
      }
      if (!absl::StrContains(mail.subject, expect.subject_contains())) continue;
      ++count;
    }
    std::string what = "mail delivered";
    if (!expect.to().empty()) absl::StrAppend(&what, " to ", expect.to());
    if (!expect.subject_contains().empty()) {
      absl::StrAppend(&what, " with subject \"", expect.subject_contains(),
                      "\"");
    }
    CheckCount(step, what, count, BoundsOf(expect));
  }

  void EvaluatePsaTickets(const ScenarioPsaTicketCount& expect, int step) {
    int64_t count = 0;
    int64_t notes = 0;
    for (const SimulatedTicket& ticket : sim_->psa().tickets()) {
      if (!absl::StrContains(ticket.title, expect.title_contains())) continue;
      ++count;
      notes += static_cast<int64_t>(ticket.notes.size());
    }
    std::string what = "PSA tickets";
    if (!expect.title_contains().empty()) {
      absl::StrAppend(&what, " titled \"", expect.title_contains(), "\"");
    }
    if (expect.has_exactly() || expect.has_at_least() || expect.has_at_most() ||
        !expect.has_notes()) {
      CheckCount(step, what, count, BoundsOf(expect));
    }
    if (expect.has_notes()) {
      Compare(step, what + " notes", expect.notes(), notes);
    }
  }

  void EvaluateIdentity(const ScenarioIdentityExpectation& expect, int step) {
    const std::string prefix = absl::StrCat("identity ", expect.identity());
    absl::StatusOr<const IdentityInfo*> info = FindIdentity(expect.identity());
    if (!info.ok()) {
      Record(step, prefix, false, std::string(info.status().message()));
      return;
    }
    const std::string& tenant = (*info)->tenant_id;
    const std::string& upn = (*info)->upn;
    absl::StatusOr<core::IdentityName> name =
        core::ParseIdentityName((*info)->name);
    absl::StatusOr<Identity> identity =
        name.ok() ? sim_->engine().identities().Get(*name)
                  : absl::StatusOr<Identity>(name.status());
    if (!identity.ok()) {
      Record(step, prefix, false, identity.status().ToString());
      return;
    }
    const auto& isolation = identity->isolation();
    if (expect.isolation_state() != Identity::ISOLATION_STATE_UNSPECIFIED) {
      Compare(step, prefix + " isolation_state",
              Identity::IsolationState_Name(expect.isolation_state()),
              Identity::IsolationState_Name(identity->isolation_state()));
    }
    if (expect.has_holds()) {
      Compare(step, prefix + " holds", expect.holds(), isolation.holds_size());
    }
    if (!expect.last_failure_contains().empty()) {
      Record(
          step, prefix + " last_failure",
          absl::StrContains(isolation.last_failure(),
                            expect.last_failure_contains()),
          absl::StrCat("expected to contain \"", expect.last_failure_contains(),
                       "\", got \"", isolation.last_failure(), "\""));
    }
    if (expect.no_failure()) {
      Record(
          step, prefix + " no_failure", isolation.last_failure().empty(),
          absl::StrCat("last_failure is \"", isolation.last_failure(), "\""));
    }
    World& world = sim_->world();
    if (expect.has_cloud_enabled()) {
      Compare(step, prefix + " cloud_enabled (world)",
              OptionalBool(expect.cloud_enabled()),
              OptionalBool(world.IsCloudEnabled(tenant, upn)));
    }
    if (expect.has_on_prem_enabled()) {
      Compare(step, prefix + " on_prem_enabled (world)",
              OptionalBool(expect.on_prem_enabled()),
              OptionalBool(world.IsOnPremEnabled(tenant, upn)));
    }
    if (expect.has_sessions()) {
      absl::optional<int> sessions = world.SessionCount(tenant, upn);
      Compare(step, prefix + " sessions (world)",
              absl::StrCat(expect.sessions()),
              sessions.has_value() ? absl::StrCat(*sessions) : "no such user");
    }
    for (const auto& rule : expect.rules()) {
      absl::optional<core::InboxRule> live = world.Rule(tenant, upn, rule.id());
      const std::string what =
          absl::StrCat(prefix, " rule ", rule.id(), " enabled (world)");
      if (!live.has_value()) {
        Record(step, what, false, "no such rule in the mailbox");
      } else if (rule.has_enabled()) {
        Compare(step, what, OptionalBool(rule.enabled()),
                OptionalBool(live->is_enabled));
      }
    }
  }

  std::string IdentityAlias(const std::string& name) const {
    for (const auto& [alias, info] : identities_) {
      if (info.name == name) return alias;
    }
    return name;
  }

  std::string DescribeAction(const ResponseAction& action) const {
    return absl::StrCat(ResponseAction::Kind_Name(action.kind()), "/",
                        ResponseAction::Outcome_Name(action.outcome()), "(",
                        IdentityAlias(action.identity()), ": ", action.detail(),
                        ")");
  }

  void EvaluateReport(const ScenarioReportExpectation& expect, int step) {
    const std::string prefix = absl::StrCat("report ", expect.report());
    absl::StatusOr<core::IncidentReportName> name = FindReport(expect.report());
    absl::StatusOr<IncidentReport> report =
        name.ok() ? sim_->engine().incidents().Get(*name)
                  : absl::StatusOr<IncidentReport>(name.status());
    if (!report.ok()) {
      Record(step, prefix, false, std::string(report.status().message()));
      return;
    }
    if (expect.status() != IncidentReport::STATUS_UNSPECIFIED) {
      Compare(step, prefix + " status",
              IncidentReport::Status_Name(expect.status()),
              IncidentReport::Status_Name(report->status()));
    }
    if (expect.delivery_state() != ReportDelivery::STATE_UNSPECIFIED) {
      Record(
          step, prefix + " delivery_state",
          expect.delivery_state() == report->delivery().state(),
          absl::StrCat(
              "expected ", ReportDelivery::State_Name(expect.delivery_state()),
              ", got ", ReportDelivery::State_Name(report->delivery().state()),
              " (", report->delivery().detail(), ")"));
    }
    if (expect.delivery_channel() != ReportDelivery::CHANNEL_UNSPECIFIED) {
      Compare(step, prefix + " delivery_channel",
              ReportDelivery::Channel_Name(expect.delivery_channel()),
              ReportDelivery::Channel_Name(report->delivery().channel()));
    }
    for (const ScenarioActionExpectation& want : expect.actions()) {
      std::string identity_name;
      if (!want.identity().empty()) {
        absl::StatusOr<const IdentityInfo*> info =
            FindIdentity(want.identity());
        if (!info.ok()) {
          Record(step, prefix, false, std::string(info.status().message()));
          continue;
        }
        identity_name = (*info)->name;
      }
      int matches = 0;
      std::vector<std::string> actual;
      for (const ResponseAction& action : report->response_actions()) {
        actual.push_back(DescribeAction(action));
        if (want.kind() != ResponseAction::KIND_UNSPECIFIED &&
            action.kind() != want.kind()) {
          continue;
        }
        if (want.outcome() != ResponseAction::OUTCOME_UNSPECIFIED &&
            action.outcome() != want.outcome()) {
          continue;
        }
        if (!identity_name.empty() && action.identity() != identity_name) {
          continue;
        }
        if (!absl::StrContains(action.detail(), want.detail_contains())) {
          continue;
        }
        ++matches;
      }
      std::string what =
          absl::StrCat(prefix, want.absent() ? " has no " : " has ",
                       want.kind() == ResponseAction::KIND_UNSPECIFIED
                           ? "action"
                           : ResponseAction::Kind_Name(want.kind()));
      if (want.outcome() != ResponseAction::OUTCOME_UNSPECIFIED) {
        absl::StrAppend(&what, "/",
                        ResponseAction::Outcome_Name(want.outcome()));
      }
      if (!want.identity().empty())
        absl::StrAppend(&what, " for ", want.identity());
      if (!want.detail_contains().empty()) {
        absl::StrAppend(&what, " with \"", want.detail_contains(), "\"");
      }
      const bool met = want.absent() ? matches == 0 : matches > 0;
      Record(step, what, met,
             absl::StrCat(matches, " matching; actions: [",
                          absl::StrJoin(actual, "; "), "]"));
    }
  }

  void EvaluateLogCount(const ScenarioLogCount& expect, int step) {
    const std::vector<std::string> parts(expect.contains().begin(),
                                         expect.contains().end());
    const int64_t count =
        static_cast<int64_t>(sim_->log().CountIf([&](absl::string_view line) {
          for (const std::string& part : parts) {
            if (!absl::StrContains(line, part)) return false;
          }
          return true;
        }));
    const std::string what = absl::StrCat(
        "log lines with \"", absl::StrJoin(parts, "\" + \""), "\"");
    CheckCount(step, what, count, BoundsOf(expect));
  }

  const Scenario& scenario_;
  const uint64_t seed_;
  ScenarioReport report_;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<InvariantChecker> invariants_;
  absl::Time start_;
  std::map<std::string, std::string> tenants_;  // alias -> tenant id
  std::map<std::string, OrganizationInfo> organizations_;
  std::map<std::string, IdentityInfo> identities_;
  std::map<std::string, std::string> reports_;  // alias -> name
  uint64_t account_ = 0;                        // the scenario's one account
};

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

void AppendJsonString(absl::string_view value, std::string* out) {
  out->push_back('"');
  for (const char c : value) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out->append("\\u00");
          out->push_back(kHex[(c >> 4) & 0xf]);
          out->push_back(kHex[c & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::string JsonString(absl::string_view value) {
  std::string out;
  AppendJsonString(value, &out);
  return out;
}

std::string JsonStrings(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const std::string& value : values) quoted.push_back(JsonString(value));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

const char* JsonBool(bool value) { return value ? "true" : "false"; }

}  // namespace

int ScenarioReport::expectations_failed() const {
  int failed = 0;
  for (const ExpectationResult& result : expectations) failed += !result.met;
  return failed;
}

bool ScenarioReport::ok() const {
  if (!setup_error.empty() || !invariant_violations.empty()) return false;
  for (const StepResult& step : steps) {
    if (!step.ok) return false;
  }
  return expectations_failed() == 0;
}

absl::StatusOr<Scenario> ParseScenario(absl::string_view text) {
  Scenario scenario;
  ParseErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &scenario)) {
    return absl::InvalidArgumentError(
        absl::StrCat("scenario does not parse: ", errors.Text()));
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

ScenarioReport RunScenario(const Scenario& scenario, uint64_t seed) {
  return Runner(scenario, seed).Run();
}

std::string ReportToJson(const ScenarioReport& report, bool with_log) {
  std::vector<std::string> steps;
  for (const StepResult& step : report.steps) {
    steps.push_back(absl::StrCat(
        "{\"index\":", step.index, ",\"step\":", JsonString(step.description),
        ",\"time\":", JsonString(step.time), ",\"ok\":", JsonBool(step.ok),
        ",\"message\":", JsonString(step.message), "}"));
  }
  std::vector<std::string> expectations;
  for (const ExpectationResult& result : report.expectations) {
    expectations.push_back(absl::StrCat(
        "{\"step\":", result.step, ",\"what\":", JsonString(result.what),
        ",\"met\":", JsonBool(result.met),
        ",\"message\":", JsonString(result.message), "}"));
  }
  std::vector<std::string> violations;
  for (const InvariantViolation& violation : report.invariant_violations) {
    violations.push_back(
        absl::StrCat("{\"step\":", violation.step,
                     ",\"message\":", JsonString(violation.message), "}"));
  }
  const int failed = report.expectations_failed();
  std::string json = absl::StrCat(
      "{\"scenario\":", JsonString(report.scenario), ",\"seed\":", report.seed,
      ",\"ok\":", JsonBool(report.ok()),
      ",\"setup_error\":", JsonString(report.setup_error), ",\"steps\":[",
      absl::StrJoin(steps, ","), "],\"expectations\":{\"met\":",
      static_cast<int>(report.expectations.size()) - failed,
      ",\"failed\":", failed, ",\"results\":[",
      absl::StrJoin(expectations, ","),
      "]},\"invariants\":{\"checks\":", report.invariant_checks,
      ",\"violations\":[", absl::StrJoin(violations, ","),
      "]},\"buggify_sites\":", JsonStrings(report.buggify_sites),
      ",\"event_log_hash\":", JsonString(report.event_log_hash),
      ",\"event_log_lines\":", report.event_log.size());
  if (with_log) {
    absl::StrAppend(&json, ",\"event_log\":", JsonStrings(report.event_log));
  }
  absl::StrAppend(&json, "}\n");
  return json;
}

std::string ReportToText(const ScenarioReport& report) {
  std::string text =
      absl::StrCat("scenario ", report.scenario, " seed ", report.seed, ": ",
                   report.ok() ? "PASS" : "FAIL", "\n");
  if (!report.setup_error.empty()) {
    absl::StrAppend(&text, "  set-up failed: ", report.setup_error, "\n");
  }
  size_t next_expectation = 0;
  for (const StepResult& step : report.steps) {
    absl::StrAppend(&text, "  step ", step.index, " @", step.time, " ",
                    step.ok ? "ok    " : "FAILED", " ", step.description, "\n");
    if (!step.ok) absl::StrAppend(&text, "      ", step.message, "\n");
    for (; next_expectation < report.expectations.size() &&
           report.expectations[next_expectation].step == step.index;
         ++next_expectation) {
      const ExpectationResult& result = report.expectations[next_expectation];
      absl::StrAppend(&text, "      ", result.met ? "met    " : "NOT MET", " ",
                      result.what);
      if (!result.met) absl::StrAppend(&text, ": ", result.message);
      absl::StrAppend(&text, "\n");
    }
  }
  const int failed = report.expectations_failed();
  absl::StrAppend(&text, "  expectations: ",
                  static_cast<int>(report.expectations.size()) - failed,
                  " met, ", failed, " failed\n");
  absl::StrAppend(&text, "  invariants: ", report.invariant_checks, " checks, ",
                  report.invariant_violations.size(), " violations\n");
  for (const InvariantViolation& violation : report.invariant_violations) {
    absl::StrAppend(&text, "    after step ", violation.step, ": ",
                    violation.message, "\n");
  }
  if (!report.buggify_sites.empty()) {
    absl::StrAppend(&text, "  buggify sites: ",
                    absl::StrJoin(report.buggify_sites, ", "), "\n");
  }
  absl::StrAppend(&text, "  event log: ", report.event_log.size(),
                  " lines, hash ", report.event_log_hash, "\n");
  return text;
}

}  // namespace cordon::sim
