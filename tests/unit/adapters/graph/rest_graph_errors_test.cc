// RestGraph's failed calls: Graph's documented errors, token trouble,
// timeouts and size caps, each with the class ClassifyGraphOutcome gives it
// (ISO-11), and what isolation makes of it (ISO-3).

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/graph/graph_outcome.h"
#include "server/core/isolation/error_class.h"
#include "tests/unit/adapters/graph/rest_graph_fixture.h"

namespace cordon::adapters::graph::testing {
namespace rest_graph_errors_test {

using core::ClassifyGraphOutcome;
using core::ErrorClass;

TEST_F(RestGraphTest, Iso11TooManyRequestsIsThrottledWithRetryAfter) {
  ServeFile("PATCH", user_path_, 429, "graph_error_throttled.json",
            {{"Retry-After", "10"},
             {"x-ms-throttle-scope", "Tenant_Application/ReadWrite/a/t"}});
  const core::GraphCallOutcome outcome =
      graph_->SetAccountEnabled(user_, false);
  EXPECT_EQ(outcome.http_status, 429);
  EXPECT_EQ(outcome.error_code, "TooManyRequests");
  EXPECT_EQ(outcome.retry_after, absl::Seconds(10));
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kThrottled);
  // x-ms-throttle-scope: the whole tenant waits, lock-out included.
  EXPECT_EQ(outcome.throttle_scope, core::ThrottleScope::kTenant);
  EXPECT_EQ(Requests().size(), 1u);  // never retries by itself
}

TEST_F(RestGraphTest, Iso11ServiceUnavailableWithRetryAfterDateIsThrottled) {
  // FakeClock starts at 2026-01-01T00:00:00Z.
  ServeFile("POST", user_path_ + "/revokeSignInSessions", 503,
            "graph_error_service_unavailable.json",
            {{"Retry-After", "Thu, 01 Jan 2026 00:02:00 GMT"}});
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 503);
  EXPECT_EQ(outcome.error_code, "serviceNotAvailable");
  EXPECT_EQ(outcome.retry_after, absl::Minutes(2));
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kThrottled);
}

TEST_F(RestGraphTest, Iso11GatewayTimeoutPageIsRetryable) {
  Serve("POST", user_path_ + "/revokeSignInSessions", 504,
        "<html><body>Gateway Timeout</body></html>", {}, "text/html");
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 504);
  EXPECT_EQ(outcome.error_code, "");
  EXPECT_FALSE(outcome.retry_after.has_value());
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST_F(RestGraphTest, Iso11ConcurrencyViolationIsRetryable) {
  ServeFile("PATCH", user_path_, 409, "graph_error_concurrency.json");
  const core::GraphCallOutcome outcome =
      graph_->SetAccountEnabled(user_, false);
  EXPECT_EQ(outcome.error_code, "Directory_ConcurrencyViolation");
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST_F(RestGraphTest, Iso11RequestDeniedIsPermanent) {
  ServeFile("POST", user_path_ + "/revokeSignInSessions", 403,
            "graph_error_forbidden.json");
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 403);
  EXPECT_EQ(outcome.error_code, "Authorization_RequestDenied");
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kPermanent);
}

TEST_F(RestGraphTest, Iso3MailboxNotEnabledCarriesItsCode) {
  ServeFile("GET", user_path_ + "/mailFolders/inbox/messageRules", 404,
            "graph_error_mailbox_not_enabled.json");
  std::vector<core::InboxRule> rules(1);
  const core::GraphCallOutcome outcome = graph_->ListInboxRules(user_, &rules);
  EXPECT_EQ(outcome.http_status, 404);
  // ISO-3: no mailbox, no rules to protect; the code tells it apart.
  EXPECT_EQ(outcome.error_code, "MailboxNotEnabledForRESTAPI");
  EXPECT_TRUE(core::HasNoReachableMailbox(outcome));
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kPermanent);
  EXPECT_EQ(rules.size(), 1u);  // untouched
}

TEST_F(RestGraphTest, Iso11InvalidTokenIsDroppedFromTheCache) {
  Serve("GET", "/v1.0/domains", 401,
        R"({"error":{"code":"InvalidAuthenticationToken","message":"x"}})");
  std::vector<std::string> domains;
  const core::GraphCallOutcome outcome =
      graph_->ListTenantDomains("tenant-1", &domains);
  EXPECT_EQ(outcome.http_status, 401);
  EXPECT_EQ(outcome.error_code, "InvalidAuthenticationToken");
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kTokenRejected);
  ASSERT_EQ(tokens_.invalidated().size(), 1u);
  EXPECT_EQ(tokens_.invalidated()[0].first, "tenant-1");
  EXPECT_EQ(tokens_.invalidated()[0].second, "token-1");
  EXPECT_EQ(Requests().size(), 1u);  // the worker retries, not the adapter
}

TEST_F(RestGraphTest, OtherUnauthorizedKeepsTheToken) {
  Serve("GET", user_path_, 401, "not json");
  ports::GraphUser user;
  graph_->GetUser(user_, &user);
  EXPECT_TRUE(tokens_.invalidated().empty());
}

TEST_F(RestGraphTest, Iso11TokenFailurePassesThroughUnchanged) {
  TokenResult failure;
  failure.failure.http_status = 401;
  failure.failure.aadsts_code = "AADSTS7000215";
  failure.detail = "invalid client secret";
  tokens_.Fail(failure);
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 401);
  EXPECT_EQ(outcome.aadsts_code, "AADSTS7000215");
  EXPECT_EQ(outcome.error_code, "");
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kTenantInaccessible);
  EXPECT_TRUE(Requests().empty());
}

TEST_F(RestGraphTest, Iso11TimeoutIsRetryable) {
  server_->Handle("GET", "/v1.0/domains",
                  [this](const httplib::Request&, httplib::Response& r) {
                    stalled_handlers_.WaitOpen(std::chrono::seconds(20));
                    r.set_content(R"({"value":[]})", "application/json");
                  });
  RestGraphOptions options = Options();
  options.limits.total_timeout = std::chrono::milliseconds(300);
  auto graph = MakeGraph(options);
  std::vector<std::string> domains;
  const core::GraphCallOutcome outcome =
      graph->ListTenantDomains("tenant-1", &domains);
  stalled_handlers_.Open();
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.http_status, 0);
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST_F(RestGraphTest, Iso11AnswerOverTheSizeCapIsRetryable) {
  Serve("GET", user_path_, 200, std::string(64 * 1024, ' ') + "{}");
  RestGraphOptions options = Options();
  options.limits.max_response_bytes = 4096;
  auto graph = MakeGraph(options);
  ports::GraphUser user;
  const core::GraphCallOutcome outcome = graph->GetUser(user_, &user);
  EXPECT_EQ(outcome.http_status, 502);
  EXPECT_EQ(outcome.error_code, kAnswerTooLargeCode);
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST_F(RestGraphTest, Iso11NoConnectionIsRetryable) {
  auto closed = cordon::testing::HttpsTestServer::Start();
  ASSERT_TRUE(closed.ok());
  RestGraphOptions options = Options();
  options.base_url = (*closed)->Url("/v1.0");
  closed->reset();
  auto graph = MakeGraph(options);
  const core::GraphCallOutcome outcome = graph->RevokeSignInSessions(user_);
  EXPECT_EQ(outcome.http_status, 0);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST_F(RestGraphTest, Iso11ReadOnlyRuleRefusalIsReadOnlyRule) {
  // Graph documents no error for changing a read-only rule; a 400 with some
  // code stands for it, and the listed isReadOnly decides.
  Serve("PATCH", user_path_ + "/mailFolders/inbox/messageRules/.*", 400,
        R"({"error":{"code":"ErrorInvalidRequest","message":"x"}})");
  ServeFile("GET", user_path_ + "/mailFolders/inbox/messageRules", 200,
            "message_rules.json");
  const core::GraphCallOutcome read_only =
      graph_->SetInboxRuleEnabled(user_, "AQAAAJ5dZqM=", false);
  EXPECT_TRUE(read_only.target_rule_read_only);
  EXPECT_EQ(ClassifyGraphOutcome(read_only), ErrorClass::kReadOnlyRule);
  const core::GraphCallOutcome writable =
      graph_->SetInboxRuleEnabled(user_, "AQAAAJ5dZp8=", false);
  EXPECT_FALSE(writable.target_rule_read_only);
  EXPECT_EQ(ClassifyGraphOutcome(writable), ErrorClass::kPermanent);
}

TEST_F(RestGraphTest, Iso11ThrottledRuleChangeReadsNoList) {
  ServeFile("PATCH", user_path_ + "/mailFolders/inbox/messageRules/.*", 429,
            "graph_error_throttled_mailbox.json", {{"Retry-After", "2"}});
  const core::GraphCallOutcome outcome =
      graph_->SetInboxRuleEnabled(user_, "AQAAAJ5dZqM=", false);
  EXPECT_FALSE(outcome.target_rule_read_only);
  EXPECT_EQ(outcome.error_code, "ApplicationThrottled");
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kThrottled);
  // No scope header: the engine decides by the call (a mailbox call).
  EXPECT_EQ(outcome.throttle_scope, core::ThrottleScope::kUnstated);
  EXPECT_EQ(Requests().size(), 1u);
}

TEST_F(RestGraphTest, Iso11MailboxThrottleScopeIsReadFromTheHeader) {
  ServeFile("GET", user_path_ + "/mailFolders/inbox/messageRules", 429,
            "graph_error_throttled_mailbox.json",
            {{"Retry-After", "2"},
             {"x-ms-throttle-scope", "Mailbox/ReadWrite/a/megan"}});
  std::vector<core::InboxRule> rules;
  const core::GraphCallOutcome outcome = graph_->ListInboxRules(user_, &rules);
  EXPECT_EQ(outcome.throttle_scope, core::ThrottleScope::kMailbox);
}

}  // namespace rest_graph_errors_test
}  // namespace cordon::adapters::graph::testing
