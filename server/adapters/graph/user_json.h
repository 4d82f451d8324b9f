#ifndef CORDON_SERVER_ADAPTERS_GRAPH_USER_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_USER_JSON_H_

// Graph's user resource as Cordon selects it
// (id,userPrincipalName,accountEnabled,onPremisesSyncEnabled,usageLocation):
// GET /users/{id}, GET /users/delta, and the PATCH that disables or enables
// an account. Shapes: tests/contract/graph/user*.json, users_delta_*.json.
// Parse errors as in json_reader.h (kResourceExhausted, kDataLoss,
// kInvalidArgument).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/ports/graph.h"

namespace cordon::adapters::graph {

// One user as Graph sent it. nullopt = the property was not in the answer;
// in a delta entry that means "unchanged since the last round" (with
// Prefer: return=minimal, or for a property never set).
struct GraphUserRecord {
  // The Entra object id: the identity's key (ISO-12); never empty.
  std::string id;
  absl::optional<std::string> user_principal_name;
  absl::optional<bool> account_enabled;
  // Synced from on-premises AD (a hybrid identity, ISO-9). Graph sends null
  // for a user that was never synced: that reads as false.
  absl::optional<bool> on_premises_sync_enabled;
  // Two-letter country code; null (not set) reads as "".
  absl::optional<std::string> usage_location;
};

// GET /users/{id}: id, userPrincipalName and accountEnabled are required;
// onPremisesSyncEnabled and usageLocation may be null.
absl::StatusOr<GraphUserRecord> ParseUser(absl::string_view body);

// What the port reports of a user read with ParseUser. Absent optional
// properties take the port's defaults.
ports::GraphUser ToPortsGraphUser(const GraphUserRecord& record);

// Why a delta entry carries "@removed".
enum class DeltaRemoval {
  kNone,         // not removed: a new or changed user
  kSoftDeleted,  // reason "changed": deleted, restorable for 30 days
  kDeleted,      // reason "deleted": deleted for good
  kOtherReason,  // no or another reason: still removed
};

// One entry of a delta page.
struct DeltaUser {
  // For a removed user only `id` is set.
  GraphUserRecord user;
  DeltaRemoval removal = DeltaRemoval::kNone;

  // ISO-12: a removed user is marked deleted (kept, never acted on).
  bool removed() const { return removal != DeltaRemoval::kNone; }
};

// One page of GET /users/delta. Exactly one of the links is non-empty: with
// next_link, more pages follow in this round; with delta_link, the round is
// complete and the link is stored for the next one. Both are opaque URLs to
// be requested as they are.
struct UsersDeltaPage {
  std::vector<DeltaUser> users;
  std::string next_link;
  std::string delta_link;
};

// value must be an array of objects, each with a string id; every property
// may be absent or null. A page with both links or neither is refused.
absl::StatusOr<UsersDeltaPage> ParseUsersDeltaPage(absl::string_view body);

// What the port reports of a parsed delta page (ISO-12).
ports::UsersDeltaPage ToPortsDeltaPage(UsersDeltaPage page);

// ISO-3 / ISO-4: the body of PATCH /users/{id}, {"accountEnabled":false}.
std::string BuildAccountEnabledPatch(bool enabled);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_USER_JSON_H_
