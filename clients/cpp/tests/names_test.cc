// Resource-name builders and the parser (names.h).
#include "cordon/client/names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cordon::client::names {
namespace {

using ::testing::HasSubstr;

TEST(NamesTest, BuildsEachKind) {
  EXPECT_EQ(*Account("7"), "accounts/7");
  EXPECT_EQ(*Organization("7", "3"), "accounts/7/organizations/3");
  EXPECT_EQ(*Identity("7", "3", "12"),
            "accounts/7/organizations/3/identities/12");
  EXPECT_EQ(*IncidentReport("7", "3", "5"),
            "accounts/7/organizations/3/incidentReports/5");
  EXPECT_EQ(*AgentKey("7", "3", "1"), "accounts/7/organizations/3/agentKeys/1");
  EXPECT_EQ(*Escalation("7", "9"), "accounts/7/escalations/9");
  EXPECT_EQ(*User("7", "2"), "accounts/7/users/2");
  EXPECT_EQ(*ApiKey("4"), "apiKeys/4");
  EXPECT_EQ(*AccessRule("accounts/7/organizations/3", "8"),
            "accounts/7/organizations/3/accessRules/8");
}

TEST(NamesTest, RefusesBadIds) {
  absl::StatusOr<std::string> empty = Identity("7", "", "12");
  EXPECT_TRUE(absl::IsInvalidArgument(empty.status()));
  EXPECT_THAT(empty.status().message(), HasSubstr("organizations"));
  EXPECT_FALSE(Account("a/b").ok());
  EXPECT_FALSE(User("7", "x y").ok());
  EXPECT_FALSE(AccessRule("apiKeys/4", "8").ok());
  EXPECT_FALSE(AccessRule("accounts/7", "").ok());
}

TEST(NamesTest, ParsesAndNavigates) {
  absl::StatusOr<ResourceName> name =
      Parse("accounts/7/organizations/3/identities/12");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->kind, Kind::kIdentity);
  EXPECT_EQ(name->Id("accounts"), "7");
  EXPECT_EQ(name->Id("organizations"), "3");
  EXPECT_EQ(name->id(), "12");
  EXPECT_EQ(name->Id("users"), "");
  EXPECT_EQ(name->Parent(), "accounts/7/organizations/3");
  EXPECT_EQ(name->Ancestor(Kind::kAccount), "accounts/7");
  EXPECT_EQ(name->Ancestor(Kind::kOrganization), "accounts/7/organizations/3");
  EXPECT_EQ(name->Ancestor(Kind::kEscalation), "");
  EXPECT_EQ(name->ToString(), "accounts/7/organizations/3/identities/12");
  EXPECT_EQ(
      Parse("accounts/7/organizations/3/identities/12/accessRules/1")->kind,
      Kind::kAccessRule);
  EXPECT_EQ(Parse("auditEvents/5")->kind, Kind::kAuditEvent);
  EXPECT_EQ(Parse("socAlerts/5")->kind, Kind::kSocAlert);
}

TEST(NamesTest, RefusesMalformedNames) {
  for (const char* bad :
       {"", "accounts", "accounts/", "accounts/7/", "/accounts/7",
        "accounts/7/organisations/3", "accounts//organizations/3",
        "accounts/7/identities/3"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(Parse(bad).status())) << bad;
  }
  absl::StatusOr<ResourceName> wrong =
      Parse("accounts/7/users/2", Kind::kIdentity);
  EXPECT_TRUE(absl::IsInvalidArgument(wrong.status()));
  EXPECT_THAT(wrong.status().message(),
              HasSubstr("accounts/{id}/organizations/{id}/identities/{id}"));
}

}  // namespace
}  // namespace cordon::client::names
