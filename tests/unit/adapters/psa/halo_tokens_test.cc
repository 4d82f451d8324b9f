// HaloPSA's token cache: one token request per account while callers
// queue up for it (single-flight), a failure not kept, a token kept until a
// minute before it expires.

#include "server/adapters/psa/halo_tokens.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace cordon::adapters::psa {
namespace halo_tokens_test {

using ::testing::HasSubstr;

// Answers token requests; the first one waits until `release` is set.
class TokenHttp final : public http::HttpClient {
 public:
  http::HttpResponse Send(const http::HttpRequest& request) override {
    std::unique_lock<std::mutex> lock(mutex);
    ++requests;
    last_body = request.body;
    last_url = request.url;
    released.wait(lock, [&] { return release; });
    http::HttpResponse response;
    response.outcome = http::TransportOutcome::kOk;
    response.status = status;
    response.body =
        status == 200 ? R"({"token_type":"Bearer","access_token":"tok-)" +
                            std::to_string(requests) + R"(","expires_in":3600})"
                      : R"({"error":"invalid_client"})";
    return response;
  }
  std::mutex mutex;
  std::condition_variable released;
  bool release = true;
  int requests = 0;
  int status = 200;
  std::string last_body;
  std::string last_url;
};

class HaloTokensTest : public ::testing::Test {
 protected:
  ports::PsaConnection Connection() const {
    ports::PsaConnection c;
    c.account = "accounts/3";
    c.company_id = "contoso";
    c.client_id = "halo-client";
    c.secret = "halo-secret";
    return c;
  }
  ports::FakeClock clock_;
  TokenHttp http_;
  PsaCaller caller_{&http_, &clock_, PsaCallLimits(), nullptr};
  HaloTokens tokens_{&caller_};
};

TEST_F(HaloTokensTest, AsksWithClientCredentialsScopeAllAndTenant) {
  const HaloToken token = tokens_.Get(Connection(), "https://h.example/auth");
  EXPECT_EQ(token.access_token, "tok-1");
  EXPECT_EQ(http_.last_url, "https://h.example/auth/token?tenant=contoso");
  EXPECT_THAT(http_.last_body, HasSubstr("grant_type=client_credentials"));
  EXPECT_THAT(http_.last_body, HasSubstr("scope=all"));
}

TEST_F(HaloTokensTest, CallersQueueForOneRequest) {
  http_.release = false;
  std::mutex mutex;
  std::condition_variable waiting_changed;
  int waiting = 0;
  tokens_.set_on_caller_waiting([&] {
    std::lock_guard<std::mutex> lock(mutex);
    ++waiting;
    waiting_changed.notify_all();
  });
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::string& token : got) {
    threads.emplace_back([&] {
      token = tokens_.Get(Connection(), "https://h.example/auth").access_token;
    });
  }
  bool queued = false;
  {
    // Bounded, so a broken single-flight fails instead of hanging.
    std::unique_lock<std::mutex> lock(mutex);
    queued = waiting_changed.wait_for(lock, std::chrono::seconds(10),
                                      [&] { return waiting == 3; });
  }
  {
    std::lock_guard<std::mutex> lock(http_.mutex);
    http_.release = true;
  }
  http_.released.notify_all();
  for (std::thread& thread : threads) thread.join();
  EXPECT_TRUE(queued);
  EXPECT_EQ(http_.requests, 1);
  for (const std::string& token : got) EXPECT_EQ(token, "tok-1");
}

TEST_F(HaloTokensTest, KeepsTokenUntilAMinuteBeforeExpiryFailureNotKept) {
  EXPECT_EQ(tokens_.Get(Connection(), "https://h.example/auth").access_token,
            "tok-1");
  clock_.Advance(absl::Minutes(58));
  EXPECT_EQ(tokens_.Get(Connection(), "https://h.example/auth").access_token,
            "tok-1");
  clock_.Advance(absl::Minutes(1) + absl::Seconds(1));
  http_.status = 401;
  const HaloToken refused = tokens_.Get(Connection(), "https://h.example/auth");
  EXPECT_TRUE(refused.access_token.empty());
  EXPECT_EQ(refused.failure.http_status, 401);
  EXPECT_THAT(refused.failure.message, HasSubstr("invalid_client"));
  EXPECT_THAT(refused.failure.message,
              ::testing::Not(HasSubstr("halo-secret")));
  http_.status = 200;
  EXPECT_EQ(tokens_.Get(Connection(), "https://h.example/auth").access_token,
            "tok-3");
}

TEST_F(HaloTokensTest, AnotherSecretGetsItsOwnToken) {
  EXPECT_EQ(tokens_.Get(Connection(), "https://h.example/auth").access_token,
            "tok-1");
  ports::PsaConnection renewed = Connection();
  renewed.secret = "new-secret";
  EXPECT_EQ(tokens_.Get(renewed, "https://h.example/auth").access_token,
            "tok-2");
}

}  // namespace halo_tokens_test
}  // namespace cordon::adapters::psa
