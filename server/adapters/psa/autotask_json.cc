#include "server/adapters/psa/autotask_json.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/adapters/psa/psa_json.h"
#include "server/adapters/psa/psa_urls.h"

namespace cordon::adapters::psa {

absl::StatusOr<std::string> ReadAutotaskApiBase(absl::string_view body) {
  return graph::ReadJsonAnswer<std::string>(
      body, "Autotask zone information", [](graph::JsonObjectReader& answer) {
        const std::string url = answer.RequiredNonEmptyString("url");
        if (!answer.errors()->ok()) return std::string();
        absl::StatusOr<std::string> base = HttpsBaseUrl("url", url);
        if (!base.ok()) {
          answer.errors()->Add("url", "is not an https URL");
          return std::string();
        }
        return absl::StrCat(*base, "/v1.0");
      });
}

absl::StatusOr<std::string> ReadAutotaskItemId(absl::string_view body) {
  return graph::ReadJsonAnswer<std::string>(
      body, "Autotask item", [](graph::JsonObjectReader& answer) {
        return ReadRecordId(answer, "itemId");
      });
}

absl::StatusOr<std::vector<FoundTicket>> ReadAutotaskTickets(
    absl::string_view body) {
  return graph::ReadJsonAnswer<std::vector<FoundTicket>>(
      body, "Autotask ticket query", [](graph::JsonObjectReader& answer) {
        return ReadFoundTickets(answer.RequiredArray("items"), "items", "id",
                                "title", answer.errors());
      });
}

std::string AutotaskErrorWords(absl::string_view body) {
  absl::StatusOr<nlohmann::json> parsed =
      graph::ParseJsonBody(body, "Autotask error");
  if (!parsed.ok() || !parsed->is_object()) return "";
  auto errors = parsed->find("errors");
  if (errors == parsed->end() || !errors->is_array()) return "";
  std::vector<std::string> words;
  for (const nlohmann::json& error : *errors) {
    if (error.is_string()) words.push_back(error.get<std::string>());
  }
  return absl::StrJoin(words, "; ");
}

bool IsAutotaskValidationError(absl::string_view words) {
  // What Autotask says when the request is at fault; its real failures
  // ("An unexpected error has occurred", timeouts of its database) say
  // none of these.
  static constexpr absl::string_view kMarkers[] = {
      "does not exist", "is required",     "required field", "invalid",
      "is not valid",   "not found",       "cannot be",      "must be",
      "not allowed",    "exceeds the max", "no access",      "inactive"};
  const std::string lower = absl::AsciiStrToLower(words);
  for (absl::string_view marker : kMarkers) {
    if (absl::StrContains(lower, marker)) return true;
  }
  return false;
}

}  // namespace cordon::adapters::psa
