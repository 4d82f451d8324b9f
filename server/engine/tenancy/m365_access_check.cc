#include "server/engine/tenancy/m365_access_check.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/errors.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {
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

// For the audit trail: the outcome in one line, no secrets.
std::string Summary(const CheckM365AccessResponse& response) {
  if (!response.graph_configured()) {
    return "checked Microsoft 365 access: Graph is not configured";
  }
  const std::string tenant =
      absl::StrCat("checked Microsoft 365 access to tenant ",
                   response.m365_tenant_id(), ": ");
  if (!response.reachable()) {
    return absl::StrCat(tenant, "unreachable",
                        response.aadsts_code().empty()
                            ? ""
                            : absl::StrCat(" (", response.aadsts_code(), ")"));
  }
  std::vector<std::string> missing;
  for (const M365PermissionCheck& check : response.permissions()) {
    if (check.verdict() == M365PermissionCheck::MISSING) {
      missing.push_back(check.permission());
    }
  }
  return absl::StrCat(
      tenant, "reachable, ",
      missing.empty() ? "no permission missing"
                      : absl::StrCat("missing ", absl::StrJoin(missing, ", ")));
}

}  // namespace

CheckM365AccessResponse ToCheckM365AccessResponse(
    const std::string& tenant_id, const core::M365AccessReport& report) {
  CheckM365AccessResponse response;
  response.set_m365_tenant_id(tenant_id);
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

absl::StatusOr<CheckM365AccessResponse> M365AccessCheck::Check(
    const Actor& actor, uint64_t account, uint64_t organization) {
  CORDON_ASSIGN_OR_RETURN(cordon::v1::Organization stored,
                          organizations_->Get(account, organization));
  if (stored.m365_tenant_id().empty()) {
    return core::WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            stored.name(),
            " is not bound to a Microsoft 365 tenant; set m365_tenant_id "
            "first")),
        "M365_TENANT_NOT_BOUND");
  }
  core::M365AccessReport report;
  if (graph_ == nullptr) {
    report.configured = false;
    report.permissions = core::JudgePermissions(absl::nullopt, {});
  } else {
    report = graph_->CheckAccess(stored.m365_tenant_id());
  }
  CheckM365AccessResponse response =
      ToCheckM365AccessResponse(stored.m365_tenant_id(), report);
  CORDON_RETURN_IF_ERROR(
      store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
        CORDON_RETURN_IF_ERROR(audit_->Record(t, account, actor, stored.name(),
                                              Summary(response)));
        return t.Commit();
      }));
  return response;
}

}  // namespace cordon::engine
