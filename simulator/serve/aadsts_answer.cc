#include "simulator/serve/aadsts_answer.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "simulator/fault_plan.h"

namespace cordon::sim::serve {
namespace {

// Our paraphrases of what Entra says (tests/contract/graph/README.md: no
// client may branch on them).
absl::string_view Words(absl::string_view number) {
  struct Text {
    absl::string_view number;
    absl::string_view words;
  };
  static constexpr Text kTexts[] = {
      {"90002", "Tenant not found."},
      {"700016", "Application was not found in the directory."},
      {"7000215", "Invalid client secret provided."},
      {"7000222", "The client secret keys have expired."},
      {"700027", "The client assertion failed signature validation."},
      {"700024", "Client assertion is not within its valid time range."},
      {"7000112", "Application is disabled."},
      {"7000218",
       "The request body must contain client_assertion or client_secret."},
      {"70003", "The app requested an unsupported grant type."},
      {"1002012", "The provided value for scope is not valid."},
      {"65001", "The app has not been consented to in this tenant."},
  };
  for (const Text& text : kTexts) {
    if (text.number == number) return text.words;
  }
  return "The request was refused.";
}

}  // namespace

WireAnswer AadstsAnswer(absl::string_view aadsts_code, absl::string_view detail,
                        const WireRequest& request, absl::Time now,
                        absl::string_view oauth_error) {
  const core::GraphCallOutcome outcome = TokenErrorOutcome(aadsts_code);
  const std::string number = outcome.aadsts_code.substr(6);  // "AADSTS"
  const std::string timestamp =
      absl::FormatTime("%Y-%m-%d %H:%M:%SZ", now, absl::UTCTimeZone());
  std::string description =
      absl::StrCat(outcome.aadsts_code, ": ", Words(number));
  if (!detail.empty()) absl::StrAppend(&description, " (", detail, ")");
  absl::StrAppend(&description, "\r\nTrace ID: ", request.request_id,
                  "\r\nCorrelation ID: ", request.request_id,
                  "\r\nTimestamp: ", timestamp);
  int64_t code_number = 0;
  nlohmann::json codes = nlohmann::json::array();
  if (absl::SimpleAtoi(number, &code_number)) codes.push_back(code_number);
  WireAnswer answer;
  answer.status = outcome.http_status;
  answer.content_type = "application/json; charset=utf-8";
  answer.body =
      nlohmann::json{
          {"error",
           oauth_error.empty() ? outcome.error_code : std::string(oauth_error)},
          {"error_description", description},
          {"error_codes", codes},
          {"timestamp", timestamp},
          {"trace_id", request.request_id},
          {"correlation_id", request.request_id},
          {"error_uri",
           absl::StrCat("https://login.microsoftonline.com/error?code=",
                        number)}}
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  answer.tenant = request.tenant_id;
  return answer;
}

}  // namespace cordon::sim::serve
