#include "server/adapters/graph/message_rule_json.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/inbox_rule.h"
#include "tests/unit/adapters/graph/shape_errors.h"

namespace cordon::adapters::graph {
namespace message_rule_json_test {

using ::cordon::adapters::graph::testing::BadShape;
using ::cordon::adapters::graph::testing::ExpectShapeErrors;
using ::testing::ElementsAre;

TEST(ParseMessageRulesTest, RefusesRulesThatBreakTheDocumentedShape) {
  const BadShape cases[] = {
      {"no value", R"({"@odata.context": "x"})", "value is missing"},
      {"value null", R"({"value": null})", "value is null"},
      {"value as object", R"({"value": {"id": "r"}})",
       "value must be an array, not object"},
      {"rule as number", R"({"value": [5]})",
       "value[0] must be an object, not number"},
      {"no id", R"({"value": [{"displayName": "x"}]})",
       "value[0].id is missing"},
      {"id as number", R"({"value": [{"id": 5}]})",
       "value[0].id must be a string, not number"},
      {"empty id", R"({"value": [{"id": ""}]})", "value[0].id is empty"},
      {"enabled as string", R"({"value": [{"id": "r", "isEnabled": "yes"}]})",
       "value[0].isEnabled must be a boolean, not string"},
      {"read-only as number", R"({"value": [{"id": "r", "isReadOnly": 1}]})",
       "value[0].isReadOnly must be a boolean, not number"},
      {"actions as array", R"({"value": [{"id": "r", "actions": []}]})",
       "value[0].actions must be an object, not array"},
      {"forwardTo as object",
       R"({"value": [{"id": "r", "actions": {"forwardTo": {}}}]})",
       "value[0].actions.forwardTo must be an array, not object"},
      {"recipient as string",
       R"({"value": [{"id": "r", "actions": {"redirectTo": ["x@y.z"]}}]})",
       "value[0].actions.redirectTo[0] must be an object, not string"},
      {"emailAddress as string",
       R"({"value": [{"id": "r", "actions": {"forwardAsAttachmentTo": [
           {"emailAddress": "x@y.z"}]}}]})",
       "value[0].actions.forwardAsAttachmentTo[0].emailAddress must be an "
       "object, not string"},
      {"markAsRead as string",
       R"({"value": [{"id": "r", "actions": {"markAsRead": "true"}}]})",
       "value[0].actions.markAsRead must be a boolean, not string"},
      {"moveToFolder as number",
       R"({"value": [{"id": "r", "actions": {"moveToFolder": 7}}]})",
       "value[0].actions.moveToFolder must be a string, not number"},
      {"delete as object",
       R"({"value": [{"id": "r", "actions": {"delete": {}}}]})",
       "value[0].actions.delete must be a boolean, not object"},
      {"second rule broken",
       R"({"value": [{"id": "r"}, {"id": "s", "isEnabled": 0}]})",
       "value[1].isEnabled must be a boolean, not number"},
  };
  ExpectShapeErrors(ParseMessageRules, cases);
}

// ISO-3: a rule we cannot fully read is treated as suspicious rather than
// trusted: unknown state reads enabled, an unreadable recipient as outside.
TEST(ParseMessageRulesTest, Iso3MissingPropertiesReadConservatively) {
  const absl::StatusOr<MessageRulesPage> page = ParseMessageRules(R"({
      "value": [{"id": "r", "actions": {
        "forwardTo": [{"emailAddress": {"name": "no address"}}, {},
                      {"emailAddress": {"address": null}}],
        "delete": null}}],
      "@odata.nextLink": "n"})");
  ASSERT_TRUE(page.ok()) << page.status();
  const core::InboxRule& rule = page->rules[0].rule;
  EXPECT_TRUE(rule.is_enabled);
  EXPECT_FALSE(rule.is_read_only);
  EXPECT_EQ(rule.display_name, "");
  EXPECT_THAT(rule.actions.forward_to, ElementsAre("", "", ""));
  EXPECT_FALSE(rule.actions.delete_message);
  EXPECT_EQ(page->next_link, "n");
  EXPECT_TRUE(core::ClassifyInboxRule(rule, {"contoso.com"}, {})
                  .Has(core::RuleSuspicionReason::kForwardsOutsideTenant));
}

TEST(ParseMessageRulesTest, RuleWithoutActionsMovesAndForwardsNothing) {
  const absl::StatusOr<MessageRulesPage> page = ParseMessageRules(
      R"({"value": [{"id": "r", "isEnabled": false, "actions": null}]})");
  ASSERT_TRUE(page.ok()) << page.status();
  const MessageRuleRecord& record = page->rules[0];
  EXPECT_FALSE(record.rule.is_enabled);
  EXPECT_TRUE(record.rule.actions.forward_to.empty());
  EXPECT_EQ(record.rule.actions.move_to_folder, core::WellKnownFolder::kNone);
  EXPECT_EQ(record.move_to_folder_id, "");
}

TEST(ClassifyFolderIdTest, MatchesWellKnownFolderIdsExactly) {
  WellKnownFolderIds folders;
  folders.deleted_items = "AAMk-deleted";
  folders.archive = "AAMk-archive";
  folders.junk_email = "AAMk-junk";
  folders.rss_feeds = "AAMk-rss";
  EXPECT_EQ(ClassifyFolderId("", folders), core::WellKnownFolder::kNone);
  EXPECT_EQ(ClassifyFolderId("AAMk-deleted", folders),
            core::WellKnownFolder::kDeletedItems);
  EXPECT_EQ(ClassifyFolderId("AAMk-archive", folders),
            core::WellKnownFolder::kArchive);
  EXPECT_EQ(ClassifyFolderId("AAMk-junk", folders),
            core::WellKnownFolder::kJunk);
  EXPECT_EQ(ClassifyFolderId("AAMk-rss", folders),
            core::WellKnownFolder::kRssFeeds);
  EXPECT_EQ(ClassifyFolderId("aamk-rss", folders),
            core::WellKnownFolder::kOther);
  EXPECT_EQ(ClassifyFolderId("AAMk-user-folder", folders),
            core::WellKnownFolder::kOther);
  // An id the adapter could not look up never matches a rule's folder.
  EXPECT_EQ(ClassifyFolderId("AAMk-x", WellKnownFolderIds{}),
            core::WellKnownFolder::kOther);
}

TEST(ResolveMoveToFolderTest, Iso3MarkReadAndMoveToDeletedItemsHidesMail) {
  MessageRuleRecord record;
  record.rule.actions.mark_as_read = true;
  record.move_to_folder_id = "AAMk-deleted";
  WellKnownFolderIds folders;
  folders.deleted_items = "AAMk-deleted";
  ResolveMoveToFolder(folders, &record);
  EXPECT_EQ(record.rule.actions.move_to_folder,
            core::WellKnownFolder::kDeletedItems);
  EXPECT_TRUE(core::ClassifyInboxRule(record.rule, {}, {})
                  .Has(core::RuleSuspicionReason::kHidesMail));
}

// ISO-3 disables a rule; ISO-5: only an admin enables it again.
TEST(RulePatchTest, Iso3RuleEnabledPatchIsTheDocumentedBody) {
  EXPECT_EQ(BuildRuleEnabledPatch(false), R"({"isEnabled":false})");
  EXPECT_EQ(BuildRuleEnabledPatch(true), R"({"isEnabled":true})");
}

}  // namespace message_rule_json_test
}  // namespace cordon::adapters::graph
