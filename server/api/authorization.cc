#include "server/api/authorization.h"

#include "absl/strings/str_cat.h"
#include "cordon/v1/common.pb.h"
#include "server/core/errors.h"

namespace cordon::api {
namespace {

absl::Status Denied(absl::string_view why) {
  return core::WithReason(absl::PermissionDeniedError(why),
                          "PERMISSION_DENIED");
}

absl::Status NotFound(const std::string& resource) {
  return absl::NotFoundError(absl::StrCat(resource, " not found"));
}

}  // namespace

absl::Status AuthorizeRole(const Principal& principal) {
  switch (principal.key.role) {
    case cordon::v1::SOC_ANALYST:
    case cordon::v1::ACCOUNT_ADMIN:
    case cordon::v1::ACCOUNT_USER:
    case cordon::v1::ORGANIZATION_USER:
      return absl::OkStatus();
    case cordon::v1::SERVICE:
      return Denied("SERVICE keys may only record telemetry");
    case cordon::v1::AGENT:
      // ISO-15: an agent key speaks only AgentService (RequireAgentOf).
      return Denied("agent keys may only call AgentService");
    default:
      return Denied("the key has no role");
  }
}

absl::Status Authorize(const Principal& principal, Access access,
                       const Scope& scope, const std::string& resource) {
  CORDON_RETURN_IF_ERROR(AuthorizeRole(principal));
  const engine::KeyHolder& key = principal.key;
  if (key.role == cordon::v1::SOC_ANALYST) return absl::OkStatus();
  if (key.account != scope.account) return NotFound(resource);
  if (key.role == cordon::v1::ORGANIZATION_USER) {
    if (scope.organization == 0) {
      return Denied(
          "organization users can only see their own organization's "
          "resources");
    }
    if (scope.organization != key.organization) return NotFound(resource);
  }
  if (access == Access::kWrite && key.role != cordon::v1::ACCOUNT_ADMIN) {
    return Denied(absl::StrCat(cordon::v1::Role_Name(key.role),
                               " may only read; ask an account admin"));
  }
  return absl::OkStatus();
}

absl::Status RequireAgent(const Principal& principal) {
  if (principal.key.role == cordon::v1::AGENT &&
      principal.key.organization != 0) {
    return absl::OkStatus();
  }
  return Denied("only an organization's agent key may call AgentService");
}

absl::Status RequireSocAnalyst(const Principal& principal) {
  if (principal.key.role == cordon::v1::SOC_ANALYST) return absl::OkStatus();
  return Denied("only SOC analysts may do this");
}

}  // namespace cordon::api
