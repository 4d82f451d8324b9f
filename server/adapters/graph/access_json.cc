#include "server/adapters/graph/access_json.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "server/adapters/graph/json_reader.h"

namespace cordon::adapters::graph {

absl::optional<std::vector<std::string>> RolesFromAccessToken(
    absl::string_view access_token) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(access_token, '.');
  if (parts.size() != 3) return absl::nullopt;
  std::string payload;
  if (!absl::WebSafeBase64Unescape(parts[1], &payload)) return absl::nullopt;
  absl::StatusOr<nlohmann::json> claims =
      ParseJsonBody(payload, "access token claims");
  if (!claims.ok() || !claims->is_object()) return absl::nullopt;
  std::vector<std::string> roles;
  auto it = claims->find("roles");
  if (it == claims->end() || it->is_null()) return roles;
  if (!it->is_array()) return absl::nullopt;
  for (const nlohmann::json& role : *it) {
    if (!role.is_string()) return absl::nullopt;
    roles.push_back(role.get<std::string>());
  }
  return roles;
}

absl::StatusOr<std::string> ParseFirstUserPrincipalName(
    absl::string_view body) {
  return ReadJsonAnswer<std::string>(
      body, "users page", [](JsonObjectReader& answer) {
        const nlohmann::json* users = answer.RequiredArray("value");
        std::string upn;
        if (users == nullptr || users->empty()) return upn;
        JsonObjectReader first((*users)[0], ElementPath("value", 0),
                               answer.errors());
        upn = first.RequiredNonEmptyString("userPrincipalName");
        return upn;
      });
}

}  // namespace cordon::adapters::graph
