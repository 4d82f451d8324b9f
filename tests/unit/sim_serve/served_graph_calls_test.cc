// ISO-3 over real HTTPS: each call of the real Graph adapter against the
// served simulator changes (or reads) the World the way SimulatedGraph's
// would.

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/m365_access.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_graph_calls_test {

using core::ErrorClass;

bool Ok(const core::GraphCallOutcome& outcome) {
  return core::ClassifyGraphOutcome(outcome) == ErrorClass::kSuccess;
}

TEST_F(ServedGraphTest, Iso3RevokeEndsEverySession) {
  Serve();
  ASSERT_EQ(world_.SessionCount(kTenant, kMegan), 1);
  EXPECT_TRUE(Ok(graph_->RevokeSignInSessions(Megan())));
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 0);
}

TEST_F(ServedGraphTest, Iso3DisableThenEnableTheCloudAccount) {
  Serve();
  EXPECT_TRUE(Ok(graph_->SetAccountEnabled(Megan(), false)));
  EXPECT_EQ(world_.IsCloudEnabled(kTenant, kMegan), false);
  EXPECT_FALSE(world_.SignIn(kTenant, kMegan).ok());
  EXPECT_TRUE(Ok(graph_->SetAccountEnabled(Megan(), true)));
  EXPECT_EQ(world_.IsCloudEnabled(kTenant, kMegan), true);
}

TEST_F(ServedGraphTest, Iso3ListRulesResolvesTheHidingFolder) {
  Serve();
  std::vector<core::InboxRule> rules;
  ASSERT_TRUE(Ok(graph_->ListInboxRules(Megan(), &rules)));
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].id, "r-forward");
  EXPECT_EQ(rules[0].actions.forward_to,
            std::vector<std::string>{"megan.backup@mail.example"});
  EXPECT_TRUE(rules[1].is_read_only);
  EXPECT_EQ(rules[2].actions.move_to_folder,
            core::WellKnownFolder::kDeletedItems);
}

TEST_F(ServedGraphTest, Iso3ListRulesFollowsEveryPage) {
  ServeOptions options = Options();
  options.rules_page_size = 1;
  Serve(options);
  std::vector<core::InboxRule> rules;
  ASSERT_TRUE(Ok(graph_->ListInboxRules(Megan(), &rules)));
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[2].id, "r-hide");
  EXPECT_EQ(CountLogged("/messageRules"), 3);  // one request per page
}

TEST_F(ServedGraphTest, Iso3DisableRuleChangesTheWorld) {
  Serve();
  EXPECT_TRUE(Ok(graph_->SetInboxRuleEnabled(Megan(), "r-forward", false)));
  EXPECT_EQ(world_.Rule(kTenant, kMegan, "r-forward")->is_enabled, false);
}

TEST_F(ServedGraphTest, Iso11ReadOnlyRuleIsRefusedAndLeftAlone) {
  Serve();
  const core::GraphCallOutcome outcome =
      graph_->SetInboxRuleEnabled(Megan(), "r-read-only", false);
  EXPECT_EQ(outcome.http_status, 403);
  EXPECT_TRUE(outcome.target_rule_read_only);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), ErrorClass::kReadOnlyRule);
  EXPECT_TRUE(world_.Rule(kTenant, kMegan, "r-read-only")->is_enabled);
}

TEST_F(ServedGraphTest, Iso3UnknownRuleIs404) {
  Serve();
  const core::GraphCallOutcome outcome =
      graph_->SetInboxRuleEnabled(Megan(), "no-such-rule", false);
  EXPECT_EQ(outcome.http_status, 404);
  EXPECT_EQ(outcome.error_code, "ErrorItemNotFound");
}

TEST_F(ServedGraphTest, Iso9GetUserReadsTheWorld) {
  ASSERT_TRUE(world_
                  .AddUser(kTenant, {.upn = "hybrid@contoso.com",
                                     .on_premises_sync_enabled = true})
                  .ok());
  Serve();
  ports::GraphUser user;
  ASSERT_TRUE(Ok(graph_->GetUser({kTenant, "hybrid@contoso.com"}, &user)));
  EXPECT_TRUE(user.on_premises_sync_enabled);
  ASSERT_TRUE(Ok(graph_->GetUser(Megan(), &user)));
  EXPECT_FALSE(user.on_premises_sync_enabled);
  EXPECT_EQ(user.usage_location, "DE");
}

TEST_F(ServedGraphTest, Iso3UnknownUserIs404Permanent) {
  Serve();
  ports::GraphUser user;
  const core::GraphCallOutcome outcome =
      graph_->GetUser({kTenant, "nobody@contoso.com"}, &user);
  EXPECT_EQ(outcome.http_status, 404);
  EXPECT_EQ(outcome.error_code, "Request_ResourceNotFound");
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), ErrorClass::kPermanent);
}

TEST_F(ServedGraphTest, Iso3DomainsAreTheTenantsVerifiedDomains) {
  Serve();
  std::vector<std::string> domains;
  ASSERT_TRUE(Ok(graph_->ListTenantDomains(kTenant, &domains)));
  EXPECT_EQ(domains, (std::vector<std::string>{"contoso.com",
                                               "contoso.onmicrosoft.com"}));
}

// CheckM365Access's probes: GET /domains and GET /users?$top=1 answer, so
// Domain.Read.All and User.Read.All read as granted (ISO-11 onboarding).
TEST_F(ServedGraphTest, Iso11AccessCheckProbesDomainsAndUsers) {
  Serve();
  const core::M365AccessReport report = graph_->CheckAccess(kTenant);
  EXPECT_TRUE(report.reachable) << report.detail;
  std::map<std::string, core::PermissionVerdict> verdicts;
  for (const core::PermissionCheck& check : report.permissions) {
    verdicts[check.permission] = check.verdict;
  }
  EXPECT_EQ(verdicts["Domain.Read.All"], core::PermissionVerdict::kOk);
  EXPECT_EQ(verdicts["User.Read.All"], core::PermissionVerdict::kOk);
}

// The token is cached: many calls, one token request (and the same token
// serves them all).
TEST_F(ServedGraphTest, TokenIsRequestedOncePerTenant) {
  Serve();
  ports::GraphUser user;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Ok(graph_->GetUser(Megan(), &user)));
  }
  ASSERT_TRUE(Ok(graph_->RevokeSignInSessions(Megan())));
  EXPECT_EQ(CountLogged("/oauth2/v2.0/token"), 1);
  EXPECT_EQ(CountLogged("/v1.0/users/"), 6);
  for (const LoggedRequest& entry : Logged()) EXPECT_EQ(entry.tenant, kTenant);
}

}  // namespace served_graph_calls_test
}  // namespace cordon::sim::serve::testing
