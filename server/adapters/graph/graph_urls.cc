#include "server/adapters/graph/graph_urls.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace cordon::adapters::graph {
namespace {

bool KeptAsIs(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '@';
}

bool OnlyDots(absl::string_view segment) {
  return segment.find_first_not_of('.') == absl::string_view::npos;
}

}  // namespace

std::string EncodePathSegment(absl::string_view segment) {
  const bool encode_dots = OnlyDots(segment);
  std::string encoded;
  encoded.reserve(segment.size());
  for (const char c : segment) {
    if (KeptAsIs(c) && !(encode_dots && c == '.')) {
      encoded.push_back(c);
    } else {
      absl::StrAppendFormat(&encoded, "%%%02X", static_cast<unsigned char>(c));
    }
  }
  return encoded;
}

GraphUrls::GraphUrls(absl::string_view base_url)
    : base_url_(absl::StripSuffix(base_url, "/")) {}

std::string GraphUrls::UserPath(absl::string_view upn) const {
  return absl::StrCat(base_url_, "/users/", EncodePathSegment(upn));
}

std::string GraphUrls::User(absl::string_view upn) const {
  return absl::StrCat(UserPath(upn), "?$select=", kUserSelect);
}

std::string GraphUrls::UserForUpdate(absl::string_view upn) const {
  return UserPath(upn);
}

std::string GraphUrls::RevokeSignInSessions(absl::string_view upn) const {
  return absl::StrCat(UserPath(upn), "/revokeSignInSessions");
}

std::string GraphUrls::InboxRules(absl::string_view upn) const {
  return absl::StrCat(UserPath(upn), "/mailFolders/inbox/messageRules");
}

std::string GraphUrls::InboxRule(absl::string_view upn,
                                 absl::string_view rule_id) const {
  return absl::StrCat(InboxRules(upn), "/", EncodePathSegment(rule_id));
}

std::string GraphUrls::WellKnownFolder(absl::string_view upn,
                                       absl::string_view name) const {
  return absl::StrCat(UserPath(upn), "/mailFolders/", EncodePathSegment(name),
                      "?$select=id");
}

std::string GraphUrls::Domains() const {
  return absl::StrCat(base_url_, "/domains");
}

std::string GraphUrls::UsersDelta() const {
  return absl::StrCat(base_url_, "/users/delta?$select=", kUserSelect);
}

std::string GraphUrls::FirstUser() const {
  return absl::StrCat(base_url_, "/users?$top=1&$select=id,userPrincipalName");
}

bool GraphUrls::IsBelowBase(absl::string_view url) const {
  return absl::StartsWith(url, absl::StrCat(base_url_, "/"));
}

}  // namespace cordon::adapters::graph
