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

// GET /users/{id}: every selected property must be there.
ports::GraphUser ReadUser(JsonObjectReader& user) {
  user.RequiredNonEmptyString("id");
  user.RequiredString("userPrincipalName");
  ports::GraphUser result;
  result.account_enabled = user.RequiredBool("accountEnabled");
  result.on_premises_sync_enabled =
      NullMeansFalse(user, "onPremisesSyncEnabled")
          .value_or(result.on_premises_sync_enabled);
  result.usage_location =
      NullMeansEmpty(user, "usageLocation").value_or(result.usage_location);
  return result;
}

// "@removed", with a string reason if any; Cordon marks every removed user
// deleted, whatever the reason (ISO-12).
bool ReadRemoved(JsonObjectReader& entry) {
  const json* removed = entry.OptionalObject("@removed");
  if (removed == nullptr) return false;
  JsonObjectReader removal(*removed, entry.PathOf("@removed"), entry.errors());
  removal.OptionalString("reason");
  return true;
}

// A delta entry may leave out any property but the id.
ports::DirectoryUser ReadDeltaEntry(JsonObjectReader& entry) {
  ports::DirectoryUser user;
  user.removed = ReadRemoved(entry);
  user.object_id = entry.RequiredNonEmptyString("id");
  absl::optional<std::string> upn = entry.OptionalString("userPrincipalName");
  absl::optional<bool> enabled = entry.OptionalBool("accountEnabled");
  absl::optional<bool> synced = NullMeansFalse(entry, "onPremisesSyncEnabled");
  absl::optional<std::string> location = NullMeansEmpty(entry, "usageLocation");
  if (!user.removed) {
    user.upn = std::move(upn);
    user.account_enabled = enabled;
    user.on_premises_sync_enabled = synced;
    user.usage_location = std::move(location);
  }
  return user;
}

// Exactly one of @odata.nextLink and @odata.deltaLink.
void ReadLinks(JsonObjectReader& page, ports::UsersDeltaPage* result) {
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

absl::StatusOr<ports::GraphUser> ParseUser(absl::string_view body) {
  return ReadJsonAnswer<ports::GraphUser>(body, kUserResponse, ReadUser);
}

absl::StatusOr<ports::UsersDeltaPage> ParseUsersDeltaPage(
    absl::string_view body) {
  return ReadJsonAnswer<ports::UsersDeltaPage>(
      body, kDeltaResponse, [](JsonObjectReader& page) {
        ports::UsersDeltaPage result;
        ForEachObject(page.RequiredArray("value"), "value", page.errors(),
                      [&](JsonObjectReader& entry) {
                        result.users.push_back(ReadDeltaEntry(entry));
                      });
        ReadLinks(page, &result);
        return result;
      });
}

std::string BuildAccountEnabledPatch(bool enabled) {
  return json{{"accountEnabled", enabled}}.dump();
}

}  // namespace cordon::adapters::graph
