#ifndef CORDON_SERVER_ADAPTERS_GRAPH_MAIL_FOLDER_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_MAIL_FOLDER_JSON_H_

// Graph's mailFolder as GET /users/{id}/mailFolders/{well-known name}
// ?$select=id answers it: only the id, which a rule's moveToFolder names
// (ISO-3). Parse errors as in json_reader.h (kResourceExhausted, kDataLoss,
// kInvalidArgument).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::graph {

// The folder's id; must be a non-empty string.
absl::StatusOr<std::string> ParseMailFolderId(absl::string_view body);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_MAIL_FOLDER_JSON_H_
