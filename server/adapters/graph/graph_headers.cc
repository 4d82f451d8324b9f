#include "server/adapters/graph/graph_headers.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace cordon::adapters::graph {
namespace {

// IMF-fixdate, then the two obsolete forms RFC 9110 says a recipient must
// still read.
constexpr const char* kHttpDateFormats[] = {
    "%a, %d %b %Y %H:%M:%S GMT",
    "%A, %d-%b-%y %H:%M:%S GMT",
    "%a %b %e %H:%M:%S %Y",
};

absl::Duration Clamp(absl::Duration wait) {
  if (wait < absl::ZeroDuration()) return absl::ZeroDuration();
  return wait > kMaxRetryAfter ? kMaxRetryAfter : wait;
}

absl::optional<absl::Duration> ParseDeltaSeconds(absl::string_view value) {
  if (value.find_first_not_of("0123456789") != absl::string_view::npos) {
    return absl::nullopt;
  }
  // More digits than any sensible wait: clamp instead of overflowing.
  constexpr size_t kMaxDigits = 9;
  if (value.size() > kMaxDigits) return kMaxRetryAfter;
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(value, &seconds)) return absl::nullopt;
  return Clamp(absl::Seconds(seconds));
}

absl::optional<absl::Duration> ParseHttpDate(absl::string_view value,
                                             absl::Time now) {
  for (const char* format : kHttpDateFormats) {
    absl::Time when;
    std::string ignored_error;
    if (absl::ParseTime(format, value, absl::UTCTimeZone(), &when,
                        &ignored_error)) {
      return Clamp(when - now);
    }
  }
  return absl::nullopt;
}

ThrottleScopeKind ScopeKind(absl::string_view scope) {
  struct Named {
    absl::string_view name;
    ThrottleScopeKind kind;
  };
  constexpr Named kScopes[] = {
      {"Tenant_Application", ThrottleScopeKind::kTenantApplication},
      {"Tenant", ThrottleScopeKind::kTenant},
      {"Application", ThrottleScopeKind::kApplication},
      {"Mailbox", ThrottleScopeKind::kMailbox},
  };
  for (const Named& named : kScopes) {
    if (absl::EqualsIgnoreCase(scope, named.name)) return named.kind;
  }
  return ThrottleScopeKind::kUnknown;
}

}  // namespace

absl::optional<absl::Duration> ParseRetryAfter(absl::string_view value,
                                               absl::Time now) {
  value = absl::StripAsciiWhitespace(value);
  if (value.empty()) return absl::nullopt;
  if (absl::ascii_isdigit(static_cast<unsigned char>(value.front()))) {
    return ParseDeltaSeconds(value);
  }
  return ParseHttpDate(value, now);
}

ThrottleScope ParseThrottleScope(absl::string_view header) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::StripAsciiWhitespace(header), '/');
  ThrottleScope scope;
  scope.kind = ScopeKind(parts[0]);
  if (parts.size() > 1) scope.limit = std::string(parts[1]);
  if (parts.size() > 2) scope.application_id = std::string(parts[2]);
  if (parts.size() > 3) scope.resource_id = std::string(parts[3]);
  return scope;
}

bool ThrottlesWholeTenant(const ThrottleScope& scope) {
  return scope.kind == ThrottleScopeKind::kTenant ||
         scope.kind == ThrottleScopeKind::kTenantApplication;
}

bool ThrottlesOneMailbox(const ThrottleScope& scope) {
  return scope.kind == ThrottleScopeKind::kMailbox;
}

}  // namespace cordon::adapters::graph
