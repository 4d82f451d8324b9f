// A 2xx whose body the call needs but cannot read is never a success: it is
// reported as 502 CordonMalformedGraphAnswer, kRetryable (ISO-11; see
// graph_outcome.h), and the caller's output is left alone.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/graph/graph_outcome.h"
#include "server/core/isolation/error_class.h"
#include "tests/unit/adapters/graph/rest_graph_fixture.h"

namespace cordon::adapters::graph::testing {
namespace rest_graph_malformed_test {

class RestGraphMalformedTest
    : public RestGraphTest,
      public ::testing::WithParamInterface<const char*> {};

void ExpectMalformed(const core::GraphCallOutcome& outcome) {
  EXPECT_EQ(outcome.http_status, 502);
  EXPECT_EQ(outcome.error_code, kMalformedAnswerCode);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kRetryable);
}

TEST_P(RestGraphMalformedTest, Iso11GetUser) {
  Serve("GET", user_path_, 200, GetParam());
  ports::GraphUser user;
  user.usage_location = "unchanged";
  ExpectMalformed(graph_->GetUser(user_, &user));
  EXPECT_EQ(user.usage_location, "unchanged");
}

TEST_P(RestGraphMalformedTest, Iso11ListInboxRules) {
  Serve("GET", user_path_ + "/mailFolders/inbox/messageRules", 200, GetParam());
  std::vector<core::InboxRule> rules(2);
  ExpectMalformed(graph_->ListInboxRules(user_, &rules));
  EXPECT_EQ(rules.size(), 2u);
}

TEST_P(RestGraphMalformedTest, Iso11ListTenantDomains) {
  Serve("GET", "/v1.0/domains", 200, GetParam());
  std::vector<std::string> domains = {"unchanged"};
  ExpectMalformed(graph_->ListTenantDomains("tenant-1", &domains));
  EXPECT_EQ(domains.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, RestGraphMalformedTest,
    ::testing::Values("<html><body>Bad Gateway</body></html>",
                      R"({"value":[{"id":"contoso.com","isVer)", "",
                      R"({"id":7,"accountEnabled":"yes","value":"no"})",
                      "[1,2,3]"));

TEST_F(RestGraphTest, Iso11MalformedFolderAnswerFailsTheList) {
  ServeFile("GET", user_path_ + "/mailFolders/inbox/messageRules", 200,
            "message_rules.json");
  Serve("GET", user_path_ + "/mailFolders/.*", 200, R"({"id":""})");
  std::vector<core::InboxRule> rules;
  ExpectMalformed(graph_->ListInboxRules(user_, &rules));
  EXPECT_TRUE(rules.empty());
}

TEST_F(RestGraphTest, Iso11EndlessPagingIsMalformed) {
  const std::string path = "/v1.0/domains";
  Serve("GET", path, 200,
        R"({"value":[],"@odata.nextLink":")" + server_->Url(path) + R"("})");
  RestGraphOptions options = Options();
  options.max_pages = 3;
  auto graph = MakeGraph(options);
  std::vector<std::string> domains;
  ExpectMalformed(graph->ListTenantDomains("tenant-1", &domains));
  EXPECT_EQ(Requests().size(), 3u);
}

}  // namespace rest_graph_malformed_test
}  // namespace cordon::adapters::graph::testing
