#include "server/adapters/graph/message_rule_json.h"

#include <string>
#include <utility>
#include <vector>

#include "server/adapters/graph/json_reader.h"

namespace cordon::adapters::graph {
namespace {

using ::nlohmann::json;

constexpr absl::string_view kRulesResponse = "Graph messageRule list";

// A recipient collection: [{"emailAddress": {"name", "address"}}, ...].
std::vector<std::string> ReadRecipients(JsonObjectReader& actions,
                                        absl::string_view key) {
  std::vector<std::string> addresses;
  ForEachObject(actions.OptionalArray(key), actions.PathOf(key),
                actions.errors(), [&](JsonObjectReader& recipient) {
                  const json* email = recipient.OptionalObject("emailAddress");
                  if (email == nullptr) {
                    addresses.emplace_back();
                    return;
                  }
                  JsonObjectReader email_address(
                      *email, recipient.PathOf("emailAddress"),
                      recipient.errors());
                  addresses.push_back(
                      email_address.OptionalString("address").value_or(""));
                });
  return addresses;
}

void ReadActions(JsonObjectReader& rule, MessageRuleRecord* record) {
  const json* actions_node = rule.OptionalObject("actions");
  if (actions_node == nullptr) return;
  JsonObjectReader actions(*actions_node, rule.PathOf("actions"),
                           rule.errors());
  core::InboxRuleActions& out = record->rule.actions;
  out.forward_to = ReadRecipients(actions, "forwardTo");
  out.forward_as_attachment_to =
      ReadRecipients(actions, "forwardAsAttachmentTo");
  out.redirect_to = ReadRecipients(actions, "redirectTo");
  out.mark_as_read = actions.OptionalBool("markAsRead").value_or(false);
  out.delete_message = actions.OptionalBool("delete").value_or(false);
  out.permanent_delete =
      actions.OptionalBool("permanentDelete").value_or(false);
  record->move_to_folder_id =
      actions.OptionalString("moveToFolder").value_or("");
  out.move_to_folder = record->move_to_folder_id.empty()
                           ? core::WellKnownFolder::kNone
                           : core::WellKnownFolder::kOther;
}

MessageRuleRecord ReadRule(JsonObjectReader& rule) {
  MessageRuleRecord record;
  record.rule.id = rule.RequiredNonEmptyString("id");
  record.rule.display_name = rule.OptionalString("displayName").value_or("");
  record.rule.is_enabled = rule.OptionalBool("isEnabled").value_or(true);
  record.rule.is_read_only = rule.OptionalBool("isReadOnly").value_or(false);
  record.has_error = rule.OptionalBool("hasError").value_or(false);
  ReadActions(rule, &record);
  return record;
}

}  // namespace

absl::StatusOr<MessageRulesPage> ParseMessageRules(absl::string_view body) {
  return ReadJsonAnswer<MessageRulesPage>(
      body, kRulesResponse, [](JsonObjectReader& page) {
        MessageRulesPage result;
        ForEachObject(page.RequiredArray("value"), "value", page.errors(),
                      [&](JsonObjectReader& rule) {
                        result.rules.push_back(ReadRule(rule));
                      });
        result.next_link = page.OptionalString("@odata.nextLink").value_or("");
        return result;
      });
}

core::WellKnownFolder ClassifyFolderId(absl::string_view folder_id,
                                       const WellKnownFolderIds& folders) {
  if (folder_id.empty()) return core::WellKnownFolder::kNone;
  const std::pair<const std::string*, core::WellKnownFolder> known[] = {
      {&folders.deleted_items, core::WellKnownFolder::kDeletedItems},
      {&folders.archive, core::WellKnownFolder::kArchive},
      {&folders.junk_email, core::WellKnownFolder::kJunk},
      {&folders.rss_feeds, core::WellKnownFolder::kRssFeeds},
  };
  for (const auto& [id, folder] : known) {
    if (!id->empty() && *id == folder_id) return folder;
  }
  return core::WellKnownFolder::kOther;
}

void ResolveMoveToFolder(const WellKnownFolderIds& folders,
                         MessageRuleRecord* record) {
  record->rule.actions.move_to_folder =
      ClassifyFolderId(record->move_to_folder_id, folders);
}

std::string BuildRuleEnabledPatch(bool enabled) {
  return json{{"isEnabled", enabled}}.dump();
}

}  // namespace cordon::adapters::graph
