#ifndef CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_HEADERS_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_HEADERS_H_

// The response headers that tell a throttled Graph call when and how widely
// to back off (DESIGN.md rule 1: the worker honours Retry-After).

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::adapters::graph {

// A Retry-After beyond this is clamped: a server asking for days is broken,
// and an action must not vanish for that long (ISO-11 keeps it visible).
inline constexpr absl::Duration kMaxRetryAfter = absl::Hours(24);

// Retry-After (RFC 9110 section 10.2.3): delta-seconds ("120"), or an
// HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT", also the obsolete RFC 850 and
// asctime forms) read against `now`; a date in the past gives zero. The
// result lies in [0, kMaxRetryAfter]. nullopt for an empty or unreadable
// value, which the caller treats like an absent header.
absl::optional<absl::Duration> ParseRetryAfter(absl::string_view value,
                                               absl::Time now);

// Whose requests a throttle holds back, from x-ms-throttle-scope.
enum class ThrottleScopeKind {
  kUnknown,            // absent, unreadable or an unknown scope
  kTenantApplication,  // "Tenant_Application": our app in this tenant
  kTenant,             // "Tenant": every app in this tenant
  kApplication,        // "Application": our app in every tenant
  kMailbox,            // "Mailbox": our app on one mailbox (not documented)
};

// x-ms-throttle-scope, documented for identity and access (directory) calls
// as <Scope>/<Limit>/<ApplicationId>/<TenantId|UserId|ResourceId>, e.g.
// "Tenant_Application/ReadWrite/<app id>/<tenant id>". Outlook (mailbox)
// calls are limited per app and mailbox but document no such header; a
// "Mailbox/..." scope is read as kMailbox should one arrive.
struct ThrottleScope {
  ThrottleScopeKind kind = ThrottleScopeKind::kUnknown;
  std::string limit;  // "Read", "Write" or "ReadWrite"; "" when absent
  std::string application_id;
  std::string resource_id;  // the tenant, user or resource id
};

// Never fails: an unreadable header gives kind kUnknown. Scope names are
// compared without regard to case.
ThrottleScope ParseThrottleScope(absl::string_view header);

// The throttle holds back calls to the whole tenant (directory): pause every
// call of this tenant, not only the one that was refused.
bool ThrottlesWholeTenant(const ThrottleScope& scope);

// The throttle holds back calls to one mailbox: other mailboxes of the
// tenant may go on.
bool ThrottlesOneMailbox(const ThrottleScope& scope);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_HEADERS_H_
