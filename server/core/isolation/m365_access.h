#ifndef CORDON_SERVER_CORE_ISOLATION_M365_ACCESS_H_
#define CORDON_SERVER_CORE_ISOLATION_M365_ACCESS_H_

// CheckM365Access: which of the Microsoft Graph application permissions
// Cordon needs (ISO-3, ISO-9, ISO-12) a customer tenant granted, judged from
// the token's `roles` claim and from read calls that need each permission.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::core {

// One application permission Cordon asks each customer tenant to consent.
struct RequiredPermission {
  absl::string_view name;  // e.g. "User.RevokeSessions.All"
  absl::string_view why;   // the call that needs it
  // Broader application permissions that also grant it (Graph's permission
  // reference lists them as higher privileged); a tenant that consented one
  // of these still works.
  std::vector<absl::string_view> also_granted_by;
};

// In the order the report lists them.
const std::vector<RequiredPermission>& RequiredM365Permissions();

enum class PermissionVerdict {
  kUnknown,  // neither the token nor a call could tell
  kOk,
  kMissing,
};

absl::string_view PermissionVerdictName(PermissionVerdict verdict);

// A read call made to exercise one permission.
struct PermissionProbe {
  std::string permission;
  GraphCallOutcome outcome;
  // A 2xx proves the permission is granted. False for a read standing in for
  // a write (listing inbox rules needs only MailboxSettings.Read): then only
  // its 403 counts.
  bool success_proves_grant = true;
};

struct PermissionCheck {
  std::string permission;
  PermissionVerdict verdict = PermissionVerdict::kUnknown;
  // The probe's HTTP status and Graph error code; 0 / "" when none was made.
  int http_status = 0;
  std::string graph_code;
};

// What CheckM365Access found for one tenant.
struct M365AccessReport {
  // false: this server has no Graph credentials (no --graph_client_id).
  bool configured = true;
  // A token was issued for the tenant.
  bool reachable = false;
  // When no token: the token endpoint's AADSTS code ("" if none) and the
  // failed request's outcome (HTTP status 0 = no answer).
  std::string aadsts_code;
  int token_http_status = 0;
  // Without secrets; for the admin.
  std::string detail;
  std::vector<PermissionCheck> permissions;
};

// Verdict for `permission`, first that applies:
//   a probe answered 2xx (and success_proves_grant)       -> OK
//   a probe answered 403                                  -> MISSING
//   the token's roles are known (a JWT; no `roles` claim
//     = none granted) and grant it or a broader one       -> OK
//   the token's roles are known and do not                -> MISSING
//   otherwise                                             -> UNKNOWN
// A probe that failed for another reason (404, 5xx, no mailbox) says
// nothing about the permission.
PermissionCheck JudgePermission(
    const RequiredPermission& permission,
    const absl::optional<std::vector<std::string>>& granted_roles,
    const PermissionProbe* probe);

// One check per RequiredM365Permissions() entry, in that order; `probes` may
// cover any subset of them.
std::vector<PermissionCheck> JudgePermissions(
    const absl::optional<std::vector<std::string>>& granted_roles,
    absl::Span<const PermissionProbe> probes);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_M365_ACCESS_H_
