#include "server/adapters/psa/connectwise_json.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/adapters/psa/psa_json.h"

namespace cordon::adapters::psa {
namespace {

bool IsHostPort(absl::string_view text) {
  return !text.empty() && text.size() <= 255 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                  c == '.' || c == '-' || c == ':';
         });
}

bool IsCodebase(absl::string_view text) {
  return !text.empty() && text.size() <= 64 &&
         absl::ascii_isalnum(static_cast<unsigned char>(text[0])) &&
         !absl::StrContains(text, "..") &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                  c == '.' || c == '_' || c == '-' || c == '/';
         });
}

}  // namespace

absl::StatusOr<std::string> ReadConnectWiseApiBase(absl::string_view body) {
  return graph::ReadJsonAnswer<std::string>(
      body, "ConnectWise company info", [](graph::JsonObjectReader& answer) {
        const std::string site = answer.RequiredNonEmptyString("SiteUrl");
        std::string codebase = answer.RequiredNonEmptyString("Codebase");
        if (!answer.errors()->ok()) return std::string();
        if (!IsHostPort(site)) {
          answer.errors()->Add("SiteUrl", "is not a host[:port]");
        } else if (!IsCodebase(codebase)) {
          answer.errors()->Add("Codebase", "is not a release path");
        }
        if (!absl::EndsWith(codebase, "/")) codebase += "/";
        return absl::StrCat("https://", site, "/", codebase, "apis/3.0");
      });
}

absl::StatusOr<std::string> ReadConnectWiseTicketId(absl::string_view body) {
  return graph::ReadJsonAnswer<std::string>(
      body, "ConnectWise ticket", [](graph::JsonObjectReader& answer) {
        return ReadRecordId(answer, "id");
      });
}

absl::StatusOr<std::vector<FoundTicket>> ReadConnectWiseTickets(
    absl::string_view body) {
  return ReadTicketArray(body, "ConnectWise ticket list", "id", "summary");
}

std::string ConnectWiseErrorWords(absl::string_view body) {
  absl::StatusOr<nlohmann::json> parsed =
      graph::ParseJsonBody(body, "ConnectWise error");
  if (!parsed.ok() || !parsed->is_object()) return "";
  std::string words = StringMember(*parsed, "message");
  auto errors = parsed->find("errors");
  if (errors != parsed->end() && errors->is_array() && !errors->empty()) {
    const nlohmann::json& first = (*errors)[0];
    const std::string field = StringMember(first, "field");
    const std::string detail = StringMember(first, "message");
    if (!detail.empty()) {
      absl::StrAppend(&words, words.empty() ? "" : " (",
                      field.empty() ? "" : field, field.empty() ? "" : ": ",
                      detail, words.empty() ? "" : ")");
    }
  }
  return words;
}

}  // namespace cordon::adapters::psa
