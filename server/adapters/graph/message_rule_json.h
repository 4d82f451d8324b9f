#ifndef CORDON_SERVER_ADAPTERS_GRAPH_MESSAGE_RULE_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_MESSAGE_RULE_JSON_H_

// Graph's messageRule (GET /users/{id}/mailFolders/inbox/messageRules) and
// the PATCH that disables a rule (ISO-3). Shape:
// tests/contract/graph/message_rules.json. Parse errors as in json_reader.h
// (kResourceExhausted, kDataLoss, kInvalidArgument).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/isolation/inbox_rule.h"

namespace cordon::adapters::graph {

// One rule as Graph listed it.
struct MessageRuleRecord {
  // actions.move_to_folder is kNone when the rule moves nothing and kOther
  // when it does: which folder an id names needs a Graph call per mailbox,
  // so the adapter must ResolveMoveToFolder before classifying (ISO-3).
  core::InboxRule rule;
  // actions.moveToFolder, the target folder's id; "" when none.
  std::string move_to_folder_id;
  // Graph's hasError: the rule is in an error condition.
  bool has_error = false;
};

struct MessageRulesPage {
  std::vector<MessageRuleRecord> rules;
  // @odata.nextLink when Graph pages the list; "" on the last page.
  std::string next_link;
};

// value must be an array of objects with a non-empty string id. Missing
// properties read conservatively: isEnabled true (a suspicious rule of
// unknown state is disabled rather than left), isReadOnly false, actions
// none. A recipient without an address keeps "" (counts as outside the
// tenant, core::IsAddressInsideTenant). Wrong types are errors.
absl::StatusOr<MessageRulesPage> ParseMessageRules(absl::string_view body);

// The ids of the mailbox's folders that matter to ISO-3, read by the adapter
// from GET /users/{id}/mailFolders/{well-known name}; "" when unknown.
struct WellKnownFolderIds {
  std::string deleted_items;
  std::string archive;
  std::string junk_email;
  std::string rss_feeds;
};

// The folder `folder_id` names: kNone for "", the matching well-known
// folder, or kOther. Ids are compared exactly (they are case-sensitive).
core::WellKnownFolder ClassifyFolderId(absl::string_view folder_id,
                                       const WellKnownFolderIds& folders);

// Sets record->rule.actions.move_to_folder from move_to_folder_id.
void ResolveMoveToFolder(const WellKnownFolderIds& folders,
                         MessageRuleRecord* record);

// ISO-3 / ISO-5: the body of PATCH .../messageRules/{id}, {"isEnabled":false}.
std::string BuildRuleEnabledPatch(bool enabled);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_MESSAGE_RULE_JSON_H_
