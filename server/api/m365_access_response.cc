#include "server/api/m365_access_response.h"

#include <string>

#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/m365_access.h"

namespace cordon::api {
namespace {

using cordon::v1::CheckM365AccessResponse;
using cordon::v1::M365PermissionCheck;

M365PermissionCheck::Verdict ToProto(core::PermissionVerdict verdict) {
  switch (verdict) {
    case core::PermissionVerdict::kOk:
      return M365PermissionCheck::OK;
    case core::PermissionVerdict::kMissing:
      return M365PermissionCheck::MISSING;
    case core::PermissionVerdict::kUnknown:
      break;
  }
  return M365PermissionCheck::UNKNOWN;
}

absl::string_view PurposeOf(absl::string_view permission) {
  for (const core::RequiredPermission& required :
       core::RequiredM365Permissions()) {
    if (required.name == permission) return required.why;
  }
  return "";
}

}  // namespace

CheckM365AccessResponse ToCheckM365AccessResponse(
    const engine::M365AccessOutcome& outcome) {
  const core::M365AccessReport& report = outcome.report;
  CheckM365AccessResponse response;
  response.set_m365_tenant_id(outcome.tenant_id);
  response.set_graph_configured(report.configured);
  response.set_reachable(report.reachable);
  response.set_token_http_status(report.token_http_status);
  response.set_detail(report.detail);
  if (!report.aadsts_code.empty()) {
    const core::AadstsDescription description =
        core::DescribeAadstsError(report.aadsts_code);
    response.set_aadsts_code(report.aadsts_code);
    response.set_aadsts_meaning(std::string(description.meaning));
    response.set_aadsts_remedy(std::string(description.remedy));
  }
  for (const core::PermissionCheck& check : report.permissions) {
    M365PermissionCheck* out = response.add_permissions();
    out->set_permission(check.permission);
    out->set_purpose(std::string(PurposeOf(check.permission)));
    out->set_verdict(ToProto(check.verdict));
    out->set_http_status(check.http_status);
    out->set_graph_error_code(check.graph_code);
  }
  return response;
}

}  // namespace cordon::api
