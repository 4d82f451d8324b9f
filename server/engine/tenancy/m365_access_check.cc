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

// For the audit trail: the outcome in one line, no secrets.
std::string Summary(const M365AccessOutcome& outcome) {
  const core::M365AccessReport& report = outcome.report;
  if (!report.configured) {
    return "checked Microsoft 365 access: Graph is not configured";
  }
  const std::string tenant = absl::StrCat(
      "checked Microsoft 365 access to tenant ", outcome.tenant_id, ": ");
  if (!report.reachable) {
    return absl::StrCat(tenant, "unreachable",
                        report.aadsts_code.empty()
                            ? ""
                            : absl::StrCat(" (", report.aadsts_code, ")"));
  }
  std::vector<std::string> missing;
  for (const core::PermissionCheck& check : report.permissions) {
    if (check.verdict == core::PermissionVerdict::kMissing) {
      missing.push_back(check.permission);
    }
  }
  return absl::StrCat(
      tenant, "reachable, ",
      missing.empty() ? "no permission missing"
                      : absl::StrCat("missing ", absl::StrJoin(missing, ", ")));
}

}  // namespace

absl::StatusOr<M365AccessOutcome> M365AccessCheck::Check(
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
  M365AccessOutcome outcome;
  outcome.tenant_id = stored.m365_tenant_id();
  if (graph_ == nullptr) {
    outcome.report.configured = false;
    outcome.report.permissions = core::JudgePermissions(absl::nullopt, {});
  } else {
    outcome.report = graph_->CheckAccess(stored.m365_tenant_id());
  }
  CORDON_RETURN_IF_ERROR(
      store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
        CORDON_RETURN_IF_ERROR(
            audit_->Record(t, account, actor, stored.name(), Summary(outcome)));
        return t.Commit();
      }));
  return outcome;
}

}  // namespace cordon::engine
