// ApiKeyService over a real loopback channel: a user key shows the role its
// user has now, the one authorization uses (read live on every call), not
// the role the user had when the key was made (issue 8 defect 8).

#include <string>

#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace api_key_service_test {

class ApiKeyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    // Another admin, so the user under test may be demoted again (ESC-6
    // keeps the last admin).
    api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
    user_ = api_.CreateUser(account_, v1::ACCOUNT_USER);
    token_ = api_.KeyFor(user_, "reader key");
  }

  void SetRole(v1::Role role) {
    v1::UpdateUserRequest request;
    request.mutable_user()->set_name(user_);
    request.mutable_user()->set_role(role);
    request.mutable_update_mask()->add_paths("role");
    v1::User out;
    grpc::Status status =
        api_.users().UpdateUser(api_.Soc().get(), request, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The role ListApiKeys shows for the user's key, listed as `token`.
  v1::Role ListedRole(const std::string& token) {
    v1::ListApiKeysRequest request;
    request.set_filter("account = " + account_);
    v1::ListApiKeysResponse response;
    grpc::Status status = api_.api_keys().ListApiKeys(
        testing::TestServer::Context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const v1::ApiKey& key : response.api_keys()) {
      if (key.user() == user_) return key.role();
    }
    ADD_FAILURE() << "no key of " << user_ << " listed";
    return v1::ROLE_UNSPECIFIED;
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, user_, token_;
};

TEST_F(ApiKeyServiceTest, ListShowsTheUsersCurrentRole) {
  EXPECT_EQ(ListedRole(server_.bootstrap_token()), v1::ACCOUNT_USER);

  SetRole(v1::ACCOUNT_ADMIN);
  // Authorization reads the role live: the key may now list keys...
  EXPECT_EQ(ListedRole(token_), v1::ACCOUNT_ADMIN);
  // ... and the SOC's listing says the same.
  EXPECT_EQ(ListedRole(server_.bootstrap_token()), v1::ACCOUNT_ADMIN);

  SetRole(v1::ACCOUNT_USER);
  EXPECT_EQ(ListedRole(server_.bootstrap_token()), v1::ACCOUNT_USER);
}

TEST_F(ApiKeyServiceTest, RevokeShowsTheUsersCurrentRole) {
  SetRole(v1::ACCOUNT_ADMIN);
  v1::ListApiKeysRequest list;
  list.set_filter("account = " + account_);
  v1::ListApiKeysResponse listed;
  ASSERT_TRUE(
      api_.api_keys().ListApiKeys(api_.Soc().get(), list, &listed).ok());
  ASSERT_EQ(listed.api_keys_size(), 1);
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(listed.api_keys(0).name());
  v1::ApiKey revoked;
  ASSERT_TRUE(
      api_.api_keys().RevokeApiKey(api_.Soc().get(), revoke, &revoked).ok());
  EXPECT_EQ(revoked.role(), v1::ACCOUNT_ADMIN);
  EXPECT_EQ(revoked.state(), v1::ApiKey::REVOKED);
}

}  // namespace api_key_service_test
}  // namespace cordon
