// Limits under load (issue 13): one API key that floods the server is
// refused with RESOURCE_EXHAUSTED, reason RATE_LIMITED, and a RetryInfo,
// while other keys go on unaffected; a refused call changes nothing; a
// request over the size limit is refused and the server keeps serving. The
// limiter runs on the engine's clock, so the test decides when tokens come
// back and nothing depends on timing.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon::testing {
namespace rate_limit_test {

class RateLimitTest : public ::testing::Test {
 protected:
  static constexpr int kBurst = 5;

  // Keys are made before the limit is switched on (a restart), so set-up
  // spends no tokens.
  void SetUp() override {
    account_ = api_.CreateAccount("Northwind MSP");
    const std::string admin = api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
    flooding_key_ = api_.KeyFor(admin, "flooding");
    other_key_ = api_.KeyFor(admin, "other");
    TestServerOptions limited;
    limited.rate_limit = {10, kBurst};
    limited.max_message_bytes = 64 << 10;
    server_.Reconfigure(limited);
    api_.Connect();
  }

  grpc::Status GetAccount(const std::string& key) {
    v1::GetAccountRequest request;
    request.set_name(account_);
    v1::Account account;
    return api_.accounts().GetAccount(ApiClient::Context(key).get(), request,
                                      &account);
  }

  grpc::Status CreateOrganization(const std::string& key,
                                  const std::string& display_name) {
    v1::CreateOrganizationRequest request;
    request.set_parent(account_);
    request.mutable_organization()->set_display_name(display_name);
    v1::Organization created;
    return api_.organizations().CreateOrganization(
        ApiClient::Context(key).get(), request, &created);
  }

  int OrganizationCount() {
    v1::ListOrganizationsRequest request;
    request.set_parent(account_);
    v1::ListOrganizationsResponse response;
    EXPECT_TRUE(api_.organizations()
                    .ListOrganizations(api_.Soc().get(), request, &response)
                    .ok());
    return response.organizations_size();
  }

  TestServer server_;
  ApiClient api_{&server_};
  std::string account_;
  std::string flooding_key_;
  std::string other_key_;
};

TEST_F(RateLimitTest, AFloodingKeyIsRefusedWithRetryInfoOthersAreNot) {
  for (int i = 0; i < kBurst; ++i) {
    ASSERT_TRUE(GetAccount(flooding_key_).ok()) << i;
  }
  const grpc::Status refused = GetAccount(flooding_key_);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ReasonOf(refused), "RATE_LIMITED");
  EXPECT_EQ(RetryDelayOf(refused), absl::Milliseconds(100));

  // The flood goes on from several threads; the clock stands still, so
  // every call of it is refused, however the threads interleave.
  std::atomic<int> admitted{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&] {
      for (int i = 0; i < 25; ++i) admitted += GetAccount(flooding_key_).ok();
    });
  }
  // Meanwhile the other key gets its whole burst.
  for (int i = 0; i < kBurst; ++i) {
    EXPECT_TRUE(GetAccount(other_key_).ok()) << i;
  }
  for (std::thread& thread : flood) thread.join();
  EXPECT_EQ(admitted.load(), 0);

  // Waiting as long as RetryInfo said is enough.
  server_.clock().Advance(RetryDelayOf(refused));
  EXPECT_TRUE(GetAccount(flooding_key_).ok());
  EXPECT_FALSE(GetAccount(flooding_key_).ok());
}

TEST_F(RateLimitTest, ARefusedCreateChangesNothing) {
  for (int i = 0; i < kBurst; ++i) {
    ASSERT_TRUE(GetAccount(flooding_key_).ok()) << i;
  }
  const grpc::Status refused = CreateOrganization(flooding_key_, "Contoso");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(OrganizationCount(), 0);
  EXPECT_TRUE(CreateOrganization(other_key_, "Contoso").ok());
  EXPECT_EQ(OrganizationCount(), 1);
}

TEST_F(RateLimitTest, ARequestOverTheSizeLimitIsRefusedAndTheServerServesOn) {
  const grpc::Status refused =
      CreateOrganization(other_key_, std::string(100 << 10, 'x'));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(OrganizationCount(), 0);
  EXPECT_TRUE(CreateOrganization(other_key_, "Contoso").ok());
}

}  // namespace rate_limit_test
}  // namespace cordon::testing
