// Issue 14, speed at the edge: a token that authenticated is kept in memory
// (engine::AuthenticatedKeyCache) so the next call skips the key's reads and
// the hash. These pin that nothing a key's holder could notice changes: a
// revoked key, a changed role or another secret for the same key id is seen
// by the very next call, as when every call read the store.

#include <string>

#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace authenticated_key_cache_test {

class AuthenticatedKeyCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    user_ = api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
    token_ = api_.KeyFor(user_);
  }

  grpc::Status GetAccount(const std::string& token) {
    v1::GetAccountRequest request;
    request.set_name(account_);
    v1::Account out;
    return api_.accounts().GetAccount(testing::TestServer::Context(token).get(),
                                      request, &out);
  }

  // An ACCOUNT_ADMIN may rename its account; an ACCOUNT_USER may not.
  grpc::Status Rename(const std::string& token) {
    v1::UpdateAccountRequest request;
    request.mutable_account()->set_name(account_);
    request.mutable_account()->set_display_name("MSP renamed");
    request.mutable_update_mask()->add_paths("display_name");
    v1::AccountChange out;
    return api_.accounts().UpdateAccount(
        testing::TestServer::Context(token).get(), request, &out);
  }

  // The key name of token_ ("apiKeys/<id>").
  std::string KeyName() const {
    const size_t first = token_.find('_');
    const size_t second = token_.find('_', first + 1);
    return "apiKeys/" + token_.substr(first + 1, second - first - 1);
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, user_, token_;
};

TEST_F(AuthenticatedKeyCacheTest, ARevokedKeyIsRefusedAtTheNextCall) {
  ASSERT_TRUE(GetAccount(token_).ok());
  ASSERT_TRUE(GetAccount(token_).ok());
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(KeyName());
  v1::ApiKey revoked;
  ASSERT_TRUE(
      api_.api_keys().RevokeApiKey(api_.Soc().get(), revoke, &revoked).ok());
  const grpc::Status refused = GetAccount(token_);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(testing::ReasonOf(refused), "INVALID_API_KEY");
}

TEST_F(AuthenticatedKeyCacheTest, ADemotedUsersKeyActsWithTheNewRoleAtOnce) {
  ASSERT_TRUE(Rename(token_).ok());
  // A second admin, so the first may be demoted (ESC-6 keeps one).
  api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
  v1::UpdateUserRequest demote;
  demote.mutable_user()->set_name(user_);
  demote.mutable_user()->set_role(v1::ACCOUNT_USER);
  demote.mutable_update_mask()->add_paths("role");
  v1::User demoted;
  ASSERT_TRUE(api_.users().UpdateUser(api_.Soc().get(), demote, &demoted).ok());
  EXPECT_EQ(Rename(token_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(GetAccount(token_).ok());
}

TEST_F(AuthenticatedKeyCacheTest, AnotherSecretForAKnownKeyIdIsRefused) {
  ASSERT_TRUE(GetAccount(token_).ok());
  std::string forged = token_;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  const grpc::Status refused = GetAccount(forged);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(testing::ReasonOf(refused), "INVALID_API_KEY");
  EXPECT_EQ(GetAccount(token_.substr(0, token_.size() - 1)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(GetAccount(token_).ok());
}

}  // namespace authenticated_key_cache_test
}  // namespace cordon
