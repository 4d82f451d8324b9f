// ISO-15: an organization's agent key is made by an admin, shown once,
// stored as a SHA-256 hash, and stops working when deleted.

#include <string>

#include "gtest/gtest.h"
#include "server/store/family.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace agent_key_service_test {

class AgentKeyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    organization_ = api_.CreateOrganization(account_, "Contoso", "");
    admin_ = api_.KeyFor(api_.CreateUser(account_, v1::ACCOUNT_ADMIN));
  }

  grpc::Status Create(const std::string& request_id,
                      v1::CreateAgentKeyResponse* out) {
    v1::CreateAgentKeyRequest request;
    request.set_parent(organization_);
    request.mutable_agent_key()->set_display_name("dc01");
    request.set_request_id(request_id);
    return api_.agent_keys().CreateAgentKey(
        testing::TestServer::Context(admin_).get(), request, out);
  }

  // Whether `token` still authenticates: an agent key's own call is
  // AcknowledgeCommand; an unknown command id answers OK (already
  // acknowledged).
  grpc::StatusCode AgentCall(const std::string& token) {
    v1::AcknowledgeCommandRequest request;
    request.set_command_id("cmd-999999");
    request.set_outcome(v1::AcknowledgeCommandRequest::SUCCEEDED);
    v1::AcknowledgeCommandResponse out;
    return api_.agent()
        .AcknowledgeCommand(testing::TestServer::Context(token).get(), request,
                            &out)
        .error_code();
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, organization_, admin_;
};

TEST_F(AgentKeyServiceTest, Iso15SecretIsShownOnceAndStoredOnlyAsAHash) {
  v1::CreateAgentKeyResponse first;
  ASSERT_TRUE(Create("r-1", &first).ok());
  EXPECT_EQ(first.agent_key().name().rfind(organization_ + "/agentKeys/", 0),
            0u)
      << first.agent_key().name();
  ASSERT_FALSE(first.secret().empty());
  // A retry of the same create returns the key, never the secret again.
  v1::CreateAgentKeyResponse retry;
  ASSERT_TRUE(Create("r-1", &retry).ok());
  EXPECT_EQ(retry.agent_key().name(), first.agent_key().name());
  EXPECT_TRUE(retry.secret().empty());
  // Nothing stored holds the secret part of the token.
  const std::string secret = first.secret().substr(first.secret().rfind('_'));
  for (int i = 0; i < static_cast<int>(store::Family::kCount); ++i) {
    ASSERT_TRUE(server_.database()
                    .Scan(static_cast<store::Family>(i), "", "", false,
                          [&](absl::string_view, absl::string_view value) {
                            EXPECT_EQ(value.find(secret.substr(1)),
                                      absl::string_view::npos)
                                << store::kFamilyNames[i];
                            return true;
                          })
                    .ok());
  }
  v1::ListAgentKeysRequest list;
  list.set_parent(organization_);
  v1::ListAgentKeysResponse listed;
  ASSERT_TRUE(api_.agent_keys()
                  .ListAgentKeys(testing::TestServer::Context(admin_).get(),
                                 list, &listed)
                  .ok());
  ASSERT_EQ(listed.agent_keys_size(), 1);
  EXPECT_EQ(listed.agent_keys(0).name(), first.agent_key().name());
}

TEST_F(AgentKeyServiceTest, Iso15DeletedKeyStopsAuthenticatingAtOnce) {
  std::string name;
  const std::string token = api_.AgentKey(organization_, &name);
  EXPECT_EQ(AgentCall(token), grpc::StatusCode::OK);
  v1::DeleteAgentKeyRequest request;
  request.set_name(name);
  v1::DeleteAgentKeyResponse out;
  ASSERT_TRUE(api_.agent_keys()
                  .DeleteAgentKey(testing::TestServer::Context(admin_).get(),
                                  request, &out)
                  .ok());
  EXPECT_EQ(AgentCall(token), grpc::StatusCode::UNAUTHENTICATED);
  // Deleting it again, or a name of another organization: NOT_FOUND.
  EXPECT_EQ(api_.agent_keys()
                .DeleteAgentKey(testing::TestServer::Context(admin_).get(),
                                request, &out)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AgentKeyServiceTest, Iso15BadInputIsInvalidArgument) {
  v1::CreateAgentKeyRequest request;
  request.set_parent(account_);  // not an organization
  request.mutable_agent_key()->set_display_name("dc01");
  v1::CreateAgentKeyResponse out;
  EXPECT_EQ(api_.agent_keys()
                .CreateAgentKey(testing::TestServer::Context(admin_).get(),
                                request, &out)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_parent(organization_);
  request.mutable_agent_key()->set_display_name("");
  EXPECT_EQ(api_.agent_keys()
                .CreateAgentKey(testing::TestServer::Context(admin_).get(),
                                request, &out)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace agent_key_service_test
}  // namespace cordon
