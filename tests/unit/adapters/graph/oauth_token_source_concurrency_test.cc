#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "tests/unit/adapters/graph/token_server_fixture.h"

namespace cordon::adapters::graph::testing {
namespace oauth_token_source_concurrency_test {

constexpr size_t kCallers = 8;

// Counts callers that queued behind another's request, so the test opens
// the held answer only once all of them wait: no sleeps, no races.
class SingleFlightTest : public TokenServerTest {
 protected:
  OAuthTokenSource& MakeCountingSource() {
    OAuthTokenSource::Options options = SourceOptions();
    options.on_caller_waiting = [this] {
      std::lock_guard<std::mutex> lock(waiting_mutex_);
      ++waiting_;
      waiting_changed_.notify_all();
    };
    return MakeSource(options);
  }
  bool WaitForWaiting(size_t count) {
    std::unique_lock<std::mutex> lock(waiting_mutex_);
    return waiting_changed_.wait_for(lock, std::chrono::seconds(10),
                                     [&] { return waiting_ >= count; });
  }

  // kCallers threads ask for kTenant's token while its answer is held.
  std::vector<TokenResult> CallConcurrently(OAuthTokenSource& source) {
    std::vector<TokenResult> results(kCallers);
    std::vector<std::thread> callers;
    for (size_t i = 0; i < kCallers; ++i) {
      callers.emplace_back([&, i] { results[i] = source.Token(kTenant); });
    }
    EXPECT_TRUE(WaitForArrivals(1));
    EXPECT_TRUE(WaitForWaiting(kCallers - 1));
    held_.Open();
    for (std::thread& caller : callers) caller.join();
    return results;
  }

 private:
  std::mutex waiting_mutex_;
  std::condition_variable waiting_changed_;
  size_t waiting_ = 0;  // guarded by waiting_mutex_
};

TEST_F(SingleFlightTest, ConcurrentCallersShareOneRequest) {
  Hold(kTenant);
  OAuthTokenSource& source = MakeCountingSource();
  const std::vector<TokenResult> results = CallConcurrently(source);
  EXPECT_EQ(TokenRequests(), 1u);
  for (const TokenResult& result : results) {
    ASSERT_TRUE(result.ok) << result.detail;
    EXPECT_EQ(result.access_token, results[0].access_token);
  }
}

TEST_F(SingleFlightTest, ConcurrentCallersShareOneFailureThatIsNotKept) {
  Hold(kTenant);
  Answer(ContractAnswer("token_error_invalid_secret.json"));
  OAuthTokenSource& source = MakeCountingSource();
  for (const TokenResult& result : CallConcurrently(source)) {
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.failure.aadsts_code, "AADSTS7000215");
  }
  EXPECT_EQ(TokenRequests(), 1u);
  EXPECT_FALSE(source.Token(kTenant).ok);
  EXPECT_EQ(TokenRequests(), 2u);
}

// While one tenant's request hangs, another tenant's token still comes.
TEST_F(SingleFlightTest, TenantsDoNotWaitForEachOther) {
  Hold(kTenant);
  OAuthTokenSource& source = MakeSource();
  TokenResult held;
  std::thread caller([&] { held = source.Token(kTenant); });
  ASSERT_TRUE(WaitForArrivals(1));
  TokenResult other = source.Token(kOtherTenant);
  EXPECT_TRUE(other.ok) << other.detail;
  held_.Open();
  caller.join();
  EXPECT_TRUE(held.ok) << held.detail;
  EXPECT_EQ(TokenRequests(), 2u);
}

}  // namespace oauth_token_source_concurrency_test
}  // namespace cordon::adapters::graph::testing
