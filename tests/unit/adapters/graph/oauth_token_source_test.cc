#include "server/adapters/graph/oauth_token_source.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/graph/token_json.h"
#include "server/core/isolation/graph_error.h"
#include "tests/unit/adapters/graph/jwt_test_util.h"
#include "tests/unit/adapters/graph/token_server_fixture.h"

namespace cordon::adapters::graph::testing {
namespace oauth_token_source_test {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::string_view kPath =
    "/9d2c4b1a-3e5f-4a6b-8c7d-0e1f2a3b4c5d/oauth2/v2.0/token";

std::string ContractToken() {
  return nlohmann::json::parse(
      ReadContractFile("token_success.json"))["access_token"];
}

// DESIGN rule 7: whatever happened, the secret is not in the record.
void ExpectNoSecret(const TokenResult& result) {
  EXPECT_THAT(result.detail, Not(HasSubstr(kClientSecret)));
  EXPECT_THAT(result.access_token, Not(HasSubstr(kClientSecret)));
}

class OAuthTokenSourceTest : public TokenServerTest {
 protected:
  // The cached token serves for `fresh_for` after the fetch, and not a
  // second longer.
  void ExpectRefreshAfter(OAuthTokenSource& source, absl::Duration fresh_for) {
    ASSERT_TRUE(source.Token(kTenant).ok);
    clock_.Advance(fresh_for - absl::Seconds(1));
    ASSERT_TRUE(source.Token(kTenant).ok);
    EXPECT_EQ(TokenRequests(), 1u);
    clock_.Advance(absl::Seconds(1));
    ASSERT_TRUE(source.Token(kTenant).ok);
    EXPECT_EQ(TokenRequests(), 2u);
  }
};

TEST_F(OAuthTokenSourceTest, FetchesOnceThenServesFromCache) {
  OAuthTokenSource& source = MakeSource();
  TokenResult first = source.Token(kTenant);
  ASSERT_TRUE(first.ok) << first.detail;
  EXPECT_EQ(first.access_token, ContractToken());
  TokenResult second = source.Token(kTenant);
  ASSERT_TRUE(second.ok);
  EXPECT_EQ(second.access_token, first.access_token);
  EXPECT_EQ(TokenRequests(), 1u);
}

// Issue 14, metrics: each request to the token endpoint is reported once
// with its result (cordon_graph_token_requests_total); a cached token makes
// none.
TEST_F(OAuthTokenSourceTest, EachTokenRequestIsReportedWithItsResult) {
  OAuthTokenSource::Options options = SourceOptions();
  std::vector<bool> fetched;
  options.on_fetched = [&fetched](const TokenResult& result) {
    fetched.push_back(result.ok);
  };
  OAuthTokenSource& source = MakeSource(options);
  ASSERT_TRUE(source.Token(kTenant).ok);
  ASSERT_TRUE(source.Token(kTenant).ok);
  Answer({500, {}, R"({"error":"server_error"})"});
  source.Invalidate(kTenant, ContractToken());
  EXPECT_FALSE(source.Token(kTenant).ok);
  EXPECT_THAT(fetched, ::testing::ElementsAre(true, false));
}

TEST_F(OAuthTokenSourceTest, SendsClientCredentialsForm) {
  ASSERT_TRUE(MakeSource().Token(kTenant).ok);
  const auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, kPath);
  auto content_type = requests[0].headers.find("Content-Type");
  ASSERT_NE(content_type, requests[0].headers.end());
  EXPECT_EQ(content_type->second, "application/x-www-form-urlencoded");
  auto form = ParseForm(requests[0].body);
  EXPECT_EQ(form["client_id"], kClientId);
  EXPECT_EQ(form["scope"], kGraphDefaultScope);
  EXPECT_EQ(form["grant_type"], "client_credentials");
  EXPECT_EQ(form["client_secret"], kClientSecret);
}

TEST_F(OAuthTokenSourceTest, RefreshesMarginBeforeExpiry) {
  // The contract token lives 3599 s; the default margin is 5 minutes.
  ExpectRefreshAfter(MakeSource(), absl::Seconds(3599 - 300));
}

TEST_F(OAuthTokenSourceTest, ShortLivedTokenRefreshedHalfway) {
  Answer({200,
          {},
          R"({"token_type":"Bearer","expires_in":120,)"
          R"("access_token":"short"})"});
  ExpectRefreshAfter(MakeSource(), absl::Seconds(60));
}

// A 2xx that brings no token is a failure Graph never saw: it must not
// reach the worker as a successful call (ISO-11: SUCCEEDED only when Graph
// accepted it).
TEST_F(OAuthTokenSourceTest, Iso11TwoHundredWithoutATokenIsNoSuccess) {
  for (CannedAnswer answer :
       {CannedAnswer{204, {}, ""},
        CannedAnswer{200, {}, std::string(128 * 1024, 'x')}}) {
    SCOPED_TRACE(answer.status);
    Answer(answer);
    TokenResult result = MakeSource().Token(kTenant);
    EXPECT_FALSE(result.ok);
    EXPECT_NE(core::ClassifyGraphOutcome(result.failure),
              core::ErrorClass::kSuccess)
        << result.failure.http_status;
  }
}

TEST_F(OAuthTokenSourceTest, AadstsErrorsAreFailuresAndNotCached) {
  struct Case {
    const char* file;
    int status;
    const char* aadsts;
  };
  for (const Case& c :
       {Case{"token_error_invalid_secret.json", 401, "AADSTS7000215"},
        Case{"token_error_app_not_found.json", 400, "AADSTS700016"}}) {
    SCOPED_TRACE(c.file);
    Answer(ContractAnswer(c.file));
    OAuthTokenSource& source = MakeSource();
    const size_t before = TokenRequests();
    TokenResult result = source.Token(kTenant);
    EXPECT_FALSE(result.ok);
    EXPECT_TRUE(result.access_token.empty());
    EXPECT_EQ(result.failure.http_status, c.status);
    EXPECT_EQ(result.failure.aadsts_code, c.aadsts);
    EXPECT_FALSE(result.failure.timed_out);
    EXPECT_THAT(result.detail, HasSubstr(c.aadsts));
    ExpectNoSecret(result);
    EXPECT_FALSE(source.Token(kTenant).ok);
    EXPECT_EQ(TokenRequests(), before + 2) << "a failure is not cached";
  }
}

TEST_F(OAuthTokenSourceTest, ThrottledAndUnavailableCarryRetryAfter) {
  OAuthTokenSource& source = MakeSource();
  Answer(
      {429, {{"Retry-After", "10"}}, R"({"error":"temporarily_unavailable"})"});
  TokenResult throttled = source.Token(kTenant);
  EXPECT_FALSE(throttled.ok);
  EXPECT_EQ(throttled.failure.http_status, 429);
  EXPECT_EQ(throttled.failure.retry_after, absl::Seconds(10));
  Answer({503,
          {{"Retry-After", "30"}, {"Content-Type", "text/html"}},
          "<html>Service Unavailable</html>"});
  TokenResult unavailable = source.Token(kTenant);
  EXPECT_FALSE(unavailable.ok);
  EXPECT_EQ(unavailable.failure.http_status, 503);
  EXPECT_EQ(unavailable.failure.retry_after, absl::Seconds(30));
  EXPECT_TRUE(unavailable.failure.aadsts_code.empty());
  ExpectNoSecret(unavailable);
}

TEST_F(OAuthTokenSourceTest, UnreadableSuccessIsNoUsableAnswer) {
  Answer({200, {}, R"({"token_type":"Bearer"})"});
  TokenResult result = MakeSource().Token(kTenant);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failure.http_status, 0);
}

TEST_F(OAuthTokenSourceTest, ConnectFailureHasNoStatus) {
  OAuthTokenSource::Options options = SourceOptions();
  options.endpoint.login_base_url = "https://127.0.0.1:1";
  TokenResult result = MakeSource(options).Token(kTenant);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failure.http_status, 0);
  EXPECT_FALSE(result.failure.timed_out);
  EXPECT_FALSE(result.detail.empty());
  ExpectNoSecret(result);
}

TEST_F(OAuthTokenSourceTest, TimeoutIsReported) {
  Hold(kTenant);
  OAuthTokenSource::Options options = SourceOptions();
  options.endpoint.total_timeout = std::chrono::milliseconds(300);
  TokenResult result = MakeSource(options).Token(kTenant);
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.failure.timed_out);
  ExpectNoSecret(result);
}

TEST_F(OAuthTokenSourceTest, InvalidateDropsOnlyThatToken) {
  OAuthTokenSource& source = MakeSource();
  const std::string token = source.Token(kTenant).access_token;
  source.Invalidate(kTenant, "some older token");
  source.Invalidate(kOtherTenant, token);
  ASSERT_TRUE(source.Token(kTenant).ok);
  EXPECT_EQ(TokenRequests(), 1u);
  source.Invalidate(kTenant, token);
  ASSERT_TRUE(source.Token(kTenant).ok);
  EXPECT_EQ(TokenRequests(), 2u);
}

TEST_F(OAuthTokenSourceTest, RefusesTenantIdThatWouldChangeTheUrl) {
  OAuthTokenSource& source = MakeSource();
  // A domain name is no tenant id Cordon stores (organizations carry GUIDs).
  for (const char* tenant :
       {"", "a/b", "common?x=1", "a%2F..", "a b", "contoso.onmicrosoft.com",
        "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b/..",
        "{0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b}"}) {
    TokenResult result = source.Token(tenant);
    EXPECT_FALSE(result.ok) << tenant;
    EXPECT_EQ(result.failure.http_status, 400);
  }
  EXPECT_EQ(TokenRequests(), 0u);
}

}  // namespace oauth_token_source_test
}  // namespace cordon::adapters::graph::testing
