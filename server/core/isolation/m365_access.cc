#include "server/core/isolation/m365_access.h"

#include <algorithm>
#include <string>
#include <vector>

namespace cordon::core {
namespace {

bool IsGranted(const RequiredPermission& permission,
               const std::vector<std::string>& roles) {
  auto has = [&roles](absl::string_view name) {
    return std::find(roles.begin(), roles.end(), name) != roles.end();
  };
  if (has(permission.name)) return true;
  return std::any_of(permission.also_granted_by.begin(),
                     permission.also_granted_by.end(), has);
}

}  // namespace

// Least privileged application permissions per Graph's API reference; the
// broader ones are the "higher privileged" column of the same pages.
const std::vector<RequiredPermission>& RequiredM365Permissions() {
  static const auto* permissions = new std::vector<RequiredPermission>{
      {"User.RevokeSessions.All",
       "revoke the user's sign-in sessions (POST "
       "/users/{id}/revokeSignInSessions)",
       {"User.ReadWrite.All", "Directory.ReadWrite.All"}},
      {"User.EnableDisableAccount.All",
       "disable and re-enable the account (PATCH /users/{id} accountEnabled)",
       {"User.ReadWrite.All", "Directory.ReadWrite.All"}},
      {"User.Read.All",
       "read users: the account state, hybrid flag and the tenant inventory "
       "(GET /users/{id}, GET /users/delta)",
       {"User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"MailboxSettings.ReadWrite",
       "list inbox rules and disable forwarding rules (GET/PATCH "
       "/users/{id}/mailFolders/inbox/messageRules)",
       {}},
      {"Domain.Read.All",
       "list the tenant's verified domains to tell external forwarding from "
       "internal (GET /domains)",
       {"Domain.ReadWrite.All", "Directory.Read.All",
        "Directory.ReadWrite.All"}},
  };
  return *permissions;
}

absl::string_view PermissionVerdictName(PermissionVerdict verdict) {
  switch (verdict) {
    case PermissionVerdict::kOk:
      return "OK";
    case PermissionVerdict::kMissing:
      return "MISSING";
    case PermissionVerdict::kUnknown:
      break;
  }
  return "UNKNOWN";
}

PermissionCheck JudgePermission(
    const RequiredPermission& permission,
    const absl::optional<std::vector<std::string>>& granted_roles,
    const PermissionProbe* probe) {
  PermissionCheck check;
  check.permission = std::string(permission.name);
  if (probe != nullptr) {
    check.http_status = probe->outcome.http_status;
    check.graph_code = probe->outcome.error_code;
    const int status = probe->outcome.http_status;
    if (status >= 200 && status < 300 && probe->success_proves_grant) {
      check.verdict = PermissionVerdict::kOk;
      return check;
    }
    if (status == 403) {
      check.verdict = PermissionVerdict::kMissing;
      return check;
    }
  }
  if (granted_roles.has_value()) {
    check.verdict = IsGranted(permission, *granted_roles)
                        ? PermissionVerdict::kOk
                        : PermissionVerdict::kMissing;
  }
  return check;
}

std::vector<PermissionCheck> JudgePermissions(
    const absl::optional<std::vector<std::string>>& granted_roles,
    absl::Span<const PermissionProbe> probes) {
  std::vector<PermissionCheck> checks;
  for (const RequiredPermission& permission : RequiredM365Permissions()) {
    const PermissionProbe* probe = nullptr;
    for (const PermissionProbe& candidate : probes) {
      if (candidate.permission == permission.name) probe = &candidate;
    }
    checks.push_back(JudgePermission(permission, granted_roles, probe));
  }
  return checks;
}

}  // namespace cordon::core
