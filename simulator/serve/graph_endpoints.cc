#include "simulator/serve/graph_endpoints.h"

#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "simulator/serve/graph_json.h"

namespace cordon::sim::serve {
namespace {

// Graph's well-known folder names a client may read by name.
constexpr absl::string_view kWellKnownFolders[] = {
    "inbox",     "deleteditems", "archive", "junkemail",
    "sentitems", "drafts",       "outbox"};

const std::string& Upn(const WireRequest& request) {
  return request.captures.at(0);
}

bool HasUser(const World& world, const std::string& tenant_id,
             const std::string& upn) {
  return world.IsCloudEnabled(tenant_id, upn).has_value();
}

}  // namespace

absl::optional<bool> ParseBoolPatch(absl::string_view body,
                                    absl::string_view name) {
  const nlohmann::json patch = nlohmann::json::parse(body, nullptr, false);
  if (!patch.is_object() || patch.size() != 1) return absl::nullopt;
  auto it = patch.find(std::string(name));
  if (it == patch.end() || !it->is_boolean()) return absl::nullopt;
  return it->get<bool>();
}

GraphEndpoints::GraphEndpoints(World* world, const ports::Clock* clock,
                               int rules_page_size)
    : world_(world), clock_(clock), rules_page_size_(rules_page_size) {}

WireAnswer GraphEndpoints::Error(const WireRequest& request, int status,
                                 absl::string_view code,
                                 absl::string_view message) const {
  WireAnswer answer;
  answer.status = status;
  answer.tenant = request.tenant_id;
  answer.body =
      GraphErrorBody(code, message, request.request_id, clock_->Now());
  return answer;
}

WireAnswer GraphEndpoints::Ok(const WireRequest& request, int status,
                              std::string body) const {
  WireAnswer answer;
  answer.status = status;
  answer.tenant = request.tenant_id;
  answer.body = std::move(body);
  return answer;
}

WireAnswer GraphEndpoints::Refused(const WireRequest& request,
                                   WorldResult result) const {
  switch (result) {
    case WorldResult::kUnknownRule:
      return Error(request, 404, "ErrorItemNotFound",
                   "The specified object was not found in the store.");
    case WorldResult::kReadOnlyRule:
      return Error(request, 403, "ErrorAccessDenied",
                   "Access is denied. The rule is read-only.");
    case WorldResult::kUnknownTenant:
      return Error(request, 401, "InvalidAuthenticationToken",
                   "The token's tenant does not exist.");
    default:
      break;
  }
  for (const std::string& tenant_id : world_->TenantIds()) {
    if (tenant_id != request.tenant_id &&
        HasUser(*world_, tenant_id, Upn(request))) {
      return Error(request, 401, "InvalidAuthenticationToken",
                   "The token was issued for another tenant.");
    }
  }
  return Error(request, 404, "Request_ResourceNotFound",
               absl::StrCat("Resource '", Upn(request),
                            "' does not exist in this directory."));
}

WireAnswer GraphEndpoints::RevokeSignInSessions(
    const WireRequest& request) const {
  const WorldResult result =
      world_->ApplyRevokeSessions(request.tenant_id, Upn(request));
  if (result != WorldResult::kDone) return Refused(request, result);
  return Ok(request, 200, RevokeBody());
}

WireAnswer GraphEndpoints::PatchUser(const WireRequest& request) const {
  const absl::optional<bool> enabled =
      ParseBoolPatch(request.body, "accountEnabled");
  if (!enabled.has_value()) {
    return Error(request, 400, "Request_BadRequest",
                 "The served simulator accepts only {\"accountEnabled\": "
                 "true|false}.");
  }
  const WorldResult result =
      world_->ApplySetCloudEnabled(request.tenant_id, Upn(request), *enabled);
  if (result != WorldResult::kDone) return Refused(request, result);
  WireAnswer answer = Ok(request, 204, "");
  answer.content_type = "";
  return answer;
}

WireAnswer GraphEndpoints::GetUser(const WireRequest& request) const {
  ports::GraphUser user;
  const WorldResult result =
      world_->ReadUser(request.tenant_id, Upn(request), &user);
  if (result != WorldResult::kDone) return Refused(request, result);
  return Ok(
      request, 200,
      UserBody({world_->ObjectId(request.tenant_id, Upn(request)).value_or(""),
                absl::AsciiStrToLower(Upn(request)), user}));
}

std::string GraphEndpoints::NextLink(const WireRequest& request,
                                     size_t offset) const {
  return absl::StrCat("https://", request.host, "/v1.0/users/",
                      httplib::detail::encode_query_param(Upn(request)),
                      "/mailFolders/inbox/messageRules?$skiptoken=", offset);
}

WireAnswer GraphEndpoints::ListInboxRules(const WireRequest& request) const {
  std::vector<core::InboxRule> rules;
  const WorldResult result =
      world_->ReadInboxRules(request.tenant_id, Upn(request), &rules);
  if (result != WorldResult::kDone) return Refused(request, result);
  size_t offset = 0;
  if (auto it = request.query.find("$skiptoken"); it != request.query.end()) {
    if (!absl::SimpleAtoi(it->second, &offset) || offset > rules.size()) {
      return Error(request, 400, "BadRequest", "The $skiptoken is not valid.");
    }
  }
  size_t end = rules.size();
  if (rules_page_size_ > 0) {
    end = std::min(end, offset + static_cast<size_t>(rules_page_size_));
  }
  const std::vector<core::InboxRule> page(rules.begin() + offset,
                                          rules.begin() + end);
  return Ok(request, 200,
            MessageRulesBody(Upn(request), page,
                             end < rules.size() ? NextLink(request, end) : ""));
}

WireAnswer GraphEndpoints::PatchInboxRule(const WireRequest& request) const {
  const absl::optional<bool> enabled =
      ParseBoolPatch(request.body, "isEnabled");
  if (!enabled.has_value()) {
    return Error(request, 400, "ErrorInvalidRequest",
                 "The served simulator accepts only {\"isEnabled\": "
                 "true|false}.");
  }
  const std::string& rule_id = request.captures.at(1);
  const WorldResult result = world_->ApplySetInboxRuleEnabled(
      request.tenant_id, Upn(request), rule_id, *enabled);
  if (result != WorldResult::kDone) return Refused(request, result);
  const absl::optional<core::InboxRule> rule =
      world_->Rule(request.tenant_id, Upn(request), rule_id);
  return Ok(request, 200,
            MessageRuleBody(Upn(request), rule.value_or(core::InboxRule())));
}

WireAnswer GraphEndpoints::GetMailFolder(const WireRequest& request) const {
  const std::string name = absl::AsciiStrToLower(request.captures.at(1));
  if (std::find(std::begin(kWellKnownFolders), std::end(kWellKnownFolders),
                name) == std::end(kWellKnownFolders)) {
    return Error(request, 400, "ErrorInvalidIdMalformed", "Id is malformed.");
  }
  if (!HasUser(*world_, request.tenant_id, Upn(request))) {
    return Refused(request, WorldResult::kUnknownUser);
  }
  return Ok(request, 200, MailFolderBody(Upn(request), name));
}

absl::optional<std::string> GraphEndpoints::DeltaLinkOf(
    const WireRequest& request) {
  auto skip = request.query.find("$skiptoken");
  auto delta = request.query.find("$deltatoken");
  if (skip != request.query.end() && delta != request.query.end()) {
    return absl::nullopt;
  }
  if (skip != request.query.end()) return skip->second;
  if (delta != request.query.end()) return delta->second;
  return std::string();
}

std::string GraphEndpoints::DeltaUrl(const WireRequest& request,
                                     absl::string_view parameter,
                                     absl::string_view link) {
  if (link.empty()) return "";
  return absl::StrCat("https://", request.host, "/v1.0/users/delta()?",
                      parameter, "=",
                      httplib::detail::encode_query_param(std::string(link)));
}

WireAnswer GraphEndpoints::ReadUsersDelta(const WireRequest& request) const {
  const absl::optional<std::string> link = DeltaLinkOf(request);
  if (!link.has_value()) {
    return Error(request, 400, "BadRequest",
                 "Pass at most one of $skiptoken and $deltatoken.");
  }
  ports::UsersDeltaPage page;
  switch (world_->ReadUsersDelta(request.tenant_id, *link, &page)) {
    case WorldResult::kDone:
      break;
    case WorldResult::kDeltaTokenExpired:
      // tests/contract/graph/delta_resync_required.json
      return Error(request, 410, "resyncRequired",
                   "The delta token is no longer valid; start a full "
                   "synchronization again.");
    case WorldResult::kUnknownTenant:
      return Error(request, 401, "InvalidAuthenticationToken",
                   "The token's tenant does not exist.");
    default:
      return Error(request, 400, "BadRequest",
                   "The $skiptoken or $deltatoken is not valid.");
  }
  return Ok(request, 200,
            UsersDeltaBody(page.users,
                           DeltaUrl(request, "$skiptoken", page.next_link),
                           DeltaUrl(request, "$deltatoken", page.delta_link)));
}

WireAnswer GraphEndpoints::ListDomains(const WireRequest& request) const {
  std::vector<std::string> domains;
  const WorldResult result =
      world_->ReadTenantDomains(request.tenant_id, &domains);
  if (result != WorldResult::kDone) return Refused(request, result);
  return Ok(request, 200, DomainsBody(domains));
}

WireAnswer GraphEndpoints::ListUsers(const WireRequest& request) const {
  size_t top = 100;
  if (auto it = request.query.find("$top"); it != request.query.end()) {
    if (!absl::SimpleAtoi(it->second, &top) || top < 1 || top > 999) {
      return Error(request, 400, "BadRequest",
                   "Invalid page size specified: '$top' must be 1..999.");
    }
  }
  if (!world_->HasTenant(request.tenant_id)) {
    return Refused(request, WorldResult::kUnknownTenant);
  }
  std::vector<std::string> upns = world_->Upns(request.tenant_id);
  if (upns.size() > top) upns.resize(top);
  std::vector<ServedUser> users;
  for (const std::string& upn : upns) {
    ServedUser served{
        world_->ObjectId(request.tenant_id, upn).value_or(""), upn, {}};
    if (world_->ReadUser(request.tenant_id, upn, &served.user) ==
        WorldResult::kDone) {
      users.push_back(std::move(served));
    }
  }
  return Ok(request, 200, UsersBody(users));
}

}  // namespace cordon::sim::serve
