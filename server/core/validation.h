#ifndef CORDON_SERVER_CORE_VALIDATION_H_
#define CORDON_SERVER_CORE_VALIDATION_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// Each validator returns OkStatus or an InvalidArgumentError whose message is
// a short reason that does not name the field: the caller prefixes the field
// name ("upn: must contain '@'").

// Entra limits a UPN to 113 characters: at most 64 before the '@' and at most
// 48 after it.
inline constexpr size_t kMaxUpnLength = 113;
inline constexpr size_t kMaxUpnDomainLength = 48;
// RFC 5321 path limit (256) minus the angle brackets.
inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMaxEmailDomainLength = 253;
inline constexpr size_t kMaxLocalPartLength = 64;
inline constexpr size_t kMaxDnsLabelLength = 63;
inline constexpr size_t kMaxHttpsUrlLength = 2048;
inline constexpr size_t kDefaultMaxDisplayNameChars = 256;

// A user principal name, local@domain. The local part is 1..64 characters of
// [A-Za-z0-9._'+!#$%&*=?^`{|}~-] without a leading, trailing or doubled dot;
// the domain is a DNS name with at least one dot, labels 1..63 characters of
// [A-Za-z0-9-] that neither start nor end with '-'.
absl::Status ValidateUpn(absl::string_view upn);

// A practical e-mail address check: the UPN rules, but up to 254 characters
// with a domain of up to 253.
absl::Status ValidateEmail(absl::string_view email);

// A Microsoft 365 tenant id: a GUID 8-4-4-4-12 hex digits, either case, no
// braces.
absl::Status ValidateTenantId(absl::string_view guid);

// A country as Microsoft 365 names it, upper-case ("DE", not "de"): an
// officially assigned ISO 3166-1 alpha-2 code, or XK (Kosovo), the
// user-assigned code Entra sign-in logs and usage locations carry; not
// reserved codes such as "UK" or "EU", nor other user-assigned ones ("XX").
absl::Status ValidateCountryCode(absl::string_view code);

// True when `code` is one of the 249 officially assigned alpha-2 codes.
bool IsAssignedCountryCode(absl::string_view code);

// True when `code` is assigned or XK: the countries ValidateCountryCode
// accepts, for callers that report their own error.
bool IsKnownCountryCode(absl::string_view code);

// Valid UTF-8 without control characters (C0, DEL, C1), not blank (only
// whitespace), and at most `max_chars` code points counted over the whole
// input, surrounding whitespace included, since that is what gets stored.
absl::Status ValidateDisplayName(
    absl::string_view name, size_t max_chars = kDefaultMaxDisplayNameChars);

// "https://host[:port][/path][?query][#fragment]": host is a DNS name or a
// dotted-quad IPv4 address (IPv6 literals are not accepted), port 1..65535;
// printable ASCII only (no whitespace, no backslash), at most 2048 characters,
// and no user info ("user:pass@"), which would let a URL display one host
// and connect to another.
absl::Status ValidateHttpsUrl(absl::string_view url);

// A backup's name (BackupService): 1 to 64 characters of [a-z0-9-], so it is
// one plain directory name under --backup_dir, never hidden and never a path.
absl::Status ValidateBackupName(absl::string_view name);

// Decodes one UTF-8 sequence at `*pos` (which must be < s.size()) into
// `*code_point`, advancing past it. False, with `*pos` unchanged, for what
// the Unicode standard calls ill-formed: overlong forms, surrogates, code
// points above U+10FFFF, truncated sequences, stray continuation bytes.
bool DecodeUtf8(absl::string_view s, size_t* pos, uint32_t* code_point);

// ASCII lower-casing: the key under which UPNs and e-mail addresses are kept
// unique, since Entra compares them case-insensitively.
std::string NormalizeCaseInsensitiveKey(absl::string_view s);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_VALIDATION_H_
