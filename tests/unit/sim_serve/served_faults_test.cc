// Dev Proxy's knobs on the served Graph, as the real adapter sees them
// (ISO-11): throttling with Retry-After, punishing an early retry, the rate
// limit's headers, a scripted n-th answer and the failure rate's statuses.

#include <string>

#include "gtest/gtest.h"
#include "server/core/isolation/graph_error.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_faults_test {

using adapters::http::HttpMethod;
using core::ErrorClass;

constexpr char kRevokePath[] =
    "/v1.0/users/megan@contoso.com/revokeSignInSessions";

ScriptedAnswer Throttle(int nth, int retry_after) {
  ScriptedAnswer answer;
  answer.method = "POST";
  answer.path_regex = ".*/revokeSignInSessions";
  answer.nth = nth;
  answer.status = 429;
  answer.retry_after_seconds = retry_after;
  return answer;
}

// The second revoke is answered 429 + Retry-After: 7; the first and third
// go through.
TEST_F(ServedGraphTest, Iso11ScriptedNthAnswerIsThrottled) {
  ServeOptions options = Options();
  options.faults.scripted.push_back(Throttle(2, 7));
  Serve(options);
  EXPECT_EQ(core::ClassifyGraphOutcome(graph_->RevokeSignInSessions(Megan())),
            ErrorClass::kSuccess);
  ASSERT_TRUE(world_.SignIn(kTenant, kMegan).ok());
  const core::GraphCallOutcome second = graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(second.http_status, 429);
  EXPECT_EQ(second.error_code, "TooManyRequests");
  EXPECT_EQ(second.retry_after, absl::Seconds(7));
  EXPECT_EQ(core::ClassifyGraphOutcome(second), ErrorClass::kThrottled);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);  // refused: no effect
  EXPECT_EQ(core::ClassifyGraphOutcome(graph_->RevokeSignInSessions(Megan())),
            ErrorClass::kSuccess);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 0);
  EXPECT_EQ(Logged()[2].fault, "scripted");
}

// A retry before Retry-After ran out gets another 429 with what is left;
// after it, the call goes through.
TEST_F(ServedGraphTest, Iso11EarlyRetryIsPunished) {
  ServeOptions options = Options();
  options.faults.scripted.push_back(Throttle(1, 10));
  options.faults.punish_early_retry = true;
  Serve(options);
  EXPECT_EQ(graph_->RevokeSignInSessions(Megan()).http_status, 429);
  clock_.Advance(absl::Seconds(4));
  const core::GraphCallOutcome early = graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(early.http_status, 429);
  EXPECT_EQ(early.retry_after, absl::Seconds(6));
  EXPECT_EQ(Logged().back().fault, "early_retry");
  // A mailbox call is another throttling scope: not held back.
  std::vector<core::InboxRule> rules;
  EXPECT_EQ(core::ClassifyGraphOutcome(graph_->ListInboxRules(Megan(), &rules)),
            ErrorClass::kSuccess);
  clock_.Advance(absl::Seconds(6));
  EXPECT_EQ(core::ClassifyGraphOutcome(graph_->RevokeSignInSessions(Megan())),
            ErrorClass::kSuccess);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 0);
}

TEST_F(ServedGraphTest, Iso11RateLimitAnswers429WithItsHeaders) {
  ServeOptions options = Options();
  options.faults.rate_limit_requests = 2;
  options.faults.rate_limit_window = absl::Seconds(60);
  Serve(options);
  const std::string token = TokenOf(kTenant);
  auto first = Raw(HttpMethod::kGet, "/v1.0/domains", token);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("ratelimit-limit"), "2");
  EXPECT_EQ(first.Header("ratelimit-remaining"), "1");
  EXPECT_EQ(Raw(HttpMethod::kGet, "/v1.0/domains", token).status, 200);
  clock_.Advance(absl::Seconds(15));
  auto refused = Raw(HttpMethod::kGet, "/v1.0/domains", token);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.Header("retry-after"), "45");
  EXPECT_EQ(refused.Header("ratelimit-remaining"), "0");
  clock_.Advance(absl::Seconds(45));
  EXPECT_EQ(Raw(HttpMethod::kGet, "/v1.0/domains", token).status, 200);
}

// failure_rate 1 with one status in the pool: every write is a 507, which
// the core retries; the world is unchanged.
TEST_F(ServedGraphTest, Iso11FailureRateDrawsFromTheMethodsPool) {
  ServeOptions options = Options();
  options.faults.failure_rate = 1;
  options.faults.status_pools["POST"] = {507};
  Serve(options);
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(outcome.http_status, 507);
  EXPECT_EQ(outcome.error_code, "quotaLimitReached");
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);
}

// DESIGN rule 3: the same seed and the same requests give the same faults.
TEST(ServedFaultsReplay, SameSeedSameFaults) {
  auto statuses = [](uint64_t seed) {
    ports::FakeClock clock;
    Random random(seed);
    HttpFaultConfig config;
    config.failure_rate = 0.5;
    HttpFaults faults(config, &random, &clock);
    std::string seen;
    for (int i = 0; i < 40; ++i) {
      auto fault =
          faults.Decide({"PATCH", "/v1.0/users/a", "t", "directory", true});
      seen += fault.has_value() ? std::to_string(fault->status) : "ok";
      seen += ",";
    }
    return seen;
  };
  EXPECT_EQ(statuses(9), statuses(9));
  EXPECT_NE(statuses(9), statuses(10));
}

TEST(ServedFaultsValidate, BadKnobsAreNamed) {
  HttpFaultConfig config;
  config.failure_rate = 2;
  EXPECT_NE(ValidateHttpFaults(config).message().find("failure_rate"),
            std::string::npos);
  config = HttpFaultConfig();
  config.scripted.push_back({"GET", "(", 1, 500, "", -1});
  EXPECT_NE(ValidateHttpFaults(config).message().find("path_regex"),
            std::string::npos);
  config = HttpFaultConfig();
  config.status_pools["GET"] = {42};
  EXPECT_FALSE(ValidateHttpFaults(config).ok());
}

}  // namespace served_faults_test
}  // namespace cordon::sim::serve::testing
