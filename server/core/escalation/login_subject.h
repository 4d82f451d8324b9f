#ifndef CORDON_SERVER_CORE_ESCALATION_LOGIN_SUBJECT_H_
#define CORDON_SERVER_CORE_ESCALATION_LOGIN_SUBJECT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// The place a login escalation is about (ESC-7).
enum class LoginSubjectKind { kCountry, kVpn };

// ESC-7: one open login escalation per (organization, country) or
// (organization, VPN provider).
struct LoginSubject {
  std::string organization_id;
  LoginSubjectKind kind = LoginSubjectKind::kCountry;
  // Normalized: NormalizeCountry / NormalizeVpnProvider.
  std::string value;

  // The per-organization key: "country:NL" or "vpn:nordvpn". Together with
  // organization_id it identifies the subject (ESC-7); since the value is
  // normalized, equal places always give equal keys.
  std::string Key() const;

  friend bool operator==(const LoginSubject&, const LoginSubject&) = default;
};

// Country codes compare in ASCII upper case ("nl" from a sign-in log and
// "NL" in a rule are the same country). Surrounding whitespace is dropped.
std::string NormalizeCountry(absl::string_view country);

// VPN providers compare case-insensitively by name, surrounding whitespace
// dropped and inner runs of whitespace collapsed to one space: "NordVPN",
// " nordvpn " and "NORDVPN" are one provider; "Nord VPN" is another.
std::string NormalizeVpnProvider(absl::string_view provider);

// "country:NL" / "vpn:nordvpn" from a raw country or provider.
std::string CountrySubjectKey(absl::string_view country);
std::string VpnSubjectKey(absl::string_view provider);

// The inverse of LoginSubject::Key() (the organization is not part of the
// key). INVALID_ARGUMENT for anything else.
absl::StatusOr<LoginSubject> ParseLoginSubjectKey(
    absl::string_view organization_id, absl::string_view key);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_LOGIN_SUBJECT_H_
