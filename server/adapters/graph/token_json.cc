#include "server/adapters/graph/token_json.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/adapters/graph/json_reader.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::adapters::graph {
namespace {

using ::nlohmann::json;

constexpr absl::string_view kTokenResponse = "token response";
constexpr absl::string_view kTokenErrorResponse = "token error response";

// error_codes[0] as "AADSTS<n>"; "" when the array is absent or empty.
std::string FirstAadstsCode(JsonObjectReader& error) {
  const json* codes = error.OptionalArray("error_codes");
  if (codes == nullptr || codes->empty()) return "";
  const json& first = codes->front();
  if (!first.is_number_integer() || first.get<int64_t>() < 0) {
    error.errors()->Add(ElementPath(error.PathOf("error_codes"), 0),
                        absl::StrCat("must be a non-negative integer, not ",
                                     JsonTypeName(first)));
    return "";
  }
  return absl::StrCat("AADSTS", first.get<int64_t>());
}

bool IsUnreserved(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string FormBody(
    const std::vector<std::pair<absl::string_view, absl::string_view>>&
        fields) {
  return absl::StrJoin(fields, "&", [](std::string* out, const auto& field) {
    absl::StrAppend(out, field.first, "=", FormUrlEncode(field.second));
  });
}

}  // namespace

absl::StatusOr<AccessToken> ParseTokenResponse(absl::string_view body) {
  return ReadJsonAnswer<AccessToken>(
      body, kTokenResponse, [](JsonObjectReader& answer) {
        const std::string token_type = answer.RequiredString("token_type");
        AccessToken token;
        token.access_token = answer.RequiredNonEmptyString("access_token");
        token.expires_in = absl::Seconds(answer.RequiredInteger(
            "expires_in", 1, absl::ToInt64Seconds(kMaxTokenLifetime),
            /*digits_string_allowed=*/true));
        if (!absl::EqualsIgnoreCase(token_type, "Bearer")) {
          answer.errors()->Add("token_type", "must be Bearer");
        }
        return token;
      });
}

absl::StatusOr<TokenError> ParseTokenError(absl::string_view body) {
  return ReadJsonAnswer<TokenError>(
      body, kTokenErrorResponse, [](JsonObjectReader& answer) {
        TokenError error;
        error.error = answer.RequiredString("error");
        error.description =
            answer.OptionalString("error_description").value_or("");
        error.trace_id = answer.OptionalString("trace_id").value_or("");
        error.correlation_id =
            answer.OptionalString("correlation_id").value_or("");
        // error_codes is the structured field; the description is only a
        // fallback for answers that leave it out.
        error.aadsts_code = FirstAadstsCode(answer);
        if (error.aadsts_code.empty()) {
          error.aadsts_code = core::FindAadstsCode(error.description);
        }
        return error;
      });
}

std::string FormUrlEncode(absl::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(value.size());
  for (const char c : value) {
    if (IsUnreserved(c)) {
      encoded.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    encoded.push_back('%');
    encoded.push_back(kHex[byte >> 4]);
    encoded.push_back(kHex[byte & 0x0F]);
  }
  return encoded;
}

std::string BuildClientSecretTokenRequest(absl::string_view client_id,
                                          absl::string_view client_secret) {
  return FormBody({{"client_id", client_id},
                   {"scope", kGraphDefaultScope},
                   {"client_secret", client_secret},
                   {"grant_type", "client_credentials"}});
}

std::string BuildClientAssertionTokenRequest(
    absl::string_view client_id, absl::string_view signed_assertion) {
  return FormBody({{"client_id", client_id},
                   {"scope", kGraphDefaultScope},
                   {"client_assertion_type", kJwtBearerAssertionType},
                   {"client_assertion", signed_assertion},
                   {"grant_type", "client_credentials"}});
}

}  // namespace cordon::adapters::graph
