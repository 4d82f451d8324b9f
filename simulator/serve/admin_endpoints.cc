#include "simulator/serve/admin_endpoints.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "simulator/serve/admin_body.h"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

WireAnswer Json(int status, const json& body) {
  WireAnswer answer;
  answer.status = status;
  answer.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return answer;
}

WireAnswer Done() { return Json(200, {{"ok", true}}); }

WireAnswer BadBody(const AdminBody& body) {
  return Json(400, {{"error", body.error()}});
}

int HttpStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kFailedPrecondition:
      return 412;
    default:
      return 400;
  }
}

WireAnswer FromStatus(const absl::Status& status) {
  if (status.ok()) return Done();
  return Json(HttpStatusOf(status), {{"error", std::string(status.message())}});
}

json RulesJson(const World& world, const std::string& tenant,
               const std::string& upn) {
  json rules = json::array();
  std::vector<core::InboxRule> found;
  if (world.ReadInboxRules(tenant, upn, &found) != WorldResult::kDone) {
    return rules;
  }
  for (const core::InboxRule& rule : found) {
    rules.push_back({{"id", rule.id},
                     {"enabled", rule.is_enabled},
                     {"read_only", rule.is_read_only}});
  }
  return rules;
}

}  // namespace

AdminEndpoints::AdminEndpoints(World* world, RequestLog* log,
                               HttpFaults* faults, TokenIssuer* tokens)
    : world_(world), log_(log), faults_(faults), tokens_(tokens) {}

WireAnswer AdminEndpoints::Requests(const WireRequest& /*request*/) const {
  WireAnswer answer;
  answer.body = log_->ToJson();
  return answer;
}

WireAnswer AdminEndpoints::User(const WireRequest& request) const {
  const std::string& tenant = request.captures.at(0);
  const std::string& upn = request.captures.at(1);
  const absl::optional<bool> enabled = world_->IsCloudEnabled(tenant, upn);
  if (!enabled.has_value()) {
    return Json(404, {{"error", "no such tenant or user"}});
  }
  const absl::optional<bool> on_prem = world_->IsOnPremEnabled(tenant, upn);
  return Json(200, {{"account_enabled", *enabled},
                    {"synced", world_->IsSynced(tenant, upn).value_or(false)},
                    {"on_prem_enabled",
                     on_prem.has_value() ? json(*on_prem) : json(nullptr)},
                    {"disabled_by_admin",
                     world_->IsDisabledByAdmin(tenant, upn).value_or(false)},
                    {"sessions", world_->SessionCount(tenant, upn).value_or(0)},
                    {"inbox_rules", RulesJson(*world_, tenant, upn)}});
}

WireAnswer AdminEndpoints::SignIn(const WireRequest& request) const {
  AdminBody body(request.body);
  const std::string tenant = body.String("tenant");
  const std::string upn = body.String("upn");
  if (!body.ok()) return BadBody(body);
  return FromStatus(world_->SignIn(tenant, upn));
}

namespace {

// {"tenant","upn","enabled"} applied with `set` (a World call on one user).
template <typename Set>
WireAnswer SetUserEnabled(const WireRequest& request, Set set) {
  AdminBody body(request.body);
  const std::string tenant = body.String("tenant");
  const std::string upn = body.String("upn");
  const bool enabled = body.Bool("enabled", true, /*required=*/true);
  if (!body.ok()) return BadBody(body);
  return FromStatus(WorldResultToStatus(set(tenant, upn, enabled)));
}

}  // namespace

WireAnswer AdminEndpoints::SetAccountEnabled(const WireRequest& request) const {
  return SetUserEnabled(request, [this](const std::string& tenant,
                                        const std::string& upn, bool enabled) {
    return world_->AdminSetCloudEnabled(tenant, upn, enabled);
  });
}

WireAnswer AdminEndpoints::SetOnPremEnabled(const WireRequest& request) const {
  return SetUserEnabled(request, [this](const std::string& tenant,
                                        const std::string& upn, bool enabled) {
    return world_->ApplySetOnPremEnabled(tenant, upn, enabled);
  });
}

WireAnswer AdminEndpoints::AddInboxRule(const WireRequest& request) const {
  AdminBody body(request.body);
  const std::string tenant = body.String("tenant");
  const std::string upn = body.String("upn");
  const json* rule_json = body.Object("rule");
  if (!body.ok()) return BadBody(body);
  AdminBody rule_body(*rule_json, "rule.");
  const core::InboxRule rule = ReadInboxRule(rule_body);
  if (!rule_body.ok()) return BadBody(rule_body);
  return FromStatus(world_->AddInboxRule(tenant, upn, rule));
}

WireAnswer AdminEndpoints::DirectorySync(const WireRequest& request) const {
  AdminBody body(request.body);
  const std::string tenant = body.String("tenant", /*required=*/false);
  if (!body.ok()) return BadBody(body);
  if (tenant.empty()) {
    world_->RunDirectorySyncCycleForAllTenants();
    return Done();
  }
  return FromStatus(world_->RunDirectorySyncCycle(tenant));
}

WireAnswer AdminEndpoints::SetTenantAadsts(const WireRequest& request) const {
  AdminBody body(request.body);
  const std::string tenant = body.String("tenant");
  const std::string code = body.String("code", /*required=*/false);
  if (!code.empty() && !IsAadstsCode(code)) {
    body.Fail("code must be an AADSTS code such as \"AADSTS65001\"");
  }
  if (!body.ok()) return BadBody(body);
  if (!world_->HasTenant(tenant)) {
    return Json(404, {{"error", absl::StrCat("no tenant ", tenant)}});
  }
  faults_->SetTenantAadsts(tenant, code);
  return Done();
}

WireAnswer AdminEndpoints::SetTenantRoles(const WireRequest& request) const {
  AdminBody body(request.body);
  const std::string tenant = body.String("tenant");
  const bool no_claim = body.Bool("no_roles_claim", false);
  absl::optional<TokenRoles> roles;
  if (no_claim || body.Has("roles")) roles = TokenRoles{!no_claim, {}};
  if (body.Has("roles")) {
    roles->roles = body.Strings("roles");
    if (no_claim) body.Fail("give roles or no_roles_claim, not both");
  }
  if (!body.ok()) return BadBody(body);
  if (!world_->HasTenant(tenant)) {
    return Json(404, {{"error", absl::StrCat("no tenant ", tenant)}});
  }
  tokens_->SetTenantRoles(tenant, std::move(roles));
  return Done();
}

}  // namespace cordon::sim::serve
