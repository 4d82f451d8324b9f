// RestGraph::CheckAccess (CheckM365Access): read calls only.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "server/adapters/graph/access_json.h"
#include "server/adapters/graph/graph_outcome.h"
#include "server/adapters/graph/rest_graph.h"

namespace cordon::adapters::graph {
namespace {

core::PermissionProbe Probe(absl::string_view permission,
                            core::GraphCallOutcome outcome,
                            bool success_proves_grant = true) {
  core::PermissionProbe probe;
  probe.permission = std::string(permission);
  probe.outcome = std::move(outcome);
  probe.success_proves_grant = success_proves_grant;
  return probe;
}

core::M365AccessReport Unreachable(const TokenResult& token) {
  core::M365AccessReport report;
  report.reachable = false;
  report.aadsts_code = token.failure.aadsts_code;
  report.token_http_status = token.failure.http_status;
  report.detail = token.detail;
  // Without a token nothing can be told about the permissions.
  report.permissions = core::JudgePermissions(absl::nullopt, {});
  return report;
}

}  // namespace

core::M365AccessReport RestGraph::CheckAccess(const std::string& tenant_id) {
  const TokenResult token = tokens_->Token(tenant_id);
  if (!token.ok) return Unreachable(token);
  std::vector<core::PermissionProbe> probes;
  std::vector<std::string> domains;
  probes.push_back(
      Probe("Domain.Read.All", ListTenantDomains(tenant_id, &domains)));
  GraphAnswer users =
      caller_.Call(tenant_id, http::HttpMethod::kGet, urls_.FirstUser(), "",
                   CallPriority::kNormal);
  std::string upn;
  if (Succeeded(users.outcome)) {
    absl::StatusOr<std::string> first = ParseFirstUserPrincipalName(users.body);
    if (first.ok()) {
      upn = *first;
    } else {
      users.outcome = MalformedAnswerOutcome();
    }
  }
  probes.push_back(Probe("User.Read.All", users.outcome));
  if (!upn.empty()) {
    // Listing needs only MailboxSettings.Read: a 403 shows ReadWrite is
    // missing, a success does not show it is granted.
    const GraphAnswer rules =
        caller_.Call(tenant_id, http::HttpMethod::kGet, urls_.InboxRules(upn),
                     "", CallPriority::kNormal);
    probes.push_back(Probe("MailboxSettings.ReadWrite", rules.outcome,
                           /*success_proves_grant=*/false));
  }
  core::M365AccessReport report;
  report.reachable = true;
  report.permissions =
      core::JudgePermissions(RolesFromAccessToken(token.access_token), probes);
  return report;
}

}  // namespace cordon::adapters::graph
