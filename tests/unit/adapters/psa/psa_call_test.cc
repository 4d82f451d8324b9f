// PsaCaller: what a PSA exchange means for the outbox worker (ESC-2 type 1,
// DESIGN rule 6): transport failures, Retry-After, bounds, the address
// hook, and messages without secrets.

#include "server/adapters/psa/psa_call.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/psa_outcome.h"
#include "testing/fake_clock.h"

namespace cordon::adapters::psa {
namespace psa_call_test {

using ::testing::HasSubstr;
using ::testing::Not;

class ScriptedHttp final : public http::HttpClient {
 public:
  http::HttpResponse Send(const http::HttpRequest& request) override {
    sent.push_back(request);
    return answer;
  }
  http::HttpResponse answer;
  std::vector<http::HttpRequest> sent;
};

class PsaCallerTest : public ::testing::Test {
 protected:
  PsaReply Call() {
    http::HttpRequest request =
        JsonRequest(http::HttpMethod::kPost, "https://psa.example/x", "{}");
    request.headers.push_back({"Secret", "s3cret-value"});
    return caller_.Call(request, "Autotask", [](absl::string_view body) {
      return std::string(body);
    });
  }
  core::ErrorClass ClassOf(const PsaReply& reply) {
    return core::ClassifyPsaOutcome(reply.outcome.http_status,
                                    reply.outcome.timed_out);
  }

  ports::FakeClock clock_;
  ScriptedHttp http_;
  PsaCallLimits limits_{std::chrono::milliseconds(1'000),
                        std::chrono::milliseconds(2'000), 4096};
  PsaCaller caller_{&http_, &clock_, limits_, nullptr};
};

TEST_F(PsaCallerTest, Esc2TransportFailuresAreRetryableNeverSuccess) {
  struct Case {
    http::TransportOutcome transport;
    bool timed_out;
  };
  for (const Case& c : {Case{http::TransportOutcome::kTimedOut, true},
                        Case{http::TransportOutcome::kConnectFailed, false},
                        Case{http::TransportOutcome::kTlsFailed, false},
                        Case{http::TransportOutcome::kResponseTooLarge, false},
                        Case{http::TransportOutcome::kOther, false}}) {
    http_.answer = {};
    http_.answer.outcome = c.transport;
    http_.answer.detail = "curl says so";
    const PsaReply reply = Call();
    EXPECT_EQ(reply.outcome.timed_out, c.timed_out);
    EXPECT_EQ(ClassOf(reply), core::ErrorClass::kRetryable);
    EXPECT_THAT(reply.outcome.message, HasSubstr("Autotask"));
    EXPECT_FALSE(reply.ok());
  }
}

TEST_F(PsaCallerTest, CallsCarryTheBounds) {
  http_.answer.outcome = http::TransportOutcome::kOk;
  http_.answer.status = 200;
  ASSERT_TRUE(Call().ok());
  ASSERT_EQ(http_.sent.size(), 1u);
  EXPECT_EQ(http_.sent[0].total_timeout, std::chrono::milliseconds(2'000));
  EXPECT_EQ(http_.sent[0].connect_timeout, std::chrono::milliseconds(1'000));
  EXPECT_EQ(http_.sent[0].max_response_bytes, 4096u);
}

TEST_F(PsaCallerTest, Esc2RetryAfterSecondsAndDateAreRead) {
  http_.answer.outcome = http::TransportOutcome::kOk;
  http_.answer.status = 429;
  http_.answer.headers = {{"retry-after", "12"}};
  EXPECT_EQ(Call().outcome.retry_after, absl::Seconds(12));
  clock_.Set(absl::FromUnixSeconds(784111717));  // 08:48:37 GMT
  http_.answer.headers = {{"retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"}};
  EXPECT_EQ(Call().outcome.retry_after, absl::Seconds(60));
  http_.answer.headers = {{"retry-after", "soon"}};
  EXPECT_FALSE(Call().outcome.retry_after.has_value());
}

TEST_F(PsaCallerTest, ErrorMessageHasThePsaWordsCleanedAndBounded) {
  http_.answer.outcome = http::TransportOutcome::kOk;
  http_.answer.status = 400;
  http_.answer.body = "bad\nqueue\x01" + std::string(1000, 'x');
  const PsaReply reply = Call();
  EXPECT_THAT(reply.outcome.message,
              HasSubstr("Autotask: HTTP 400: bad queue"));
  EXPECT_LT(reply.outcome.message.size(), 400u);
  EXPECT_THAT(reply.outcome.message, Not(HasSubstr("s3cret-value")));
  EXPECT_TRUE(reply.body.empty());
}

// The hook the server's private-address policy plugs into: a refused URL
// is permanent and nothing is sent.
TEST_F(PsaCallerTest, UrlCheckRefusalSendsNothing) {
  PsaCaller checked(&http_, &clock_, limits_, [](const std::string& url) {
    return absl::PermissionDeniedError("private address: " + url);
  });
  const PsaReply reply =
      checked.Call(JsonRequest(http::HttpMethod::kGet, "https://10.0.0.1/", ""),
                   "HaloPSA", nullptr);
  EXPECT_EQ(reply.outcome.http_status, 400);
  EXPECT_THAT(reply.outcome.message, HasSubstr("private address"));
  EXPECT_TRUE(http_.sent.empty());
}

TEST(CleanPsaTextTest, CutsOnUtf8BoundaryAndMarksTheCut) {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "\xC3\xA9";
  const std::string clean = CleanPsaText(text);
  EXPECT_EQ(clean.substr(clean.size() - 3), "...");
  EXPECT_EQ((clean.size() - 3) % 2, 0u);
  EXPECT_EQ(CleanPsaText("a\tb"), "a b");
}

}  // namespace psa_call_test
}  // namespace cordon::adapters::psa
