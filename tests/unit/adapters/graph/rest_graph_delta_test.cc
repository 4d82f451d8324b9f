// ISO-12: RestGraph reads GET /users/delta one page per call, with the
// documented page shapes of tests/contract/graph/, over loopback HTTPS.

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "server/core/isolation/error_class.h"
#include "tests/unit/adapters/graph/rest_graph_fixture.h"

namespace cordon::adapters::graph::testing {
namespace rest_graph_delta_test {

class RestGraphDeltaTest : public RestGraphTest {
 protected:
  // The contract pages with their links moved onto the test server.
  std::string Page(absl::string_view file) {
    return absl::StrReplaceAll(
        ReadContractFile(file),
        {{"https://graph.microsoft.com/v1.0", server_->Url("/v1.0")}});
  }
};

TEST_F(RestGraphDeltaTest, Iso12FirstPageSelectsFieldsAndMapsUsers) {
  Serve("GET", "/v1.0/users/delta", 200, Page("users_delta_page.json"));
  ports::UsersDeltaPage page;
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage("tenant-1", "", &page);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  ASSERT_EQ(page.users.size(), 3u);
  EXPECT_EQ(page.users[0].object_id, "a6d3f0c2-19b4-4e7a-8c25-5f1e9d7b3a40");
  EXPECT_EQ(page.users[0].upn, "megan.bowen@contoso.com");
  EXPECT_EQ(page.users[0].on_premises_sync_enabled, true);
  EXPECT_EQ(page.users[0].usage_location, "DE");
  // null onPremisesSyncEnabled: never synced, cloud-only.
  EXPECT_EQ(page.users[1].on_premises_sync_enabled, false);
  EXPECT_EQ(page.users[2].account_enabled, false);
  EXPECT_FALSE(page.users[2].removed);
  EXPECT_TRUE(absl::StartsWith(page.next_link, server_->Url("/v1.0/")));
  EXPECT_EQ(page.delta_link, "");
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1.0/users/delta");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "Bearer token-1");
}

TEST_F(RestGraphDeltaTest, Iso12NextLinkIsRequestedAsGivenAndEndsTheRound) {
  // Answers only the link as it was handed out, query included.
  const std::string last = Page("users_delta_last_page.json");
  server_->Handle(
      "GET", R"(/v1\.0/users/delta\(\))",
      [last](const httplib::Request& request, httplib::Response& response) {
        const bool as_given = request.get_param_value("$skiptoken") == "abc";
        response.status = as_given ? 200 : 404;
        response.set_content(as_given ? last : "{}", "application/json");
      });
  ports::UsersDeltaPage page;
  const std::string link = server_->Url("/v1.0/users/delta()?$skiptoken=abc");
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage("tenant-1", link, &page);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  ASSERT_EQ(page.users.size(), 4u);
  EXPECT_EQ(page.users[0].upn, "alex.wilber-renamed@contoso.com");
  // A minimal entry: only what changed.
  EXPECT_FALSE(page.users[1].upn.has_value());
  EXPECT_EQ(page.users[1].usage_location, "FR");
  // Both removal reasons mark the user deleted (ISO-12).
  EXPECT_TRUE(page.users[2].removed);
  EXPECT_TRUE(page.users[3].removed);
  EXPECT_EQ(page.next_link, "");
  EXPECT_TRUE(absl::StrContains(page.delta_link, "$deltatoken="));
}

TEST_F(RestGraphDeltaTest, Iso12GoneAndExpiredTokenAskForAFullRound) {
  // Patterns are regular expressions: the parentheses are escaped.
  ServeFile("GET", R"(/v1\.0/users/delta\(\))", 410,
            "delta_resync_required.json");
  ports::UsersDeltaPage page;
  core::GraphCallOutcome outcome = graph_->ReadUsersDeltaPage(
      "tenant-1", server_->Url("/v1.0/users/delta()?$deltatoken=x"), &page);
  EXPECT_EQ(outcome.http_status, 410);
  EXPECT_TRUE(page.resync_required);

  ServeFile("GET", "/v1.0/users/delta", 400, "delta_token_expired.json");
  ports::UsersDeltaPage expired;
  outcome = graph_->ReadUsersDeltaPage(
      "tenant-1", server_->Url("/v1.0/users/delta?$deltatoken=y"), &expired);
  EXPECT_EQ(outcome.error_code, "syncStateNotFound");
  EXPECT_TRUE(expired.resync_required);
}

TEST_F(RestGraphDeltaTest, Iso12OtherFailuresKeepTheLink) {
  ServeFile("GET", "/v1.0/users/delta", 429, "graph_error_throttled.json",
            {{"Retry-After", "7"}});
  ports::UsersDeltaPage page;
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage("tenant-1", "", &page);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kThrottled);
  EXPECT_FALSE(page.resync_required);
}

TEST_F(RestGraphDeltaTest, Iso12LinksOffTheBaseAreNeverRequested) {
  // A stored link of another base URL: not sent, a new round instead.
  ports::UsersDeltaPage page;
  core::GraphCallOutcome outcome = graph_->ReadUsersDeltaPage(
      "tenant-1", "https://evil.example/v1.0/users/delta()?$deltatoken=x",
      &page);
  EXPECT_EQ(outcome.error_code, "CordonDeltaLinkOutsideBase");
  EXPECT_TRUE(page.resync_required);
  EXPECT_TRUE(Requests().empty());
  // An answer whose next link leaves the base is broken, not followed.
  Serve("GET", "/v1.0/users/delta", 200,
        R"({"value":[],"@odata.nextLink":"https://evil.example/v1.0/x"})");
  outcome = graph_->ReadUsersDeltaPage("tenant-1", "", &page);
  EXPECT_EQ(outcome.error_code, "CordonMalformedGraphAnswer");
}

TEST_F(RestGraphDeltaTest, Iso12MalformedPageIsRetryableNotACrash) {
  Serve("GET", "/v1.0/users/delta", 200, R"({"value":[{"id":7}]})");
  ports::UsersDeltaPage page;
  page.delta_link = "kept";
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage("tenant-1", "", &page);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kRetryable);
  EXPECT_EQ(page.delta_link, "kept");
}

}  // namespace rest_graph_delta_test
}  // namespace cordon::adapters::graph::testing
