#include "simulator/cordon_setup.h"

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::sim {
namespace {

engine::IdempotentCall NoRetry() { return engine::IdempotentCall{}; }

}  // namespace

absl::StatusOr<std::string> AddAccount(Simulation& sim,
                                       bool isolation_enabled) {
  cordon::v1::Account account;
  account.set_display_name("Simulated MSP");
  account.mutable_settings()->set_identity_isolation_enabled(isolation_enabled);
  CORDON_ASSIGN_OR_RETURN(cordon::store::SavedAccount created,
                          sim.engine().accounts().Create(Simulation::Operator(),
                                                         account, NoRetry()));
  return created.account().name();
}

absl::StatusOr<std::string> AddOrganization(Simulation& sim,
                                            const std::string& account,
                                            const OrganizationSetup& setup) {
  CORDON_ASSIGN_OR_RETURN(core::AccountName parent,
                          core::ParseAccountName(account));
  CORDON_RETURN_IF_ERROR(
      sim.world().AddTenant({setup.tenant_id, setup.domains,
                             setup.agent_version, setup.delta_page_size}));
  cordon::v1::Organization organization;
  organization.set_display_name(setup.display_name);
  organization.set_m365_tenant_id(setup.tenant_id);
  organization.set_excluded_from_isolation(setup.excluded_from_isolation);
  if (setup.hybrid) {
    organization.mutable_on_prem_ad_server()->set_agent_version(
        setup.agent_version);
  }
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization created,
      sim.engine().organizations().Create(
          Simulation::Operator(), parent.account, organization, NoRetry()));
  return created.name();
}

absl::StatusOr<std::string> AddIdentity(Simulation& sim,
                                        const std::string& organization,
                                        const IdentitySetup& setup) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName parent,
                          core::ParseOrganizationName(organization));
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      sim.engine().organizations().Get(parent.account, parent.organization));
  UserSpec user;
  user.upn = setup.upn;
  user.on_premises_sync_enabled = setup.hybrid;
  user.usage_location = setup.usage_location;
  CORDON_RETURN_IF_ERROR(sim.world().AddUser(org.m365_tenant_id(), user));
  cordon::v1::Identity identity;
  identity.set_upn(setup.upn);
  identity.set_source(setup.hybrid ? cordon::v1::Identity::HYBRID_SYNCED
                                   : cordon::v1::Identity::CLOUD_ONLY);
  identity.set_usage_location(setup.usage_location);
  identity.set_excluded_from_isolation(setup.excluded_from_isolation);
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Identity created,
      sim.engine().identities().Create(Simulation::Operator(), parent, identity,
                                       NoRetry()));
  return created.name();
}

absl::StatusOr<std::string> SendIsolatingReport(
    Simulation& sim, const std::string& organization,
    const std::vector<std::string>& identities,
    const std::vector<std::string>& malicious_rule_ids) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName parent,
                          core::ParseOrganizationName(organization));
  cordon::v1::IncidentReport report;
  report.set_title("Sign-in from a known-bad IP and a forwarding rule");
  report.set_severity(cordon::v1::CRITICAL);
  report.set_isolation_worthy(true);
  for (const std::string& identity : identities) {
    report.add_identities(identity);
  }
  for (const std::string& rule : malicious_rule_ids) {
    report.add_malicious_inbox_rule_ids(rule);
  }
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::IncidentReport draft,
      sim.engine().incidents().Create(Simulation::Operator(), parent, report,
                                      NoRetry()));
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(draft.name()));
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::IncidentReport sent,
      sim.engine().incidents().Send(Simulation::Operator(), name, ""));
  return sent.name();
}

absl::StatusOr<cordon::v1::Identity> GetIdentity(Simulation& sim,
                                                 const std::string& identity) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                          core::ParseIdentityName(identity));
  return sim.engine().identities().Get(name);
}

}  // namespace cordon::sim
