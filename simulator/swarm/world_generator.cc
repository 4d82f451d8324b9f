#include "simulator/swarm/world_generator.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cordon::sim::swarm {
namespace {

using cordon::sim::v1::ScenarioInboxRule;
using cordon::sim::v1::ScenarioTenant;
using cordon::sim::v1::ScenarioUser;

// "" = no agent; 0.14.3 is older than 0.14.22 (ISO-9 compares numerically).
const std::vector<std::string>& AgentVersions() {
  static const auto* versions =
      new std::vector<std::string>{"", "0.14.22", "0.14.3", "0.15.1"};
  return *versions;
}

const std::vector<std::string>& Locations() {
  static const auto* locations = new std::vector<std::string>{"US", "NL", "DE"};
  return *locations;
}

// A mix of rules ISO-3 finds suspicious and rules it leaves alone.
void AddInboxRule(int index, const std::string& domain, History& history,
                  ScenarioUser& user) {
  ScenarioInboxRule& rule = *user.add_inbox_rules();
  rule.set_id(
      absl::StrCat(user.upn().substr(0, user.upn().find('@')), "-r", index));
  switch (history.Pick(4)) {
    case 0:
      rule.add_forward_to("drop@evil.example");
      break;
    case 1:
      rule.add_forward_to(absl::StrCat("boss@", domain));
      break;
    case 2:
      rule.set_mark_as_read(true);
      rule.set_move_to_folder(ScenarioInboxRule::DELETED_ITEMS);
      break;
    default:
      rule.set_move_to_folder(ScenarioInboxRule::ARCHIVE);
      break;
  }
  rule.set_read_only(history.Chance(0.1));
  rule.set_starts_disabled(history.Chance(0.1));
  history.rule_ids.push_back(rule.id());
}

void AddUsers(const WorldLimits& limits, int tenant_index, History& history,
              ScenarioTenant& tenant) {
  const std::string domain = tenant.verified_domains(0);
  const int users = history.Between(1, limits.max_users_per_tenant);
  const double synced_share = history.Chance(0.5) ? 0.6 : 0.0;
  for (int u = 1; u <= users; ++u) {
    ScenarioUser& user = *tenant.add_users();
    user.set_upn(absl::StrCat("u", tenant_index, "-", u, "@", domain));
    user.set_synced(history.Chance(synced_share));
    user.set_usage_location(history.PickOf(Locations()));
    user.set_sessions(history.Between(0, 3));
    const int rules = history.Between(0, 2);
    for (int r = 1; r <= rules; ++r) AddInboxRule(r, domain, history, user);
  }
}

// Cordon's record of one tenant: the organization, usually told the
// installed agent version, sometimes not (the two can disagree).
void AddOrganization(const ScenarioTenant& tenant, History& history) {
  auto& cordon = *history.scenario().mutable_cordon();
  auto& org = *cordon.add_organizations();
  org.set_alias(tenant.alias());
  org.set_tenant(tenant.alias());
  org.set_excluded_from_isolation(history.Chance(0.1));
  bool synced = false;
  for (const ScenarioUser& user : tenant.users()) synced |= user.synced();
  org.set_hybrid(synced);
  // Told a recent agent where none is installed, Cordon's on-prem disable
  // waits for it forever, visibly (ISO-15): not a history that converges.
  const bool agent_installed = !tenant.agent_version().empty();
  if (history.Chance(0.85)) {
    org.set_agent_version(tenant.agent_version());
  } else {
    org.set_agent_version(agent_installed ? history.PickOf(AgentVersions())
                                          : std::string("0.14.3"));
  }
  GeneratedOrganization generated;
  generated.alias = org.alias();
  generated.has_agent = agent_installed;
  for (const ScenarioUser& user : tenant.users()) {
    if (history.Chance(0.1)) continue;  // a user Cordon does not know
    auto& identity = *cordon.add_identities();
    identity.set_alias(user.upn().substr(0, user.upn().find('@')));
    identity.set_organization(org.alias());
    identity.set_upn(user.upn());
    identity.set_excluded_from_isolation(history.Chance(0.1));
    generated.identities.push_back(identity.alias());
    history.identities.push_back(identity.alias());
  }
  if (!generated.identities.empty()) {
    history.organizations.push_back(std::move(generated));
  }
}

// The account: an admin always (ESC-6), sometimes a reader, sometimes a
// PSA (ESC-3), rarely the ISO-1 toggle off.
void AddAccount(History& history) {
  auto& cordon = *history.scenario().mutable_cordon();
  cordon.add_users()->set_email("ada@msp.example");
  if (history.Chance(0.3)) {
    auto& reader = *cordon.add_users();
    reader.set_email("linus@msp.example");
    reader.set_role(cordon::v1::ACCOUNT_USER);
  }
  if (history.Chance(0.5)) {
    cordon.mutable_psa()->set_kind(cordon::v1::PsaIntegration::CONNECTWISE);
  }
  if (history.Chance(0.05)) cordon.set_identity_isolation_enabled(false);
}

}  // namespace

void GenerateWorld(const WorldLimits& limits, History& history) {
  auto& scenario = history.scenario();
  scenario.set_sync_interval("30m");
  const int tenants = history.Between(1, limits.max_tenants);
  for (int t = 1; t <= tenants; ++t) {
    ScenarioTenant& tenant = *scenario.mutable_world()->add_tenants();
    tenant.set_alias(absl::StrCat("t", t));
    tenant.set_tenant_id(absl::StrFormat("5a4b0000-0000-4000-8000-%012d", t));
    tenant.add_verified_domains(absl::StrCat("t", t, ".example"));
    tenant.set_agent_version(history.PickOf(AgentVersions()));
    AddUsers(limits, t, history, tenant);
    AddOrganization(tenant, history);
  }
  AddAccount(history);
}

}  // namespace cordon::sim::swarm
