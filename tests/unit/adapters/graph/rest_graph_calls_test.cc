// RestGraph's requests as the server received them, and what successful
// answers map to (ISO-3 calls, ISO-11 kSuccess).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/error_class.h"
#include "tests/unit/adapters/graph/rest_graph_fixture.h"

namespace cordon::adapters::graph::testing {
namespace rest_graph_calls_test {

using ::testing::ElementsAre;

constexpr char kDeletedItemsId[] =
    "AAMkADVhNWE0YjM2LTZjODctNGI3Mi1hZTNiLTZlMDdkYTg0YTM0NwAuAAAAAADyRQ_"
    "RssRYTJVjpGnGHqFHAQBWMbL3hUe_Q7mK6zqCz1CPAAAAAAEaAAA=";
constexpr char kJunkId[] =
    "AAMkADVhNWE0YjM2LTZjODctNGI3Mi1hZTNiLTZlMDdkYTg0YTM0NwAuAAAAAADyRQ_"
    "RssRYTJVjpGnGHqFHAQBWMbL3hUe_Q7mK6zqCz1CPAAAAAAEbAAA=";

TEST_F(RestGraphTest, RevokeIsAPostWithBearerAndHighPriority) {
  Serve("POST", user_path_ + "/revokeSignInSessions", 200,
        R"({"@odata.context":"x","value":true})");
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 200);
  // ISO-11: any 2xx is kSuccess.
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, user_path_ + "/revokeSignInSessions");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "Bearer token-1");
  EXPECT_EQ(HeaderOf(requests[0], "Accept"), "application/json");
  EXPECT_EQ(HeaderOf(requests[0], "x-ms-throttle-priority"), "high");
  EXPECT_EQ(requests[0].body, "");
}

TEST_F(RestGraphTest, RevokeAnswered204Succeeds) {
  Serve("POST", user_path_ + "/revokeSignInSessions", 204, "");
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 204);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
}

TEST_F(RestGraphTest, DisableIsAJsonPatchWithHighPriority) {
  Serve("PATCH", user_path_, 204, "");
  const core::GraphCallOutcome outcome =
      graph_->SetAccountEnabled(user_, false);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "PATCH");
  EXPECT_EQ(requests[0].path, user_path_);
  EXPECT_EQ(requests[0].body, R"({"accountEnabled":false})");
  EXPECT_EQ(HeaderOf(requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "Bearer token-1");
  EXPECT_EQ(HeaderOf(requests[0], "x-ms-throttle-priority"), "high");
}

TEST_F(RestGraphTest, EnableAgainIsNotPrioritised) {
  Serve("PATCH", user_path_, 204, "");
  graph_->SetAccountEnabled(user_, true);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body, R"({"accountEnabled":true})");
  EXPECT_EQ(HeaderOf(requests[0], "x-ms-throttle-priority"), "<absent>");
}

TEST_F(RestGraphTest, OddUpnStaysOnePathSegment) {
  // The server decodes the path: '?', '#' and '/' arrive inside the segment
  // only if they were sent encoded.
  const ports::GraphUserRef odd{"tenant-1", "o'neil/x?y#z %1@contoso.com"};
  Serve("POST", ".*", 204, "");
  graph_->RevokeSignInSessions(odd);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path,
            "/v1.0/users/o'neil/x?y#z %1@contoso.com/revokeSignInSessions");
}

TEST_F(RestGraphTest, GetUserSelectsItsFieldsAndMapsThem) {
  std::string select;
  std::mutex mutex;
  const std::string body = ReadContractFile("user.json");
  server_->Handle(
      "GET", user_path_,
      [&](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard<std::mutex> lock(mutex);
        select = request.get_param_value("$select");
        response.set_content(body, "application/json");
      });
  ports::GraphUser user;
  user.account_enabled = false;
  const core::GraphCallOutcome outcome = graph_->GetUser(user_, &user);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  EXPECT_TRUE(user.account_enabled);
  EXPECT_TRUE(user.on_premises_sync_enabled);
  EXPECT_EQ(user.usage_location, "DE");
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(select,
            "id,userPrincipalName,accountEnabled,onPremisesSyncEnabled,"
            "usageLocation");
  EXPECT_EQ(HeaderOf(Requests()[0], "x-ms-throttle-priority"), "<absent>");
}

// Page 1 is the contract's list with a nextLink added; page 2 one more rule.
void ServeTwoRulePages(cordon::testing::HttpsTestServer* server,
                       const std::string& rules_path) {
  std::string first = ReadContractFile("message_rules.json");
  const std::string next = server->Url(rules_path + "?%24skiptoken=page2");
  first.replace(first.rfind('}'), 1,
                absl::StrCat(",\"@odata.nextLink\":\"", next, "\"}"));
  const std::string second =
      R"({"value":[{"id":"AQAAAJ5dZqU=","displayName":"Page two",)"
      R"("isEnabled":true,"isReadOnly":false,"actions":{}}]})";
  server->Handle("GET", rules_path,
                 [first, second](const httplib::Request& request,
                                 httplib::Response& response) {
                   response.set_content(
                       request.has_param("$skiptoken") ? second : first,
                       "application/json");
                 });
}

TEST_F(RestGraphTest, ListInboxRulesFollowsPagesAndResolvesFolders) {
  const std::string rules_path = user_path_ + "/mailFolders/inbox/messageRules";
  ServeTwoRulePages(server_.get(), rules_path);
  Serve("GET", user_path_ + "/mailFolders/deleteditems", 200,
        absl::StrCat(R"({"id":")", kDeletedItemsId, R"("})"));
  ServeFile("GET", user_path_ + "/mailFolders/archive", 404,
            "graph_error_not_found.json");
  Serve("GET", user_path_ + "/mailFolders/junkemail", 200,
        absl::StrCat(R"({"id":")", kJunkId, R"("})"));
  std::vector<core::InboxRule> rules;
  const core::GraphCallOutcome outcome = graph_->ListInboxRules(user_, &rules);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  ASSERT_EQ(rules.size(), 7u);
  EXPECT_EQ(rules[2].actions.move_to_folder,
            core::WellKnownFolder::kDeletedItems);
  EXPECT_EQ(rules[4].actions.move_to_folder, core::WellKnownFolder::kJunk);
  EXPECT_TRUE(rules[4].is_read_only);
  EXPECT_EQ(rules[0].actions.move_to_folder, core::WellKnownFolder::kNone);
  EXPECT_EQ(rules[6].id, "AQAAAJ5dZqU=");
  std::vector<std::string> paths;
  for (const auto& request : Requests()) paths.push_back(request.path);
  EXPECT_THAT(paths, ElementsAre(rules_path, rules_path,
                                 user_path_ + "/mailFolders/deleteditems",
                                 user_path_ + "/mailFolders/archive",
                                 user_path_ + "/mailFolders/junkemail"));
}

TEST_F(RestGraphTest, ListInboxRulesReadsNoFoldersWhenNothingMoves) {
  Serve("GET", user_path_ + "/mailFolders/inbox/messageRules", 200,
        R"({"value":[{"id":"r1","actions":{"markAsRead":true}}]})");
  std::vector<core::InboxRule> rules;
  const core::GraphCallOutcome outcome = graph_->ListInboxRules(user_, &rules);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(Requests().size(), 1u);
}

TEST_F(RestGraphTest, NextLinkOutsideTheBaseIsNotFollowed) {
  // Our bearer token must not go to another host.
  Serve("GET", user_path_ + "/mailFolders/inbox/messageRules", 200,
        R"({"value":[],"@odata.nextLink":"https://evil.example/v1.0/x"})");
  std::vector<core::InboxRule> rules;
  const core::GraphCallOutcome outcome = graph_->ListInboxRules(user_, &rules);
  EXPECT_EQ(outcome.error_code, "CordonMalformedGraphAnswer");
  EXPECT_EQ(Requests().size(), 1u);
}

TEST_F(RestGraphTest, ListTenantDomainsKeepsVerifiedOnesOverPages) {
  std::string first = ReadContractFile("domains.json");
  first.replace(
      first.rfind('}'), 1,
      absl::StrCat(",\"@odata.nextLink\":\"",
                   server_->Url("/v1.0/domains?%24skiptoken=2"), "\"}"));
  const std::string second =
      R"({"value":[{"id":"extra.contoso.com","isVerified":true}]})";
  server_->Handle("GET", "/v1.0/domains",
                  [first, second](const httplib::Request& request,
                                  httplib::Response& response) {
                    response.set_content(
                        request.has_param("$skiptoken") ? second : first,
                        "application/json");
                  });
  std::vector<std::string> domains;
  const core::GraphCallOutcome outcome =
      graph_->ListTenantDomains("tenant-1", &domains);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  EXPECT_THAT(domains, ElementsAre("contoso.com", "contoso.onmicrosoft.com",
                                   "eu.contoso.com", "extra.contoso.com"));
  EXPECT_EQ(HeaderOf(Requests()[0], "Authorization"), "Bearer token-1");
}

TEST_F(RestGraphTest, SetInboxRuleEnabledPatchesTheRule) {
  Serve("PATCH", user_path_ + "/mailFolders/inbox/messageRules/.*", 200,
        R"({"id":"AQAAAJ5dZp8=","isEnabled":false})");
  const core::GraphCallOutcome outcome =
      graph_->SetInboxRuleEnabled(user_, "AQAAAJ5dZp8=", false);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path,
            user_path_ + "/mailFolders/inbox/messageRules/AQAAAJ5dZp8=");
  EXPECT_EQ(requests[0].body, R"({"isEnabled":false})");
  EXPECT_EQ(HeaderOf(requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(requests[0], "x-ms-throttle-priority"), "<absent>");
}

}  // namespace rest_graph_calls_test
}  // namespace cordon::adapters::graph::testing
