#include "server/adapters/graph/domain_json.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/adapters/graph/shape_errors.h"

namespace cordon::adapters::graph {
namespace domain_json_test {

using ::cordon::adapters::graph::testing::BadShape;
using ::cordon::adapters::graph::testing::ExpectShapeErrors;
using ::testing::ElementsAre;

TEST(ParseDomainsTest, RefusesListsThatBreakTheDocumentedShape) {
  const BadShape cases[] = {
      {"no value", R"({"@odata.context": "x"})", "value is missing"},
      {"value as object", R"({"value": {"id": "a.com"}})",
       "value must be an array, not object"},
      {"domain as string", R"({"value": ["contoso.com"]})",
       "value[0] must be an object, not string"},
      {"no id", R"({"value": [{"isVerified": true}]})",
       "value[0].id is missing"},
      {"empty id", R"({"value": [{"id": "", "isVerified": true}]})",
       "value[0].id is empty"},
      {"verified as string",
       R"({"value": [{"id": "a.com", "isVerified": "true"}]})",
       "value[0].isVerified must be a boolean, not string"},
      {"nextLink as number", R"({"value": [], "@odata.nextLink": 2})",
       "@odata.nextLink must be a string, not number"},
  };
  ExpectShapeErrors(ParseDomains, cases);
}

// ISO-3: only a verified domain is the tenant's; unknown state is not.
TEST(ParseDomainsTest, Iso3UnverifiedOrUnknownDomainsDoNotCount) {
  const absl::StatusOr<DomainsPage> page = ParseDomains(R"({"value": [
      {"id": "a.com", "isVerified": true}, {"id": "b.com"},
      {"id": "c.com", "isVerified": null}, {"id": "d.com", "isVerified": false}],
      "@odata.nextLink": "https://graph.microsoft.com/v1.0/domains?$skiptoken=x"})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->verified_domains, ElementsAre("a.com"));
  EXPECT_EQ(page->next_link,
            "https://graph.microsoft.com/v1.0/domains?$skiptoken=x");
}

}  // namespace domain_json_test
}  // namespace cordon::adapters::graph
