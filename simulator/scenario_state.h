#ifndef CORDON_SIMULATOR_SCENARIO_STATE_H_
#define CORDON_SIMULATOR_SCENARIO_STATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/resource_name.h"
#include "simulator/scenario_parse.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// What an organization alias stands for.
struct OrganizationAlias {
  std::string name;       // Cordon's resource name
  std::string tenant_id;  // "" = no M365 binding
};

// What an identity alias stands for, in Cordon and in the world.
struct IdentityAlias {
  std::string name;          // Cordon's resource name
  std::string organization;  // the organization's alias
  std::string tenant_id;
  std::string upn;
};

// A running scenario's world: the Simulation the set-up built, and the
// resource names its aliases stand for. Scenarios name things by alias only
// (docs/simulator.md), so every step and expectation resolves them here.
struct ScenarioState {
  // The scenario's alias was never defined: a scenario error naming it.
  absl::StatusOr<std::string> TenantId(absl::string_view field,
                                       const std::string& alias) const;
  absl::StatusOr<const IdentityAlias*> FindIdentity(
      const std::string& alias) const;
  absl::StatusOr<core::IdentityName> FindIdentityName(
      const std::string& alias) const;
  absl::StatusOr<core::OrganizationName> FindOrganization(
      absl::string_view field, const std::string& alias) const;
  // The organization's resource name; "" for an empty alias (any
  // organization).
  absl::StatusOr<std::string> OrganizationNameOrEmpty(
      absl::string_view field, const std::string& alias) const;
  // Only reports sent with an alias can be found.
  absl::StatusOr<core::IncidentReportName> FindReport(
      const std::string& alias) const;
  // The alias of the identity Cordon names `name`; `name` itself when the
  // scenario gave it none.
  std::string IdentityAliasOf(const std::string& name) const;

  std::unique_ptr<Simulation> sim;  // null until the set-up makes it
  absl::Time start;                 // when the run began, for "at"
  uint64_t account = 0;             // the scenario's one account
  TenantAliases tenants;
  std::map<std::string, OrganizationAlias> organizations;
  std::map<std::string, IdentityAlias> identities;
  std::map<std::string, std::string> reports;  // alias -> resource name
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_STATE_H_
