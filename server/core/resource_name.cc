#include "server/core/resource_name.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace cordon::core {
namespace {

// Splits `name` against a pattern of collection ids ("accounts",
// "organizations", ...) and returns the ids in order.
absl::StatusOr<std::vector<uint64_t>> ParseIds(
    absl::string_view name, std::initializer_list<absl::string_view> pattern) {
  std::string expected;
  for (absl::string_view collection : pattern) {
    absl::StrAppend(&expected, expected.empty() ? "" : "/", collection,
                    "/{id}");
  }
  auto bad = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", name.substr(0, 200),
                     "\" is not a resource name of the form ", expected));
  };
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != pattern.size() * 2) return bad();
  std::vector<uint64_t> ids;
  size_t i = 0;
  for (absl::string_view collection : pattern) {
    uint64_t id = 0;
    absl::string_view digits = parts[i + 1];
    bool all_digits =
        !digits.empty() && digits.size() <= 19 &&
        digits.find_first_not_of("0123456789") == absl::string_view::npos;
    if (parts[i] != collection || !all_digits ||
        !absl::SimpleAtoi(digits, &id) || id == 0) {
      return bad();
    }
    ids.push_back(id);
    i += 2;
  }
  return ids;
}

}  // namespace

std::string AccountName::ToString() const {
  return absl::StrCat("accounts/", account);
}
std::string OrganizationName::ToString() const {
  return absl::StrCat("accounts/", account, "/organizations/", organization);
}
std::string IdentityName::ToString() const {
  return absl::StrCat("accounts/", account, "/organizations/", organization,
                      "/identities/", identity);
}
std::string IncidentReportName::ToString() const {
  return absl::StrCat("accounts/", account, "/organizations/", organization,
                      "/incidentReports/", report);
}
std::string UserName::ToString() const {
  return absl::StrCat("accounts/", account, "/users/", user);
}
std::string ApiKeyName::ToString() const {
  return absl::StrCat("apiKeys/", api_key);
}
std::string AgentKeyName::ToString() const {
  return absl::StrCat("accounts/", account, "/organizations/", organization,
                      "/agentKeys/", agent_key);
}
std::string SocAlertName::ToString() const {
  return absl::StrCat("socAlerts/", alert);
}
std::string AccessRuleName::ToString() const {
  if (organization == 0) {
    return absl::StrCat("accounts/", account, "/accessRules/", rule);
  }
  if (identity == 0) {
    return absl::StrCat("accounts/", account, "/organizations/", organization,
                        "/accessRules/", rule);
  }
  return absl::StrCat("accounts/", account, "/organizations/", organization,
                      "/identities/", identity, "/accessRules/", rule);
}

absl::StatusOr<AccountName> ParseAccountName(absl::string_view name) {
  auto ids = ParseIds(name, {"accounts"});
  if (!ids.ok()) return ids.status();
  return AccountName{(*ids)[0]};
}

absl::StatusOr<OrganizationName> ParseOrganizationName(absl::string_view name) {
  auto ids = ParseIds(name, {"accounts", "organizations"});
  if (!ids.ok()) return ids.status();
  return OrganizationName{(*ids)[0], (*ids)[1]};
}

absl::StatusOr<IdentityName> ParseIdentityName(absl::string_view name) {
  auto ids = ParseIds(name, {"accounts", "organizations", "identities"});
  if (!ids.ok()) return ids.status();
  return IdentityName{(*ids)[0], (*ids)[1], (*ids)[2]};
}

absl::StatusOr<IncidentReportName> ParseIncidentReportName(
    absl::string_view name) {
  auto ids = ParseIds(name, {"accounts", "organizations", "incidentReports"});
  if (!ids.ok()) return ids.status();
  return IncidentReportName{(*ids)[0], (*ids)[1], (*ids)[2]};
}

absl::StatusOr<UserName> ParseUserName(absl::string_view name) {
  auto ids = ParseIds(name, {"accounts", "users"});
  if (!ids.ok()) return ids.status();
  return UserName{(*ids)[0], (*ids)[1]};
}

absl::StatusOr<ApiKeyName> ParseApiKeyName(absl::string_view name) {
  auto ids = ParseIds(name, {"apiKeys"});
  if (!ids.ok()) return ids.status();
  return ApiKeyName{(*ids)[0]};
}

absl::StatusOr<SocAlertName> ParseSocAlertName(absl::string_view name) {
  auto ids = ParseIds(name, {"socAlerts"});
  if (!ids.ok()) return ids.status();
  return SocAlertName{(*ids)[0]};
}

absl::StatusOr<AccessRuleName> ParseAccessRuleName(absl::string_view name) {
  // The number of segments says which of the three forms it must be.
  const size_t segments = std::count(name.begin(), name.end(), '/') + 1;
  absl::StatusOr<std::vector<uint64_t>> ids =
      segments == 8 ? ParseIds(name, {"accounts", "organizations", "identities",
                                      "accessRules"})
      : segments == 6
          ? ParseIds(name, {"accounts", "organizations", "accessRules"})
          : ParseIds(name, {"accounts", "accessRules"});
  if (!ids.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", name.substr(0, 200),
        "\" is not an access rule name: accounts/{id}/accessRules/{id}, "
        "accounts/{id}/organizations/{id}/accessRules/{id} or "
        "accounts/{id}/organizations/{id}/identities/{id}/accessRules/{id}"));
  }
  if (segments == 8) {
    return AccessRuleName{(*ids)[0], (*ids)[1], (*ids)[2], (*ids)[3]};
  }
  if (segments == 6) return AccessRuleName{(*ids)[0], (*ids)[1], 0, (*ids)[2]};
  return AccessRuleName{(*ids)[0], 0, 0, (*ids)[1]};
}

}  // namespace cordon::core

namespace cordon::core {

absl::StatusOr<AgentKeyName> ParseAgentKeyName(absl::string_view name) {
  auto ids = ParseIds(name, {"accounts", "organizations", "agentKeys"});
  if (!ids.ok()) return ids.status();
  return AgentKeyName{(*ids)[0], (*ids)[1], (*ids)[2]};
}

}  // namespace cordon::core
