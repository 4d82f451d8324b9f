#include "server/core/validation.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace cordon::core {
namespace {

// ISO 3166-1 alpha-2: the 249 officially assigned codes (as published by the
// ISO 3166 Maintenance Agency; cross-checked against Debian's iso-codes).
// Sorted, so lookups can binary search.
constexpr char kAssignedCountryCodes[][3] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
    "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI",
    "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
    "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
    "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
    "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
    "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
    "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW",
    "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
    "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
    "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};

constexpr bool CountryCodesSortedAndUnique() {
  for (size_t i = 1; i < std::size(kAssignedCountryCodes); ++i) {
    const char* prev = kAssignedCountryCodes[i - 1];
    const char* cur = kAssignedCountryCodes[i];
    if (prev[0] > cur[0] || (prev[0] == cur[0] && prev[1] >= cur[1])) {
      return false;
    }
  }
  return true;
}
static_assert(std::size(kAssignedCountryCodes) == 249,
              "ISO 3166-1 assigns 249 alpha-2 codes");
static_assert(CountryCodesSortedAndUnique(),
              "the binary search needs a sorted table");

// User-assigned ISO 3166 codes that Microsoft 365 uses as countries: XK
// (Kosovo) appears in Entra sign-in logs and usage locations. Other
// user-assigned codes (AA, QM..QZ, XA..XZ, ZZ) stay refused.
constexpr absl::string_view kMicrosoftUserAssignedCodes[] = {"XK"};

absl::Status Invalid(absl::string_view reason) {
  return absl::InvalidArgumentError(reason);
}

// For error messages: a byte as it would appear in a C string literal, so
// that control characters and stray UTF-8 bytes stay readable.
std::string Printable(char c) {
  return absl::CHexEscape(absl::string_view(&c, 1));
}

bool IsLocalPartChar(char c) {
  if (absl::ascii_isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case '.':
    case '_':
    case '\'':
    case '-':
    case '+':
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '*':
    case '=':
    case '?':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsAllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

absl::Status ValidateLocalPart(absl::string_view local) {
  if (local.empty()) return Invalid("nothing before the '@'");
  if (local.size() > kMaxLocalPartLength) {
    return Invalid(absl::StrCat("the part before the '@' is longer than ",
                                kMaxLocalPartLength, " characters"));
  }
  for (char c : local) {
    if (!IsLocalPartChar(c)) {
      return Invalid(absl::StrCat("the part before the '@' contains '",
                                  Printable(c), "', which is not allowed"));
    }
  }
  if (local.front() == '.' || local.back() == '.') {
    return Invalid("the part before the '@' starts or ends with '.'");
  }
  if (absl::StrContains(local, "..")) {
    return Invalid("the part before the '@' contains '..'");
  }
  return absl::OkStatus();
}

// `what` names the part in messages ("domain", "host").
absl::Status ValidateDnsName(absl::string_view name, size_t max_length,
                             bool require_dot, absl::string_view what) {
  if (name.empty()) return Invalid(absl::StrCat(what, " is empty"));
  if (name.size() > max_length) {
    return Invalid(
        absl::StrCat(what, " is longer than ", max_length, " characters"));
  }
  std::vector<absl::string_view> labels = absl::StrSplit(name, '.');
  if (require_dot && labels.size() < 2) {
    return Invalid(absl::StrCat(what, " has no '.'"));
  }
  for (absl::string_view label : labels) {
    // Covers a leading, trailing or doubled dot.
    if (label.empty())
      return Invalid(absl::StrCat(what, " has an empty label"));
    if (label.size() > kMaxDnsLabelLength) {
      return Invalid(absl::StrCat(what, " has a label longer than ",
                                  kMaxDnsLabelLength, " characters"));
    }
    for (char c : label) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
        return Invalid(absl::StrCat(what, " contains '", Printable(c),
                                    "', which is not allowed"));
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return Invalid(
          absl::StrCat(what, " has a label that starts or ends with '-'"));
    }
  }
  // No top-level domain is all digits (RFC 3696 section 2); such a name is a
  // mistyped or partial IP address.
  if (IsAllDigits(labels.back())) {
    return Invalid(absl::StrCat(what, " ends in an all-numeric label"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAddress(absl::string_view address, size_t max_length,
                             size_t max_domain_length) {
  if (address.empty()) return Invalid("is empty");
  if (address.size() > max_length) {
    return Invalid(absl::StrCat("is longer than ", max_length, " characters"));
  }
  const size_t at = address.find('@');
  if (at == absl::string_view::npos) return Invalid("has no '@'");
  if (address.find('@', at + 1) != absl::string_view::npos) {
    return Invalid("has more than one '@'");
  }
  if (absl::Status s = ValidateLocalPart(address.substr(0, at)); !s.ok()) {
    return s;
  }
  return ValidateDnsName(address.substr(at + 1), max_domain_length,
                         /*require_dot=*/true, "the domain");
}

}  // namespace

bool DecodeUtf8(absl::string_view s, size_t* pos, uint32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t b0 = byte(*pos);
  if (b0 < 0x80) {
    *code_point = b0;
    *pos += 1;
    return true;
  }
  size_t length;
  uint8_t second_min = 0x80;
  uint8_t second_max = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) second_min = 0xA0;  // overlong
    if (b0 == 0xED) second_max = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) second_min = 0x90;  // overlong
    if (b0 == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return false;  // continuation byte, C0/C1 overlong lead, or F5..FF
  }
  if (s.size() - *pos < length) return false;
  const uint8_t b1 = byte(*pos + 1);
  if (b1 < second_min || b1 > second_max) return false;
  uint32_t cp = b0 & (0x7F >> length);
  cp = (cp << 6) | (b1 & 0x3F);
  for (size_t i = 2; i < length; ++i) {
    const uint8_t b = byte(*pos + i);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  *code_point = cp;
  *pos += length;
  return true;
}

namespace {

// Unicode category Cc: C0, DEL and C1.
bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Unicode White_Space (controls excluded: they are rejected anyway). A name
// of only no-break or ideographic spaces is as blank as one of ASCII spaces.
bool IsWhitespace(uint32_t cp) {
  return cp == 0x20 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// A dotted quad of decimal octets 0..255. Leading zeros are rejected because
// some resolvers read them as octal ("010" = 8).
bool IsIpv4(absl::string_view host) {
  std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  if (octets.size() != 4) return false;
  for (absl::string_view octet : octets) {
    if (!IsAllDigits(octet) || octet.size() > 3) return false;
    if (octet.size() > 1 && octet.front() == '0') return false;
    int value = 0;
    for (char c : octet) value = value * 10 + (c - '0');
    if (value > 255) return false;
  }
  return true;
}

absl::Status ValidatePort(absl::string_view port) {
  if (port.empty()) return Invalid("has an empty port after ':'");
  // Five digits bound the value below 100000, so the int cannot overflow.
  if (!IsAllDigits(port) || port.size() > 5) {
    return Invalid("has a port that is not a number from 1 to 65535");
  }
  int value = 0;
  for (char c : port) value = value * 10 + (c - '0');
  if (value < 1 || value > 65535) {
    return Invalid("has a port that is not a number from 1 to 65535");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateUpn(absl::string_view upn) {
  return ValidateAddress(upn, kMaxUpnLength, kMaxUpnDomainLength);
}

absl::Status ValidateEmail(absl::string_view email) {
  return ValidateAddress(email, kMaxEmailLength, kMaxEmailDomainLength);
}

absl::Status ValidateTenantId(absl::string_view guid) {
  constexpr absl::string_view kShape =
      "is not a GUID of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx "
      "(hex digits, no braces)";
  if (guid.size() != 36) return Invalid(kShape);
  for (size_t i = 0; i < guid.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    const bool ok =
        dash_position
            ? guid[i] == '-'
            : absl::ascii_isxdigit(static_cast<unsigned char>(guid[i]));
    if (!ok) return Invalid(kShape);
  }
  return absl::OkStatus();
}

bool IsAssignedCountryCode(absl::string_view code) {
  if (code.size() != 2) return false;
  const auto* end = std::end(kAssignedCountryCodes);
  const auto* it =
      std::lower_bound(std::begin(kAssignedCountryCodes), end, code,
                       [](const char* entry, absl::string_view key) {
                         return absl::string_view(entry, 2) < key;
                       });
  return it != end && absl::string_view(*it, 2) == code;
}

bool IsKnownCountryCode(absl::string_view code) {
  return IsAssignedCountryCode(code) ||
         std::find(std::begin(kMicrosoftUserAssignedCodes),
                   std::end(kMicrosoftUserAssignedCodes),
                   code) != std::end(kMicrosoftUserAssignedCodes);
}

absl::Status ValidateCountryCode(absl::string_view code) {
  const bool two_letters =
      code.size() == 2 &&
      absl::ascii_isalpha(static_cast<unsigned char>(code[0])) &&
      absl::ascii_isalpha(static_cast<unsigned char>(code[1]));
  if (!two_letters) {
    return Invalid("is not a two-letter ISO 3166-1 alpha-2 country code");
  }
  if (!absl::ascii_isupper(static_cast<unsigned char>(code[0])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(code[1]))) {
    return Invalid("must be upper-case (ISO 3166-1 alpha-2, e.g. \"DE\")");
  }
  if (!IsKnownCountryCode(code)) {
    return Invalid(
        "is not an assigned ISO 3166-1 alpha-2 country code (nor XK, "
        "Kosovo, as Microsoft 365 uses it)");
  }
  return absl::OkStatus();
}

absl::Status ValidateDisplayName(absl::string_view name, size_t max_chars) {
  if (name.empty()) return Invalid("is empty");
  size_t pos = 0;
  size_t code_points = 0;
  bool blank = true;
  while (pos < name.size()) {
    uint32_t cp;
    if (!DecodeUtf8(name, &pos, &cp)) return Invalid("is not valid UTF-8");
    if (IsControl(cp)) return Invalid("contains a control character");
    if (!IsWhitespace(cp)) blank = false;
    ++code_points;
  }
  if (blank) return Invalid("is blank");
  if (code_points > max_chars) {
    return Invalid(absl::StrCat("is longer than ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateHttpsUrl(absl::string_view url) {
  if (url.empty()) return Invalid("is empty");
  if (url.size() > kMaxHttpsUrlLength) {
    return Invalid(
        absl::StrCat("is longer than ", kMaxHttpsUrlLength, " characters"));
  }
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isspace(u)) return Invalid("contains whitespace");
    if (u < 0x20 || u >= 0x7F) {
      return Invalid(
          "contains a character that is not printable ASCII; "
          "percent-encode it");
    }
    // Browsers read '\' as '/', so "https://a\@b" would reach a different
    // host than the one we checked.
    if (c == '\\') return Invalid("contains '\\'");
  }
  constexpr absl::string_view kScheme = "https://";
  if (!absl::StartsWith(url, kScheme)) {
    return Invalid("does not start with \"https://\"");
  }
  const absl::string_view rest = url.substr(kScheme.size());
  const size_t authority_end = rest.find_first_of("/?#");
  const absl::string_view authority = rest.substr(0, authority_end);
  const absl::string_view tail = authority_end == absl::string_view::npos
                                     ? absl::string_view()
                                     : rest.substr(authority_end);
  if (absl::StrContains(authority, '@')) {
    return Invalid("contains user info (\"user:password@\")");
  }
  if (authority.empty()) return Invalid("has no host");
  if (authority.front() == '[') {
    return Invalid("has an IPv6 host, which is not supported");
  }
  absl::string_view host = authority;
  if (const size_t colon = authority.find(':');
      colon != absl::string_view::npos) {
    host = authority.substr(0, colon);
    if (absl::Status s = ValidatePort(authority.substr(colon + 1)); !s.ok()) {
      return s;
    }
  }
  if (host.empty()) return Invalid("has no host");
  const bool looks_numeric = std::all_of(host.begin(), host.end(), [](char c) {
    return c == '.' || absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  if (looks_numeric) {
    if (!IsIpv4(host))
      return Invalid("has a host that is not a valid IPv4 address");
  } else if (absl::Status s =
                 ValidateDnsName(host, kMaxEmailDomainLength,
                                 /*require_dot=*/false, "the host");
             !s.ok()) {
    return s;
  }
  for (size_t i = 0; i < tail.size(); ++i) {
    if (tail[i] != '%') continue;
    if (i + 2 >= tail.size() ||
        !absl::ascii_isxdigit(static_cast<unsigned char>(tail[i + 1])) ||
        !absl::ascii_isxdigit(static_cast<unsigned char>(tail[i + 2]))) {
      return Invalid("has a '%' that is not followed by two hex digits");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateBackupName(absl::string_view name) {
  constexpr size_t kMaxBackupNameChars = 64;
  if (name.empty() || name.size() > kMaxBackupNameChars) {
    return Invalid("must be 1 to 64 characters of [a-z0-9-]");
  }
  for (char c : name) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-') {
      return Invalid(
          "may hold only lower-case letters, digits and '-' ([a-z0-9-])");
    }
  }
  return absl::OkStatus();
}

std::string NormalizeCaseInsensitiveKey(absl::string_view s) {
  return absl::AsciiStrToLower(s);
}

}  // namespace cordon::core
