#include "server/adapters/psa/psa_urls.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace cordon::adapters::psa {

absl::StatusOr<std::string> HttpsBaseUrl(absl::string_view field,
                                         absl::string_view url) {
  std::string full = absl::StrContains(url, "://")
                         ? std::string(url)
                         : absl::StrCat("https://", url);
  absl::string_view rest = full;
  const bool https = absl::ConsumePrefix(&rest, "https://");
  const absl::string_view host = rest.substr(0, rest.find_first_of("/:"));
  const bool clean =
      full.find_first_of("@?#\\") == std::string::npos &&
      std::none_of(full.begin(), full.end(), [](char c) {
        return absl::ascii_isspace(static_cast<unsigned char>(c)) ||
               absl::ascii_iscntrl(static_cast<unsigned char>(c));
      });
  if (!https || host.empty() || !clean) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     " is not an https://host[:port][/path] URL without user "
                     "info, query or fragment"));
  }
  absl::string_view trimmed = full;
  while (absl::ConsumeSuffix(&trimmed, "/")) {
  }
  return std::string(trimmed);
}

bool IsRecordId(absl::string_view text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

bool IsPlainName(absl::string_view text) {
  return !text.empty() && text.size() <= 128 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                  c == '.' || c == '_' || c == '-' || c == '@' || c == '+';
         });
}

}  // namespace cordon::adapters::psa
