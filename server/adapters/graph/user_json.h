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

// GET /users/{id}: id, userPrincipalName and accountEnabled are required
// (the shape is checked; the port needs only the flags); onPremisesSyncEnabled
// and usageLocation may be null (not set: false and ""), or absent (the
// port's defaults).
absl::StatusOr<ports::GraphUser> ParseUser(absl::string_view body);

// One page of GET /users/delta (ISO-12). value must be an array of objects,
// each with a string id; every other property may be absent ("unchanged since
// the last round", with Prefer: return=minimal, or never set) or null (not
// set). An entry with "@removed" (whatever its reason: soft-deleted, deleted
// for good) is removed and carries only its id. Exactly one of
// @odata.nextLink and @odata.deltaLink must be present; both are opaque URLs.
// resync_required is left false.
absl::StatusOr<ports::UsersDeltaPage> ParseUsersDeltaPage(
    absl::string_view body);

// ISO-3 / ISO-4: the body of PATCH /users/{id}, {"accountEnabled":false}.
std::string BuildAccountEnabledPatch(bool enabled);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_USER_JSON_H_
