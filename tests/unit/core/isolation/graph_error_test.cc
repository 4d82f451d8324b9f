#include "server/core/isolation/graph_error.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace graph_error_test {

GraphCallOutcome Status(int http_status) {
  GraphCallOutcome outcome;
  outcome.http_status = http_status;
  return outcome;
}

GraphCallOutcome TokenError(const char* aadsts) {
  GraphCallOutcome outcome = Status(401);
  outcome.aadsts_code = aadsts;
  return outcome;
}

TEST(GraphError, Iso11TwoHundredsAreSuccess) {
  for (int status : {200, 201, 204}) {
    EXPECT_EQ(ClassifyGraphOutcome(Status(status)), ErrorClass::kSuccess)
        << status;
  }
}

TEST(GraphError, Iso11ServerErrorsAreRetryable) {
  for (int status : {500, 502, 503, 504, 599}) {
    EXPECT_EQ(ClassifyGraphOutcome(Status(status)), ErrorClass::kRetryable)
        << status;
  }
}

TEST(GraphError, Iso11TimeoutIsRetryable) {
  GraphCallOutcome outcome;
  outcome.timed_out = true;
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
  // A timeout wins even if a status was recorded before the deadline hit.
  outcome.http_status = 400;
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST(GraphError, Iso11NoResponseIsRetryable) {
  EXPECT_EQ(ClassifyGraphOutcome(Status(0)), ErrorClass::kRetryable);
  EXPECT_EQ(ClassifyGraphOutcome(Status(408)), ErrorClass::kRetryable);
}

TEST(GraphError, Iso11ConcurrencyViolationIsRetryable) {
  GraphCallOutcome outcome = Status(409);
  outcome.error_code = "Directory_ConcurrencyViolation";
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST(GraphError, Iso11OtherConflictIsPermanent) {
  GraphCallOutcome outcome = Status(409);
  outcome.error_code = "Request_BadRequest";
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kPermanent);
  EXPECT_EQ(ClassifyGraphOutcome(Status(409)), ErrorClass::kPermanent);
}

TEST(GraphError, Iso11TooManyRequestsIsThrottled) {
  EXPECT_EQ(ClassifyGraphOutcome(Status(429)), ErrorClass::kThrottled);
  GraphCallOutcome outcome = Status(429);
  outcome.retry_after = absl::Seconds(7);
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kThrottled);
}

TEST(GraphError, Iso11UnavailableOrGatewayTimeoutWithRetryAfterIsThrottled) {
  for (int status : {503, 504}) {
    GraphCallOutcome outcome = Status(status);
    outcome.retry_after = absl::Seconds(30);
    EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kThrottled) << status;
    outcome.retry_after.reset();
    EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable) << status;
  }
}

// A token Graph refuses is dropped by the adapter: one retry with a new
// token; a refusal of the new one too is final.
TEST(GraphError, Iso11InvalidAuthenticationTokenIsRetriedOnce) {
  GraphCallOutcome outcome = Status(401);
  outcome.error_code = "InvalidAuthenticationToken";
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kTokenRejected);
  EXPECT_TRUE(IsRetryable(ErrorClass::kTokenRejected));
  EXPECT_EQ(ClassOfTokenRejection(0), ErrorClass::kTokenRejected);
  EXPECT_EQ(ClassOfTokenRejection(1), ErrorClass::kPermanent);
  EXPECT_EQ(ClassOfTokenRejection(5), ErrorClass::kPermanent);
}

// One check decides both that the adapter forgets the token and that the
// action is retried: Graph has sent codes in more than one case, so the
// code's case does not matter; a 403 with the code is no token refusal.
TEST(GraphError, Iso11TokenRefusalIgnoresTheCodesCase) {
  for (const char* code :
       {"InvalidAuthenticationToken", "invalidAuthenticationToken",
        "INVALIDAUTHENTICATIONTOKEN"}) {
    GraphCallOutcome outcome = Status(401);
    outcome.error_code = code;
    EXPECT_TRUE(RejectsToken(outcome)) << code;
    EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kTokenRejected)
        << code;
  }
  GraphCallOutcome forbidden = Status(403);
  forbidden.error_code = "InvalidAuthenticationToken";
  EXPECT_FALSE(RejectsToken(forbidden));
  GraphCallOutcome other = Status(401);
  other.error_code = "Unauthorized";
  EXPECT_FALSE(RejectsToken(other));
  EXPECT_EQ(ClassifyGraphOutcome(other), ErrorClass::kPermanent);
}

TEST(GraphError, Iso11OtherClientErrorsArePermanent) {
  for (int status : {400, 401, 403, 404, 412, 422}) {
    EXPECT_EQ(ClassifyGraphOutcome(Status(status)), ErrorClass::kPermanent)
        << status;
  }
}

TEST(GraphError, Iso11UnexpectedStatusesArePermanent) {
  for (int status : {100, 302, 600, -1}) {
    EXPECT_EQ(ClassifyGraphOutcome(Status(status)), ErrorClass::kPermanent)
        << status;
  }
}

TEST(GraphError, Iso11ReadOnlyRuleRefusalIsItsOwnClass) {
  GraphCallOutcome outcome = Status(403);
  outcome.target_rule_read_only = true;
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kReadOnlyRule);
  GraphCallOutcome by_code = Status(400);
  by_code.error_code = "ErrorRuleReadOnly";
  EXPECT_EQ(ClassifyGraphOutcome(by_code), ErrorClass::kReadOnlyRule);
}

TEST(GraphError, ReadOnlyRuleThatSucceededOrHiccupedIsNotReadOnlyClass) {
  GraphCallOutcome ok = Status(200);
  ok.target_rule_read_only = true;
  EXPECT_EQ(ClassifyGraphOutcome(ok), ErrorClass::kSuccess);
  GraphCallOutcome busy = Status(502);
  busy.target_rule_read_only = true;
  EXPECT_EQ(ClassifyGraphOutcome(busy), ErrorClass::kRetryable);
  GraphCallOutcome throttled = Status(429);
  throttled.target_rule_read_only = true;
  EXPECT_EQ(ClassifyGraphOutcome(throttled), ErrorClass::kThrottled);
}

TEST(GraphError, Iso11CustomerFixableAadstsErrorsMakeTenantInaccessible) {
  for (const char* code :
       {"AADSTS7000215", "AADSTS7000222", "AADSTS700016", "AADSTS65001",
        "AADSTS90002", "AADSTS700027", "AADSTS7000112"}) {
    EXPECT_EQ(ClassifyGraphOutcome(TokenError(code)),
              ErrorClass::kTenantInaccessible)
        << code;
    EXPECT_TRUE(IsTenantInaccessibleAadsts(code)) << code;
  }
}

TEST(GraphError, Iso11AadstsCodeIsMatchedWithoutPrefixAndCaseInsensitively) {
  EXPECT_TRUE(IsTenantInaccessibleAadsts("7000215"));
  EXPECT_TRUE(IsTenantInaccessibleAadsts("aadsts65001"));
  EXPECT_TRUE(IsTenantInaccessibleAadsts(" AADSTS90002 "));
}

TEST(GraphError, Iso11AadstsCodesMatchExactlyNotByPrefix) {
  EXPECT_FALSE(IsTenantInaccessibleAadsts("AADSTS70002"));
  EXPECT_FALSE(IsTenantInaccessibleAadsts("AADSTS70001600"));
  EXPECT_FALSE(IsTenantInaccessibleAadsts("AADSTS"));
  EXPECT_FALSE(IsTenantInaccessibleAadsts(""));
  EXPECT_FALSE(IsTenantInaccessibleAadsts("AADSTS65001x"));
}

TEST(GraphError, Iso11OtherAadstsCodesFollowTheHttpStatus) {
  GraphCallOutcome outcome = TokenError("AADSTS50058");
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kPermanent);
  outcome.http_status = 503;
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kRetryable);
}

TEST(GraphError, Iso11TenantInaccessibleBeatsTheStatus) {
  GraphCallOutcome outcome = TokenError("AADSTS7000222");
  outcome.http_status = 500;
  EXPECT_EQ(ClassifyGraphOutcome(outcome), ErrorClass::kTenantInaccessible);
}

TEST(GraphError, FindAadstsCodeInErrorDescription) {
  EXPECT_EQ(FindAadstsCode("AADSTS7000215: Invalid client secret provided."),
            "AADSTS7000215");
  EXPECT_EQ(FindAadstsCode("error: aadsts65001 The user or administrator"),
            "AADSTS65001");
  EXPECT_EQ(FindAadstsCode("AADSTS: none here, but AADSTS90002 later"),
            "AADSTS90002");
  EXPECT_EQ(FindAadstsCode("no code"), "");
  EXPECT_EQ(FindAadstsCode(""), "");
  EXPECT_EQ(FindAadstsCode("AADSTS"), "");
}

TEST(GraphError, DescribeKnownAadstsErrorsForTheAdmin) {
  for (const char* code : {"AADSTS7000215", "AADSTS7000222", "AADSTS700016",
                           "AADSTS65001", "AADSTS90002", "65001"}) {
    const AadstsDescription description = DescribeAadstsError(code);
    EXPECT_TRUE(description.known) << code;
    EXPECT_FALSE(description.meaning.empty()) << code;
    EXPECT_FALSE(description.remedy.empty()) << code;
  }
  EXPECT_NE(DescribeAadstsError("AADSTS7000215").meaning,
            DescribeAadstsError("AADSTS7000222").meaning);
  EXPECT_NE(DescribeAadstsError("AADSTS7000222").meaning.find("expired"),
            absl::string_view::npos);
  EXPECT_NE(DescribeAadstsError("AADSTS65001").remedy.find("consent"),
            absl::string_view::npos);
}

TEST(GraphError, DescribeUnknownAadstsErrorGenerically) {
  const AadstsDescription description = DescribeAadstsError("AADSTS50058");
  EXPECT_FALSE(description.known);
  EXPECT_FALSE(description.meaning.empty());
  EXPECT_FALSE(description.remedy.empty());
}

TEST(GraphError, ErrorClassNamesAndRetryability) {
  EXPECT_EQ(ErrorClassName(ErrorClass::kSuccess), "SUCCESS");
  EXPECT_EQ(ErrorClassName(ErrorClass::kRetryable), "RETRYABLE");
  EXPECT_EQ(ErrorClassName(ErrorClass::kThrottled), "THROTTLED");
  EXPECT_EQ(ErrorClassName(ErrorClass::kPermanent), "PERMANENT");
  EXPECT_EQ(ErrorClassName(ErrorClass::kReadOnlyRule), "READ_ONLY_RULE");
  EXPECT_EQ(ErrorClassName(ErrorClass::kTenantInaccessible),
            "TENANT_INACCESSIBLE");
  EXPECT_EQ(ErrorClassName(ErrorClass::kTokenRejected), "TOKEN_REJECTED");
  EXPECT_TRUE(IsRetryable(ErrorClass::kRetryable));
  EXPECT_TRUE(IsRetryable(ErrorClass::kThrottled));
  EXPECT_FALSE(IsRetryable(ErrorClass::kSuccess));
  EXPECT_FALSE(IsRetryable(ErrorClass::kPermanent));
  EXPECT_FALSE(IsRetryable(ErrorClass::kReadOnlyRule));
  EXPECT_FALSE(IsRetryable(ErrorClass::kTenantInaccessible));
}

}  // namespace graph_error_test
}  // namespace cordon::core
