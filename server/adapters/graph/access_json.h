#ifndef CORDON_SERVER_ADAPTERS_GRAPH_ACCESS_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_ACCESS_JSON_H_

// What CheckM365Access reads from answers: the application permissions an
// access token carries, and a user to try a mailbox read on.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace cordon::adapters::graph {

// The `roles` claim of an Entra access token (a JWT): the application
// permissions consented for the app in the tenant. The payload is decoded
// without checking the signature: this is a diagnostic, and Graph checks
// the token anyway. An empty list when the JWT has no `roles` (the app was
// consented without permissions); nullopt when the token is not a JWT whose
// payload is a JSON object with `roles` absent or a list of strings (the
// roles cannot be told).
absl::optional<std::vector<std::string>> RolesFromAccessToken(
    absl::string_view access_token);

// The userPrincipalName of the first user of a GET /users page; "" when the
// page lists none. kInvalidArgument / kDataLoss for a broken answer.
absl::StatusOr<std::string> ParseFirstUserPrincipalName(absl::string_view body);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_ACCESS_JSON_H_
