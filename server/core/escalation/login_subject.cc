#include "server/core/escalation/login_subject.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace cordon::core {
namespace {

constexpr absl::string_view kCountryPrefix = "country:";
constexpr absl::string_view kVpnPrefix = "vpn:";

}  // namespace

std::string LoginSubject::Key() const {
  return absl::StrCat(
      kind == LoginSubjectKind::kCountry ? kCountryPrefix : kVpnPrefix, value);
}

std::string NormalizeCountry(absl::string_view country) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(country));
}

std::string NormalizeVpnProvider(absl::string_view provider) {
  std::string out = absl::AsciiStrToLower(provider);
  absl::RemoveExtraAsciiWhitespace(&out);
  return out;
}

std::string CountrySubjectKey(absl::string_view country) {
  return absl::StrCat(kCountryPrefix, NormalizeCountry(country));
}

std::string VpnSubjectKey(absl::string_view provider) {
  return absl::StrCat(kVpnPrefix, NormalizeVpnProvider(provider));
}

absl::StatusOr<LoginSubject> ParseLoginSubjectKey(
    absl::string_view organization_id, absl::string_view key) {
  LoginSubject subject;
  subject.organization_id = std::string(organization_id);
  if (absl::ConsumePrefix(&key, kCountryPrefix)) {
    subject.kind = LoginSubjectKind::kCountry;
    subject.value = NormalizeCountry(key);
  } else if (absl::ConsumePrefix(&key, kVpnPrefix)) {
    subject.kind = LoginSubjectKind::kVpn;
    subject.value = NormalizeVpnProvider(key);
  } else {
    return absl::InvalidArgumentError(
        "a login subject key starts with \"country:\" or \"vpn:\"");
  }
  if (subject.value.empty() || subject.value != key) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a normalized login subject key: \"", key, "\""));
  }
  return subject;
}

}  // namespace cordon::core
