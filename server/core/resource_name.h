#ifndef CORDON_SERVER_CORE_RESOURCE_NAME_H_
#define CORDON_SERVER_CORE_RESOURCE_NAME_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// Parsed resource names (AIP-122). Ids are positive decimal integers that the
// server assigns; 0 never names a resource.
struct AccountName {
  uint64_t account = 0;
  std::string ToString() const;
};
struct OrganizationName {
  uint64_t account = 0;
  uint64_t organization = 0;
  AccountName parent() const { return {account}; }
  std::string ToString() const;
};
struct IdentityName {
  uint64_t account = 0;
  uint64_t organization = 0;
  uint64_t identity = 0;
  OrganizationName parent() const { return {account, organization}; }
  std::string ToString() const;
};
struct IncidentReportName {
  uint64_t account = 0;
  uint64_t organization = 0;
  uint64_t report = 0;
  OrganizationName parent() const { return {account, organization}; }
  std::string ToString() const;
};
struct UserName {
  uint64_t account = 0;
  uint64_t user = 0;
  std::string ToString() const;
};
struct ApiKeyName {
  uint64_t api_key = 0;
  std::string ToString() const;
};
// ISO-15: the key of an organization's on-prem agent.
struct AgentKeyName {
  uint64_t account = 0;
  uint64_t organization = 0;
  uint64_t agent_key = 0;
  OrganizationName parent() const { return {account, organization}; }
  std::string ToString() const;
};
// socAlerts/{a}: provider-wide, like API keys.
struct SocAlertName {
  uint64_t alert = 0;
  std::string ToString() const;
};
// ESC-4: a rule lives at account, organization or identity scope; the parent
// in its name is the scope.
struct AccessRuleName {
  uint64_t account = 0;
  uint64_t organization = 0;  // 0: account scope
  uint64_t identity = 0;      // 0 unless identity scope
  uint64_t rule = 0;
  std::string ToString() const;
};

// Each fails with INVALID_ARGUMENT (saying which form was expected) when
// `name` is not of its form.
absl::StatusOr<AccountName> ParseAccountName(absl::string_view name);
absl::StatusOr<OrganizationName> ParseOrganizationName(absl::string_view name);
absl::StatusOr<IdentityName> ParseIdentityName(absl::string_view name);
absl::StatusOr<IncidentReportName> ParseIncidentReportName(
    absl::string_view name);
absl::StatusOr<UserName> ParseUserName(absl::string_view name);
absl::StatusOr<ApiKeyName> ParseApiKeyName(absl::string_view name);
absl::StatusOr<SocAlertName> ParseSocAlertName(absl::string_view name);
absl::StatusOr<AgentKeyName> ParseAgentKeyName(absl::string_view name);
// Any of accounts/{a}/accessRules/{r},
// accounts/{a}/organizations/{o}/accessRules/{r} and
// accounts/{a}/organizations/{o}/identities/{i}/accessRules/{r}.
absl::StatusOr<AccessRuleName> ParseAccessRuleName(absl::string_view name);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_RESOURCE_NAME_H_
