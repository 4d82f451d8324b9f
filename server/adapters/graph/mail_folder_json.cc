#include "server/adapters/graph/mail_folder_json.h"

#include <string>

#include "server/adapters/graph/json_reader.h"

namespace cordon::adapters::graph {

absl::StatusOr<std::string> ParseMailFolderId(absl::string_view body) {
  return ReadJsonAnswer<std::string>(
      body, "Graph mail folder", [](JsonObjectReader& folder) {
        return folder.RequiredNonEmptyString("id");
      });
}

}  // namespace cordon::adapters::graph
