#include "simulator/scenario_setup.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/organization.pb.h"
#include "cordon/v1/user.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "simulator/sample_psa.h"
#include "simulator/scenario_parse.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioAccountUser;
using cordon::sim::v1::ScenarioCordon;
using cordon::sim::v1::ScenarioIdentity;
using cordon::sim::v1::ScenarioOrganization;
using cordon::sim::v1::ScenarioPsa;
using cordon::v1::Identity;
using cordon::v1::PsaIntegration;

// The Simulation with the scenario's seed, faults and sync interval, on
// the store `open_store` opens when given.
absl::Status StartSimulation(const Scenario& scenario, uint64_t seed,
                             const StoreOpener& open_store,
                             ScenarioState& state) {
  SimulationOptions options;
  options.seed = seed;
  options.open_store = open_store;
  CORDON_ASSIGN_OR_RETURN(options.faults,
                          ToFaultPlanConfig(scenario.faults(), state.tenants));
  if (absl::Status s = FaultPlan::Validate(options.faults); !s.ok()) {
    return ScenarioError(absl::StrCat("faults: ", s.message()));
  }
  CORDON_ASSIGN_OR_RETURN(
      options.sync_interval,
      ParseDurationText("sync_interval", scenario.sync_interval(),
                        absl::Minutes(30)));
  if (options.sync_interval <= absl::ZeroDuration()) {
    return ScenarioError("sync_interval must be positive");
  }
  state.sim = std::make_unique<Simulation>(std::move(options));
  state.start = state.sim->clock().Now();
  if (scenario.faults().start_quiet()) state.sim->faults().SetQuiet(true);
  return absl::OkStatus();
}

// The scenario's one account; isolation is on unless the scenario says.
absl::Status CreateAccount(const ScenarioCordon& cordon, ScenarioState& state) {
  cordon::v1::Account account;
  account.set_display_name("Simulated MSP");
  account.mutable_settings()->set_identity_isolation_enabled(
      !cordon.has_identity_isolation_enabled() ||
      cordon.identity_isolation_enabled());
  CORDON_ASSIGN_OR_RETURN(cordon::store::SavedAccount created,
                          state.sim->engine().accounts().Create(
                              Simulation::Operator(), account, {}));
  CORDON_ASSIGN_OR_RETURN(core::AccountName account_name,
                          core::ParseAccountName(created.account().name()));
  state.account = account_name.account;
  return absl::OkStatus();
}

absl::Status CreateAccountUser(const ScenarioAccountUser& in,
                               ScenarioState& state) {
  cordon::v1::User user;
  user.set_email(in.email());
  user.set_display_name(in.display_name().empty() ? in.email()
                                                  : in.display_name());
  user.set_role(in.role() == cordon::v1::ROLE_UNSPECIFIED
                    ? cordon::v1::ACCOUNT_ADMIN
                    : in.role());
  absl::StatusOr<cordon::v1::User> made = state.sim->engine().users().Create(
      Simulation::Operator(), state.account, user, {});
  if (!made.ok()) {
    return ScenarioError(absl::StrCat("cordon.users ", in.email(), ": ",
                                      made.status().message()));
  }
  return absl::OkStatus();
}

absl::Status CreateOrganization(const ScenarioOrganization& in,
                                ScenarioState& state) {
  if (in.alias().empty() || state.organizations.count(in.alias())) {
    return ScenarioError(
        absl::StrCat("cordon.organizations: missing or repeated alias \"",
                     in.alias(), "\""));
  }
  cordon::v1::Organization organization;
  organization.set_display_name(in.display_name().empty() ? in.alias()
                                                          : in.display_name());
  std::string tenant_id;
  if (!in.tenant().empty()) {
    CORDON_ASSIGN_OR_RETURN(
        tenant_id,
        state.TenantId(absl::StrCat("organization ", in.alias()), in.tenant()));
    organization.set_m365_tenant_id(tenant_id);
  }
  organization.set_excluded_from_isolation(in.excluded_from_isolation());
  if (in.hybrid()) {
    organization.mutable_on_prem_ad_server()->set_agent_version(
        in.agent_version());
  }
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization made,
      state.sim->engine().organizations().Create(
          Simulation::Operator(), state.account, organization, {}));
  state.organizations[in.alias()] = {made.name(), tenant_id};
  return absl::OkStatus();
}

// The world user's usage location, so Cordon and the tenant agree.
std::string UsageLocation(const Scenario& scenario,
                          const std::string& tenant_id,
                          const ScenarioIdentity& identity) {
  for (const auto& tenant : scenario.world().tenants()) {
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

// FROM_WORLD: hybrid when the world's user is synced from on-prem.
Identity::Source IdentitySource(const ScenarioIdentity& in,
                                const std::string& tenant_id,
                                const World& world) {
  if (in.source() == ScenarioIdentity::HYBRID_SYNCED ||
      (in.source() == ScenarioIdentity::FROM_WORLD &&
       world.IsSynced(tenant_id, in.upn()) == true)) {
    return Identity::HYBRID_SYNCED;
  }
  return Identity::CLOUD_ONLY;
}

absl::Status CreateIdentity(const Scenario& scenario,
                            const ScenarioIdentity& in, ScenarioState& state) {
  if (in.alias().empty() || state.identities.count(in.alias())) {
    return ScenarioError(absl::StrCat(
        "cordon.identities: missing or repeated alias \"", in.alias(), "\""));
  }
  auto org = state.organizations.find(in.organization());
  if (org == state.organizations.end()) {
    return ScenarioError(absl::StrCat("identity ", in.alias(),
                                      ": no organization with alias \"",
                                      in.organization(), "\""));
  }
  const std::string& tenant_id = org->second.tenant_id;
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName parent,
                          core::ParseOrganizationName(org->second.name));
  Identity identity;
  identity.set_upn(in.upn());
  identity.set_source(IdentitySource(in, tenant_id, state.sim->world()));
  identity.set_usage_location(UsageLocation(scenario, tenant_id, in));
  identity.set_excluded_from_isolation(in.excluded_from_isolation());
  CORDON_ASSIGN_OR_RETURN(Identity made,
                          state.sim->engine().identities().Create(
                              Simulation::Operator(), parent, identity, {}));
  state.identities[in.alias()] = {made.name(), in.organization(), tenant_id,
                                  in.upn()};
  return absl::OkStatus();
}

absl::Status SetUpCordon(const Scenario& scenario, ScenarioState& state) {
  const ScenarioCordon& cordon = scenario.cordon();
  CORDON_RETURN_IF_ERROR(CreateAccount(cordon, state));
  for (const ScenarioAccountUser& user : cordon.users()) {
    CORDON_RETURN_IF_ERROR(CreateAccountUser(user, state));
  }
  if (cordon.has_psa()) {
    if (absl::Status s = ConnectPsa(cordon.psa(), state); !s.ok()) {
      return ScenarioError(absl::StrCat("cordon.psa: ", s.message()));
    }
  }
  for (const ScenarioOrganization& organization : cordon.organizations()) {
    CORDON_RETURN_IF_ERROR(CreateOrganization(organization, state));
  }
  for (const ScenarioIdentity& identity : cordon.identities()) {
    CORDON_RETURN_IF_ERROR(CreateIdentity(scenario, identity, state));
  }
  return absl::OkStatus();
}

absl::Status AddWorldUser(const std::string& tenant_id,
                          const cordon::sim::v1::ScenarioUser& user,
                          World& world) {
  UserSpec spec;
  spec.upn = user.upn();
  spec.on_premises_sync_enabled = user.synced();
  if (!user.usage_location().empty()) {
    spec.usage_location = user.usage_location();
  }
  CORDON_RETURN_IF_ERROR(world.AddUser(tenant_id, spec));
  for (int i = 0; i < user.sessions(); ++i) {
    CORDON_RETURN_IF_ERROR(world.SignIn(tenant_id, user.upn()));
  }
  for (const auto& rule : user.inbox_rules()) {
    CORDON_RETURN_IF_ERROR(
        world.AddInboxRule(tenant_id, user.upn(), ToInboxRule(rule)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SetUpWorld(const cordon::sim::v1::ScenarioWorld& scenario_world,
                        World& world) {
  for (const auto& tenant : scenario_world.tenants()) {
    CORDON_RETURN_IF_ERROR(world.AddTenant(
        {tenant.tenant_id(),
         {tenant.verified_domains().begin(), tenant.verified_domains().end()},
         tenant.agent_version()}));
    for (const auto& user : tenant.users()) {
      CORDON_RETURN_IF_ERROR(AddWorldUser(tenant.tenant_id(), user, world));
    }
  }
  return absl::OkStatus();
}

absl::Status SetUpScenario(const Scenario& scenario, uint64_t seed,
                           ScenarioState& state,
                           const StoreOpener& open_store) {
  // Tenant aliases first: fault settings name tenants, and the faults must
  // exist before the Simulation does.
  CORDON_ASSIGN_OR_RETURN(state.tenants, ParseTenantAliases(scenario.world()));
  CORDON_RETURN_IF_ERROR(StartSimulation(scenario, seed, open_store, state));
  CORDON_RETURN_IF_ERROR(SetUpWorld(scenario.world(), state.sim->world()));
  return SetUpCordon(scenario, state);
}

absl::Status ConnectPsa(const ScenarioPsa& in, ScenarioState& state) {
  cordon::v1::Account patch;
  patch.set_name(core::AccountName{state.account}.ToString());
  PsaIntegration* psa = patch.mutable_settings()->mutable_psa_integration();
  const PsaIntegration::Kind kind =
      in.kind() == PsaIntegration::KIND_UNSPECIFIED
          ? PsaIntegration::CONNECTWISE
          : in.kind();
  psa->set_kind(kind);
  if (kind != PsaIntegration::NONE) {
    *psa = SamplePsaIntegration(kind,
                                in.board().empty() ? "Security" : in.board());
  }
  google::protobuf::FieldMask mask;
  mask.add_paths("settings.psa_integration");
  return state.sim->engine()
      .accounts()
      .Update(Simulation::Operator(), patch, mask)
      .status();
}

}  // namespace cordon::sim
