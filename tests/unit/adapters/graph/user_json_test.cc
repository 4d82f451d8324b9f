#include "server/adapters/graph/user_json.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/adapters/graph/shape_errors.h"

namespace cordon::adapters::graph {
namespace user_json_test {

using ::cordon::adapters::graph::testing::BadShape;
using ::cordon::adapters::graph::testing::ExpectShapeErrors;

TEST(ParseUserTest, RefusesUsersThatBreakTheDocumentedShape) {
  const BadShape cases[] = {
      {"no id", R"({"userPrincipalName": "a@b.c", "accountEnabled": true})",
       "id is missing"},
      {"id as number",
       R"({"id": 7, "userPrincipalName": "a@b.c", "accountEnabled": true})",
       "id must be a string, not number"},
      {"empty id",
       R"({"id": "", "userPrincipalName": "a@b.c", "accountEnabled": true})",
       "id is empty"},
      {"no upn", R"({"id": "u", "accountEnabled": true})",
       "userPrincipalName is missing"},
      {"enabled as string",
       R"({"id": "u", "userPrincipalName": "a@b.c", "accountEnabled": "true"})",
       "accountEnabled must be a boolean, not string"},
      {"enabled null",
       R"({"id": "u", "userPrincipalName": "a@b.c", "accountEnabled": null})",
       "accountEnabled is null"},
      {"synced as string",
       R"({"id": "u", "userPrincipalName": "a@b.c", "accountEnabled": true,
           "onPremisesSyncEnabled": "yes"})",
       "onPremisesSyncEnabled must be a boolean, not string"},
      {"location as number",
       R"({"id": "u", "userPrincipalName": "a@b.c", "accountEnabled": true,
           "usageLocation": 49})",
       "usageLocation must be a string, not number"},
      {"location as object",
       R"({"id": "u", "userPrincipalName": "a@b.c", "accountEnabled": true,
           "usageLocation": {"country": "DE"}})",
       "usageLocation must be a string, not object"},
  };
  ExpectShapeErrors(ParseUser, cases);
}

TEST(ParseUsersDeltaPageTest, RefusesPagesThatBreakTheDocumentedShape) {
  const BadShape cases[] = {
      {"no value", R"({"@odata.deltaLink": "d"})", "value is missing"},
      {"value as object", R"({"value": {}, "@odata.deltaLink": "d"})",
       "value must be an array, not object"},
      {"entry as string", R"({"value": ["u"], "@odata.deltaLink": "d"})",
       "value[0] must be an object, not string"},
      {"entry without id",
       R"({"value": [{"id": "a"}, {"accountEnabled": false}],
           "@odata.deltaLink": "d"})",
       "value[1].id is missing"},
      {"removed as string",
       R"({"value": [{"id": "a", "@removed": "deleted"}],
           "@odata.deltaLink": "d"})",
       "value[0].@removed must be an object, not string"},
      {"reason as number",
       R"({"value": [{"id": "a", "@removed": {"reason": 1}}],
           "@odata.deltaLink": "d"})",
       "value[0].@removed.reason must be a string, not number"},
      {"enabled as number",
       R"({"value": [{"id": "a", "accountEnabled": 0}],
           "@odata.deltaLink": "d"})",
       "value[0].accountEnabled must be a boolean, not number"},
      {"no link", R"({"value": []})", "are both missing"},
      {"both links",
       R"({"value": [], "@odata.nextLink": "n", "@odata.deltaLink": "d"})",
       "are both present"},
      {"empty links",
       R"({"value": [], "@odata.nextLink": "", "@odata.deltaLink": ""})",
       "are both missing"},
      {"nextLink as array", R"({"value": [], "@odata.nextLink": ["n"]})",
       "@odata.nextLink must be a string, not array"},
  };
  ExpectShapeErrors(ParseUsersDeltaPage, cases);
}

// ISO-12: whatever the reason says, a removed user is marked deleted and
// carries its id only.
TEST(ParseUsersDeltaPageTest, Iso12RemovalWithoutOrWithUnknownReasonIsRemoved) {
  const absl::StatusOr<ports::UsersDeltaPage> page = ParseUsersDeltaPage(R"({
      "value": [{"id": "a", "@removed": {}, "accountEnabled": false},
                {"id": "b", "@removed": {"reason": "archived"}},
                {"id": "c", "@removed": null}],
      "@odata.deltaLink": "d"})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->users[0].removed);
  EXPECT_EQ(page->users[0].object_id, "a");
  EXPECT_EQ(page->users[0].account_enabled, absl::nullopt);
  EXPECT_TRUE(page->users[1].removed);
  EXPECT_FALSE(page->users[2].removed);
  EXPECT_FALSE(page->resync_required);
}

TEST(ParseUsersDeltaPageTest, EmptyPageWithADeltaLinkIsARoundWithNoChanges) {
  const absl::StatusOr<ports::UsersDeltaPage> page =
      ParseUsersDeltaPage(R"({"value": [], "@odata.deltaLink": "d"})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->users.empty());
  EXPECT_EQ(page->delta_link, "d");
}

TEST(ParseUserTest, AbsentOptionalPropertiesTakeThePortDefaults) {
  const absl::StatusOr<ports::GraphUser> user = ParseUser(
      R"({"id": "u", "userPrincipalName": "a@b.c", "accountEnabled": false})");
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_FALSE(user->account_enabled);
  EXPECT_FALSE(user->on_premises_sync_enabled);
  EXPECT_EQ(user->usage_location, "");
}

// ISO-3 disables the account, ISO-4 enables it again.
TEST(UserPatchTest, Iso3AccountEnabledPatchIsTheDocumentedBody) {
  EXPECT_EQ(BuildAccountEnabledPatch(false), R"({"accountEnabled":false})");
  EXPECT_EQ(BuildAccountEnabledPatch(true), R"({"accountEnabled":true})");
}

}  // namespace user_json_test
}  // namespace cordon::adapters::graph
