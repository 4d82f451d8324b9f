// ESC-4: access rule names carry their scope (account, organization or
// identity) in their parent.

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"

namespace cordon::core {
namespace resource_name_access_rule_test {

TEST(AccessRuleNameTest, ParsesAndPrintsTheThreeScopes) {
  struct Case {
    std::string text;
    AccessRuleName name;
  };
  for (const Case& c : {
           Case{"accounts/7/accessRules/9", {7, 0, 0, 9}},
           Case{"accounts/7/organizations/3/accessRules/9", {7, 3, 0, 9}},
           Case{"accounts/7/organizations/3/identities/5/accessRules/9",
                {7, 3, 5, 9}},
       }) {
    absl::StatusOr<AccessRuleName> parsed = ParseAccessRuleName(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status();
    EXPECT_EQ(parsed->account, c.name.account) << c.text;
    EXPECT_EQ(parsed->organization, c.name.organization) << c.text;
    EXPECT_EQ(parsed->identity, c.name.identity) << c.text;
    EXPECT_EQ(parsed->rule, c.name.rule) << c.text;
    EXPECT_EQ(c.name.ToString(), c.text);
  }
}

TEST(AccessRuleNameTest, RejectsOtherShapes) {
  for (const char* text : {
           "",
           "accounts/7",
           "accounts/7/accessRules",
           "accounts/7/accessRules/0",
           "accounts/7/accessRules/x",
           "accounts/7/accessRules/9/extra",
           "accounts/7/organizations/3/accessRule/9",
           "accounts/7/users/3/accessRules/9",
           "accounts/7/organizations/3/identities/5/accessRules",
           "accounts/7/organizations/0/accessRules/9",
           "accounts/7/organizations/3/identities/0/accessRules/9",
           "accounts/7/organizations/3/incidentReports/5/accessRules/9",
           "accounts/-7/accessRules/9",
       }) {
    absl::StatusOr<AccessRuleName> parsed = ParseAccessRuleName(text);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << "\"" << text << "\"";
  }
}

TEST(AccessRuleNameTest, ErrorNamesTheAcceptedForms) {
  absl::StatusOr<AccessRuleName> parsed =
      ParseAccessRuleName("accounts/7/organizations/3/accessRules");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find(
                "accounts/{id}/organizations/{id}/identities/{id}/"
                "accessRules/{id}"),
            std::string::npos);
}

}  // namespace resource_name_access_rule_test
}  // namespace cordon::core
