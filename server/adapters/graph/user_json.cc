#include "server/adapters/graph/user_json.h"

#include <string>
#include <utility>

#include "server/adapters/graph/json_reader.h"

namespace cordon::adapters::graph {
namespace {

using ::nlohmann::json;

constexpr absl::string_view kUserResponse = "Graph user";
constexpr absl::string_view kDeltaResponse = "Graph users delta page";

// Null is Graph's "not set", which differs from "absent" in a delta entry.
absl::optional<bool> NullMeansFalse(JsonObjectReader& user,
                                    absl::string_view key) {
  if (user.IsNull(key)) return false;
  return user.OptionalBool(key);
}

absl::optional<std::string> NullMeansEmpty(JsonObjectReader& user,
                                           absl::string_view key) {
  if (user.IsNull(key)) return std::string();
  return user.OptionalString(key);
}

// `complete`: GET /users/{id} answers every selected property; a delta entry
// may leave any out but the id.
GraphUserRecord ReadUser(JsonObjectReader& user, bool complete) {
  GraphUserRecord record;
  record.id = user.RequiredNonEmptyString("id");
  if (complete) {
    record.user_principal_name = user.RequiredString("userPrincipalName");
    record.account_enabled = user.RequiredBool("accountEnabled");
  } else {
    record.user_principal_name = user.OptionalString("userPrincipalName");
    record.account_enabled = user.OptionalBool("accountEnabled");
  }
  record.on_premises_sync_enabled =
      NullMeansFalse(user, "onPremisesSyncEnabled");
  record.usage_location = NullMeansEmpty(user, "usageLocation");
  return record;
}

DeltaRemoval ReadRemoval(JsonObjectReader& entry) {
  const json* removed = entry.OptionalObject("@removed");
  if (removed == nullptr) return DeltaRemoval::kNone;
  JsonObjectReader removal(*removed, entry.PathOf("@removed"), entry.errors());
  const absl::optional<std::string> reason = removal.OptionalString("reason");
  if (reason == "changed") return DeltaRemoval::kSoftDeleted;
  if (reason == "deleted") return DeltaRemoval::kDeleted;
  return DeltaRemoval::kOtherReason;
}

// Exactly one of @odata.nextLink and @odata.deltaLink.
void ReadLinks(JsonObjectReader& page, UsersDeltaPage* result) {
  result->next_link = page.OptionalString("@odata.nextLink").value_or("");
  result->delta_link = page.OptionalString("@odata.deltaLink").value_or("");
  if (result->next_link.empty() == result->delta_link.empty()) {
    page.errors()->Add("@odata.nextLink/@odata.deltaLink",
                       result->next_link.empty()
                           ? "are both missing: exactly one must be present"
                           : "are both present: exactly one must be present");
  }
}

}  // namespace

absl::StatusOr<GraphUserRecord> ParseUser(absl::string_view body) {
  return ReadJsonAnswer<GraphUserRecord>(
      body, kUserResponse,
      [](JsonObjectReader& user) { return ReadUser(user, /*complete=*/true); });
}

ports::GraphUser ToPortsGraphUser(const GraphUserRecord& record) {
  ports::GraphUser user;
  user.account_enabled = record.account_enabled.value_or(user.account_enabled);
  user.on_premises_sync_enabled =
      record.on_premises_sync_enabled.value_or(user.on_premises_sync_enabled);
  user.usage_location = record.usage_location.value_or(user.usage_location);
  return user;
}

absl::StatusOr<UsersDeltaPage> ParseUsersDeltaPage(absl::string_view body) {
  return ReadJsonAnswer<UsersDeltaPage>(
      body, kDeltaResponse, [](JsonObjectReader& page) {
        UsersDeltaPage result;
        ForEachObject(page.RequiredArray("value"), "value", page.errors(),
                      [&](JsonObjectReader& entry) {
                        DeltaUser user;
                        user.removal = ReadRemoval(entry);
                        user.user = ReadUser(entry, /*complete=*/false);
                        result.users.push_back(std::move(user));
                      });
        ReadLinks(page, &result);
        return result;
      });
}

ports::UsersDeltaPage ToPortsDeltaPage(UsersDeltaPage page) {
  ports::UsersDeltaPage result;
  result.users.reserve(page.users.size());
  for (DeltaUser& entry : page.users) {
    ports::DirectoryUser user;
    user.object_id = std::move(entry.user.id);
    user.removed = entry.removed();
    if (!user.removed) {
      user.upn = std::move(entry.user.user_principal_name);
      user.account_enabled = entry.user.account_enabled;
      user.on_premises_sync_enabled = entry.user.on_premises_sync_enabled;
      user.usage_location = std::move(entry.user.usage_location);
    }
    result.users.push_back(std::move(user));
  }
  result.next_link = std::move(page.next_link);
  result.delta_link = std::move(page.delta_link);
  return result;
}

std::string BuildAccountEnabledPatch(bool enabled) {
  return json{{"accountEnabled", enabled}}.dump();
}

}  // namespace cordon::adapters::graph
