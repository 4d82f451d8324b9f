#include "simulator/serve/graph_json.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/fingerprint.h"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

constexpr absl::string_view kMetadata =
    "https://graph.microsoft.com/v1.0/$metadata";

std::string Dump(const json& value) {
  // Names and addresses come from world files: replace bytes that are not
  // UTF-8 rather than throw.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json Recipients(const std::vector<std::string>& addresses) {
  json list = json::array();
  for (const std::string& address : addresses) {
    list.push_back(
        {{"emailAddress", {{"name", address}, {"address", address}}}});
  }
  return list;
}

std::string FolderName(core::WellKnownFolder folder) {
  switch (folder) {
    case core::WellKnownFolder::kDeletedItems:
      return "deleteditems";
    case core::WellKnownFolder::kRssFeeds:
      return "rssfeeds";
    case core::WellKnownFolder::kArchive:
      return "archive";
    case core::WellKnownFolder::kJunk:
      return "junkemail";
    case core::WellKnownFolder::kOther:
      return "other";
    case core::WellKnownFolder::kNone:
      break;
  }
  return "";
}

json RuleJson(absl::string_view upn, const core::InboxRule& rule) {
  const core::InboxRuleActions& in = rule.actions;
  json actions = {{"stopProcessingRules", false}};
  if (!in.forward_to.empty()) actions["forwardTo"] = Recipients(in.forward_to);
  if (!in.forward_as_attachment_to.empty()) {
    actions["forwardAsAttachmentTo"] = Recipients(in.forward_as_attachment_to);
  }
  if (!in.redirect_to.empty())
    actions["redirectTo"] = Recipients(in.redirect_to);
  if (in.mark_as_read) actions["markAsRead"] = true;
  if (in.delete_message) actions["delete"] = true;
  if (in.permanent_delete) actions["permanentDelete"] = true;
  if (in.move_to_folder != core::WellKnownFolder::kNone) {
    actions["moveToFolder"] =
        WellKnownFolderId(upn, FolderName(in.move_to_folder));
  }
  return {{"id", rule.id},
          {"displayName", rule.display_name},
          {"sequence", 1},
          {"isEnabled", rule.is_enabled},
          {"hasError", false},
          {"isReadOnly", rule.is_read_only},
          {"conditions", json::object()},
          {"actions", std::move(actions)}};
}

}  // namespace

std::string GraphErrorBody(absl::string_view code, absl::string_view message,
                           absl::string_view request_id, absl::Time now) {
  const std::string date =
      absl::FormatTime("%Y-%m-%dT%H:%M:%S", now, absl::UTCTimeZone());
  return Dump({{"error",
                {{"code", code},
                 {"message", message},
                 {"innerError",
                  {{"date", date},
                   {"request-id", request_id},
                   {"client-request-id", request_id}}}}}});
}

std::string InjectedErrorCode(int status, bool mailbox_call) {
  switch (status) {
    case 429:
      return mailbox_call ? "ApplicationThrottled" : "TooManyRequests";
    case 500:
      return "generalException";
    case 502:
      return "BadGateway";
    case 503:
      return "serviceNotAvailable";
    case 504:
      return "GatewayTimeout";
    case 507:
      return "quotaLimitReached";
    default:
      return "UnknownError";
  }
}

std::string WellKnownFolderId(absl::string_view upn, absl::string_view name) {
  return absl::StrFormat("AAMkAD%016x%s",
                         core::Fingerprint(absl::AsciiStrToLower(upn)),
                         absl::AsciiStrToUpper(name));
}

namespace {

json UserJson(const ServedUser& served) {
  const ports::GraphUser& user = served.user;
  json usage =
      user.usage_location.empty() ? json(nullptr) : json(user.usage_location);
  return {{"id", served.object_id},
          {"userPrincipalName", served.upn},
          {"accountEnabled", user.account_enabled},
          {"onPremisesSyncEnabled",
           user.on_premises_sync_enabled ? json(true) : json(nullptr)},
          {"usageLocation", std::move(usage)}};
}

}  // namespace

std::string UserBody(const ServedUser& user) {
  json body = UserJson(user);
  body["@odata.context"] =
      absl::StrCat(kMetadata,
                   "#users(id,userPrincipalName,accountEnabled,"
                   "onPremisesSyncEnabled,usageLocation)/$entity");
  return Dump(body);
}

std::string UsersBody(const std::vector<ServedUser>& users) {
  json value = json::array();
  for (const ServedUser& user : users) value.push_back(UserJson(user));
  return Dump({{"@odata.context", absl::StrCat(kMetadata, "#users")},
               {"value", std::move(value)}});
}

namespace {

json DeltaUserJson(const ports::DirectoryUser& user) {
  json entry = {{"id", user.object_id}};
  if (user.removed) {
    entry["@removed"] = {{"reason", "deleted"}};
    return entry;
  }
  if (user.upn.has_value()) entry["userPrincipalName"] = *user.upn;
  if (user.account_enabled.has_value()) {
    entry["accountEnabled"] = *user.account_enabled;
  }
  if (user.on_premises_sync_enabled.has_value()) {
    // Graph answers null, not false, for a cloud-only user.
    entry["onPremisesSyncEnabled"] =
        *user.on_premises_sync_enabled ? json(true) : json(nullptr);
  }
  if (user.usage_location.has_value()) {
    entry["usageLocation"] = user.usage_location->empty()
                                 ? json(nullptr)
                                 : json(*user.usage_location);
  }
  return entry;
}

}  // namespace

std::string UsersDeltaBody(const std::vector<ports::DirectoryUser>& users,
                           absl::string_view next_link,
                           absl::string_view delta_link) {
  json value = json::array();
  for (const ports::DirectoryUser& user : users) {
    value.push_back(DeltaUserJson(user));
  }
  json page = {{"@odata.context",
                absl::StrCat(kMetadata,
                             "#users(id,userPrincipalName,accountEnabled,"
                             "onPremisesSyncEnabled,usageLocation)")},
               {"value", std::move(value)}};
  if (!next_link.empty()) page["@odata.nextLink"] = std::string(next_link);
  if (!delta_link.empty()) page["@odata.deltaLink"] = std::string(delta_link);
  return Dump(page);
}

std::string MessageRulesBody(absl::string_view upn,
                             const std::vector<core::InboxRule>& rules,
                             absl::string_view next_link) {
  json value = json::array();
  for (const core::InboxRule& rule : rules)
    value.push_back(RuleJson(upn, rule));
  json page = {
      {"@odata.context", absl::StrCat(kMetadata, "#users('", upn,
                                      "')/mailFolders('inbox')/messageRules")},
      {"value", std::move(value)}};
  if (!next_link.empty()) page["@odata.nextLink"] = next_link;
  return Dump(page);
}

std::string MessageRuleBody(absl::string_view upn,
                            const core::InboxRule& rule) {
  return Dump(RuleJson(upn, rule));
}

std::string MailFolderBody(absl::string_view upn, absl::string_view name) {
  return Dump({{"@odata.context", absl::StrCat(kMetadata, "#users('", upn,
                                               "')/mailFolders(id)/$entity")},
               {"id", WellKnownFolderId(upn, name)}});
}

std::string DomainsBody(const std::vector<std::string>& verified_domains) {
  json value = json::array();
  for (size_t i = 0; i < verified_domains.size(); ++i) {
    const std::string& id = verified_domains[i];
    value.push_back(
        {{"authenticationType", "Managed"},
         {"id", id},
         {"isDefault", i == 0},
         {"isInitial", id.find(".onmicrosoft.com") != std::string::npos},
         {"isVerified", true},
         {"supportedServices", json::array({"Email"})}});
  }
  return Dump({{"@odata.context", absl::StrCat(kMetadata, "#domains")},
               {"value", std::move(value)}});
}

std::string RevokeBody() {
  return Dump({{"@odata.context", absl::StrCat(kMetadata, "#Edm.Boolean")},
               {"value", true}});
}

}  // namespace cordon::sim::serve
