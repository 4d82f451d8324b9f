#include "server/adapters/graph/graph_error_json.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/types/optional.h"
#include "server/adapters/graph/json_reader.h"

namespace cordon::adapters::graph {
namespace {

using ::nlohmann::json;

constexpr absl::string_view kGraphErrorResponse = "Graph error response";
constexpr int kHttpGone = 410;

// The docs' examples spell it innerError, the resource description
// innererror; Graph sends the former.
const json* FindInnerError(JsonObjectReader& error, std::string* key) {
  for (absl::string_view spelling : {"innerError", "innererror"}) {
    if (error.Find(spelling) != nullptr) {
      *key = std::string(spelling);
      return error.OptionalObject(spelling);
    }
  }
  return nullptr;
}

// Walks the innerError chain: the outermost one's diagnostics, every code.
void ReadInnerErrors(JsonObjectReader& error, GraphError* result) {
  std::string key;
  const json* inner = FindInnerError(error, &key);
  std::string path = error.PathOf(key);
  // ParseJsonBody bounds the nesting, so this loop is bounded too.
  for (int level = 0; inner != nullptr; ++level) {
    JsonObjectReader reader(*inner, path, error.errors());
    if (absl::optional<std::string> code = reader.OptionalString("code")) {
      result->inner_codes.push_back(*std::move(code));
    }
    if (level == 0) {
      result->request_id = reader.OptionalString("request-id").value_or("");
      result->client_request_id =
          reader.OptionalString("client-request-id").value_or("");
      result->date = reader.OptionalString("date").value_or("");
    }
    inner = FindInnerError(reader, &key);
    path = reader.PathOf(key);
  }
}

}  // namespace

bool GraphError::HasCode(absl::string_view wanted) const {
  if (absl::EqualsIgnoreCase(code, wanted)) return true;
  for (const std::string& inner : inner_codes) {
    if (absl::EqualsIgnoreCase(inner, wanted)) return true;
  }
  return false;
}

absl::StatusOr<GraphError> ParseGraphError(absl::string_view body) {
  return ReadJsonAnswer<GraphError>(
      body, kGraphErrorResponse, [](JsonObjectReader& answer) {
        GraphError result;
        const json* error_node = answer.RequiredObject("error");
        if (error_node == nullptr) return result;
        JsonObjectReader error(*error_node, "error", answer.errors());
        result.code = error.RequiredNonEmptyString("code");
        result.message = error.OptionalString("message").value_or("");
        ReadInnerErrors(error, &result);
        return result;
      });
}

bool RequiresFullDeltaSync(int http_status, const GraphError& error) {
  return http_status == kHttpGone || error.HasCode("syncStateNotFound") ||
         error.HasCode("resyncRequired");
}

}  // namespace cordon::adapters::graph
