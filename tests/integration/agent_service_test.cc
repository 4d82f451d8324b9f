// ISO-15 and ISO-9 over a real loopback channel: the on-prem agent
// connects with its organization's key, reports its version (which ISO-9
// compares), receives commands over its stream and acknowledges them; the
// identity shows the wait while it is offline; a command survives a
// restart; a repeated acknowledgement changes nothing.

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "cordon/v1/agent.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "testing/captured_log.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace agent_service_test {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using v1::AcknowledgeCommandRequest;
using v1::AgentCommand;

constexpr char kTenant[] = "aaaaaaaa-0000-0000-0000-000000000015";
constexpr char kUpn[] = "bob@fabrikam.com";

class AgentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        server_.world().AddTenant({kTenant, {"fabrikam.com"}, ""}).ok());
    ASSERT_TRUE(
        server_.world()
            .AddUser(kTenant, {.upn = kUpn, .on_premises_sync_enabled = true})
            .ok());
    account_ = api_.CreateAccount("MSP");
    v1::Organization hybrid;
    hybrid.set_display_name("Fabrikam");
    hybrid.set_m365_tenant_id(kTenant);
    hybrid.mutable_on_prem_ad_server();  // hybrid, no agent yet
    organization_ = api_.CreateOrganization(account_, hybrid);
    identity_ = CreateSyncedIdentity();
    token_ = api_.AgentKey(organization_);
  }

  std::string CreateSyncedIdentity() {
    v1::CreateIdentityRequest request;
    request.set_parent(organization_);
    request.mutable_identity()->set_upn(kUpn);
    request.mutable_identity()->set_display_name("Bob");
    request.mutable_identity()->set_source(v1::Identity::HYBRID_SYNCED);
    request.mutable_identity()->set_usage_location("NL");
    v1::Identity out;
    EXPECT_TRUE(
        api_.identities().CreateIdentity(api_.Soc().get(), request, &out).ok());
    return out.name();
  }

  // The agent was connected once with `version`, then went away: ISO-9
  // decides by the version it reported.
  void AgentWasSeen(const std::string& version) {
    const core::OrganizationName org =
        *core::ParseOrganizationName(organization_);
    absl::StatusOr<uint64_t> session =
        server_.engine().agent_connections().Connect({}, org, version, "dc01");
    ASSERT_TRUE(session.ok()) << session.status();
    ASSERT_TRUE(
        server_.engine().agent_connections().Disconnect(org, *session).ok());
  }

  void Isolate() {
    v1::IsolateIdentityRequest request;
    request.set_name(identity_);
    request.set_reason("hands on keyboard");
    v1::Identity out;
    ASSERT_TRUE(api_.identities()
                    .IsolateIdentity(api_.Soc().get(), request, &out)
                    .ok());
    ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());
  }

  // Opens the agent's stream and reads the first command sent.
  AgentCommand FirstCommand(const std::string& version = "0.14.22") {
    auto context = testing::TestServer::Context(token_);
    v1::ReceiveCommandsRequest request;
    request.set_version(version);
    request.set_host("dc01.fabrikam.local");
    std::unique_ptr<grpc::ClientReader<AgentCommand>> reader =
        api_.agent().ReceiveCommands(context.get(), request);
    AgentCommand command;
    EXPECT_TRUE(reader->Read(&command));
    context->TryCancel();
    reader->Finish();
    return command;
  }

  v1::AcknowledgeCommandResponse Ack(
      const std::string& command_id, AcknowledgeCommandRequest::Outcome outcome,
      grpc::StatusCode expected = grpc::StatusCode::OK) {
    AcknowledgeCommandRequest request;
    request.set_command_id(command_id);
    request.set_outcome(outcome);
    request.set_detail("userAccountControl 514");
    v1::AcknowledgeCommandResponse out;
    EXPECT_EQ(api_.agent()
                  .AcknowledgeCommand(
                      testing::TestServer::Context(token_).get(), request, &out)
                  .error_code(),
              expected);
    return out;
  }

  v1::Identity Identity() { return api_.GetIdentity(identity_); }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, organization_, identity_, token_;
};

TEST_F(AgentServiceTest,
       Iso15OfflineWaitIsVisibleAndTheCommandGoesOnReconnect) {
  AgentWasSeen("0.14.22");
  Isolate();
  // ISO-9 with a capable agent: an on-prem disable, waiting for the agent.
  v1::Identity waiting = Identity();
  EXPECT_FALSE(waiting.isolation().on_prem_account_disabled());
  EXPECT_THAT(waiting.isolation().last_failure(),
              HasSubstr("on-prem agent offline since"));
  EXPECT_GE(waiting.isolation().pending_actions(), 1);

  const AgentCommand command = FirstCommand();
  EXPECT_EQ(command.action(), AgentCommand::DISABLE_ACCOUNT);
  EXPECT_EQ(command.user_principal_name(), kUpn);
  EXPECT_FALSE(Ack(command.command_id(), AcknowledgeCommandRequest::SUCCEEDED)
                   .already_acknowledged());
  // Delivered at least once: a repeated acknowledgement changes nothing.
  EXPECT_TRUE(Ack(command.command_id(), AcknowledgeCommandRequest::SUCCEEDED)
                  .already_acknowledged());

  const v1::Identity done = Identity();
  EXPECT_TRUE(done.isolation().on_prem_account_disabled());
  EXPECT_EQ(done.isolation().last_failure(), "");
  EXPECT_EQ(done.isolation_state(), v1::Identity::ISOLATED);
}

TEST_F(AgentServiceTest, Iso9ReportedVersionDrivesTheIsolation) {
  AgentWasSeen("0.14.3");
  v1::GetOrganizationRequest get;
  get.set_name(organization_);
  v1::Organization org;
  ASSERT_TRUE(
      api_.organizations().GetOrganization(api_.Soc().get(), get, &org).ok());
  EXPECT_EQ(org.on_prem_ad_server().agent_version(), "0.14.3");
  EXPECT_EQ(org.on_prem_ad_server().agent_host(), "dc01");
  EXPECT_FALSE(org.on_prem_ad_server().agent_connected());
  EXPECT_TRUE(org.on_prem_ad_server().has_agent_last_seen_time());

  Isolate();
  // Older than 0.14.22: revoke only, LIMITED, no command for the agent.
  EXPECT_EQ(Identity().isolation_state(), v1::Identity::LIMITED);
  EXPECT_TRUE(server_.engine()
                  .agent_commands()
                  .Pending(*core::ParseOrganizationName(organization_), 10)
                  ->empty());
}

// ISO-15: the agent shows connected while this server holds its stream,
// in GetOrganization and GetDependencyStatus alike; after a crash left the
// stored flag set, both show it disconnected until it connects again.
TEST_F(AgentServiceTest, Iso15AFlagLeftByACrashShowsDisconnectedEverywhere) {
  auto shown = [&] {
    v1::GetOrganizationRequest get;
    get.set_name(organization_);
    v1::Organization org;
    EXPECT_TRUE(
        api_.organizations().GetOrganization(api_.Soc().get(), get, &org).ok());
    v1::GetDependencyStatusRequest request;
    v1::DependencyStatus status;
    EXPECT_TRUE(api_.status()
                    .GetDependencyStatus(api_.Soc().get(), request, &status)
                    .ok());
    EXPECT_EQ(status.agents_size(), 1);
    const bool in_status =
        status.agents_size() == 1 && status.agents(0).connected();
    EXPECT_EQ(org.on_prem_ad_server().agent_connected(), in_status);
    return in_status;
  };
  const core::OrganizationName org =
      *core::ParseOrganizationName(organization_);
  ASSERT_TRUE(server_.engine()
                  .agent_connections()
                  .Connect({}, org, "0.14.22", "dc01")
                  .ok());
  EXPECT_TRUE(shown());
  server_.Restart();  // the stream ends with no Disconnect: the flag stays
  api_.Connect();
  EXPECT_FALSE(shown());
}

TEST_F(AgentServiceTest, Iso15PendingCommandSurvivesARestart) {
  AgentWasSeen("0.14.22");
  Isolate();
  server_.Restart();
  api_.Connect();
  const AgentCommand command = FirstCommand();
  EXPECT_EQ(command.action(), AgentCommand::DISABLE_ACCOUNT);
  Ack(command.command_id(), AcknowledgeCommandRequest::SUCCEEDED);
  EXPECT_TRUE(Identity().isolation().on_prem_account_disabled());
}

TEST_F(AgentServiceTest, Iso15RetryableFailureSendsANewCommand) {
  AgentWasSeen("0.14.22");
  Isolate();
  const AgentCommand first = FirstCommand();
  Ack(first.command_id(), AcknowledgeCommandRequest::FAILED_RETRYABLE);
  EXPECT_FALSE(Identity().isolation().on_prem_account_disabled());
  // Queued again with backoff; after it, a new command id.
  server_.clock().Advance(absl::Minutes(10));
  ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());
  const AgentCommand second = FirstCommand();
  EXPECT_NE(second.command_id(), first.command_id());
  Ack(second.command_id(), AcknowledgeCommandRequest::FAILED_PERMANENT);
  EXPECT_THAT(Identity().isolation().last_failure(),
              HasSubstr("on-prem agent: userAccountControl 514"));
}

// Issue 14: an outcome the agent reports is an "action" log line, as the
// outcomes the worker records itself are.
TEST_F(AgentServiceTest, Iso15EachAcknowledgedOutcomeIsOneActionLine) {
  AgentWasSeen("0.14.22");
  Isolate();
  testing::CapturedLog log;
  const AgentCommand first = FirstCommand();
  Ack(first.command_id(), AcknowledgeCommandRequest::FAILED_RETRYABLE);
  server_.clock().Advance(absl::Minutes(10));
  ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());
  Ack(FirstCommand().command_id(), AcknowledgeCommandRequest::SUCCEEDED);
  // Acknowledged again: nothing recorded, nothing logged.
  Ack(first.command_id(), AcknowledgeCommandRequest::SUCCEEDED);

  std::vector<std::string> outcomes;
  for (const nlohmann::json& line : log.Events("action")) {
    if (line.value("kind", "") != "AGENT_DISABLE_ACCOUNT") continue;
    outcomes.push_back(line.value("outcome", ""));
    EXPECT_EQ(line.value("identity", ""), identity_) << line;
  }
  EXPECT_THAT(outcomes, ElementsAre("retry", "handed_over", "succeeded"));
}

TEST_F(AgentServiceTest, Iso15BadInputAndOtherKeysAreRefused) {
  // No outcome: INVALID_ARGUMENT; an id of no form: INVALID_ARGUMENT.
  Ack("cmd-1", AcknowledgeCommandRequest::OUTCOME_UNSPECIFIED,
      grpc::StatusCode::INVALID_ARGUMENT);
  Ack("not-a-command", AcknowledgeCommandRequest::SUCCEEDED,
      grpc::StatusCode::INVALID_ARGUMENT);
  // A bad version changes nothing and says which field.
  auto context = testing::TestServer::Context(token_);
  v1::ReceiveCommandsRequest request;
  request.set_version("0.14.x");
  auto reader = api_.agent().ReceiveCommands(context.get(), request);
  AgentCommand command;
  EXPECT_FALSE(reader->Read(&command));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // A SOC analyst's key is not an agent key.
  auto soc = api_.Soc();
  request.set_version("0.14.22");
  auto refused = api_.agent().ReceiveCommands(soc.get(), request);
  EXPECT_FALSE(refused->Read(&command));
  EXPECT_EQ(refused->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AgentServiceTest, Iso15AnotherOrganizationsKeyCannotAcknowledge) {
  AgentWasSeen("0.14.22");
  Isolate();
  const AgentCommand command = FirstCommand();
  const std::string other_org = api_.CreateOrganization(account_, "Other", "");
  token_ = api_.AgentKey(other_org);
  // Not its command: nothing changes.
  EXPECT_TRUE(Ack(command.command_id(), AcknowledgeCommandRequest::SUCCEEDED)
                  .already_acknowledged());
  EXPECT_FALSE(Identity().isolation().on_prem_account_disabled());
}

}  // namespace agent_service_test
}  // namespace cordon
