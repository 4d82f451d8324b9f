#include "simulator/scenario_state.h"

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::sim {

absl::StatusOr<std::string> ScenarioState::TenantId(
    absl::string_view field, const std::string& alias) const {
  return TenantIdOf(tenants, field, alias);
}

absl::StatusOr<const IdentityAlias*> ScenarioState::FindIdentity(
    const std::string& alias) const {
  auto it = identities.find(alias);
  if (it == identities.end()) {
    return ScenarioError(
        absl::StrCat("no identity with alias \"", alias, "\""));
  }
  return &it->second;
}

absl::StatusOr<core::IdentityName> ScenarioState::FindIdentityName(
    const std::string& alias) const {
  CORDON_ASSIGN_OR_RETURN(const IdentityAlias* identity, FindIdentity(alias));
  return core::ParseIdentityName(identity->name);
}

absl::StatusOr<core::OrganizationName> ScenarioState::FindOrganization(
    absl::string_view field, const std::string& alias) const {
  auto it = organizations.find(alias);
  if (it == organizations.end()) {
    return ScenarioError(
        absl::StrCat(field, ": no organization with alias \"", alias, "\""));
  }
  return core::ParseOrganizationName(it->second.name);
}

absl::StatusOr<std::string> ScenarioState::OrganizationNameOrEmpty(
    absl::string_view field, const std::string& alias) const {
  if (alias.empty()) return std::string();
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName name,
                          FindOrganization(field, alias));
  return name.ToString();
}

absl::StatusOr<core::IncidentReportName> ScenarioState::FindReport(
    const std::string& alias) const {
  auto it = reports.find(alias);
  if (it == reports.end()) {
    return ScenarioError(
        absl::StrCat("no report with alias \"", alias, "\" has been sent"));
  }
  return core::ParseIncidentReportName(it->second);
}

std::string ScenarioState::IdentityAliasOf(const std::string& name) const {
  for (const auto& [alias, identity] : identities) {
    if (identity.name == name) return alias;
  }
  return name;
}

}  // namespace cordon::sim
