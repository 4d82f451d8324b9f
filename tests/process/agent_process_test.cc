// ISO-15 / ISO-9 with the real binaries: cordon-server and cordon-agent
// (file-backed directory) as child processes on loopback. A hybrid
// identity in a sent report is disabled in the directory; an agent killed
// between applying a command and acknowledging it applies it once; an agent
// reporting 0.14.3 makes the isolation LIMITED; a SIGKILLed server loses no
// pending command.

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "cordon/v1/agent.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"
#include "tests/process/served_cordon.h"

namespace cordon {
namespace agent_process_test {

using process_testing::ChildProcess;
using process_testing::CordonApi;
using process_testing::CordonServer;
using process_testing::Steady;
using Kind = v1::ResponseAction::Kind;

constexpr char kUpn[] = "bob@fabrikam.com";
constexpr auto kBound = std::chrono::seconds(30);

long DirectoryValue(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json accounts = nlohmann::json::parse(text.str(), nullptr, false);
  if (!accounts.is_object() || !accounts.contains(kUpn)) return -1;
  return accounts[kUpn].get<long>();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), 0600);
}

class AgentProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(server_.Start(), "");
    channel_ =
        grpc::CreateChannel(Address(), grpc::InsecureChannelCredentials());
    CordonApi api(server_.port(), server_.key());
    account_ = api.CreateAccount();
    ASSERT_NE(account_, "") << api.error();
    organization_ =
        Create<v1::Organization>([&](grpc::ClientContext* c,
                                     v1::Organization* out) {
          v1::CreateOrganizationRequest request;
          request.set_parent(account_);
          request.mutable_organization()->set_display_name("Fabrikam");
          // Bound, so isolation acts; the server has no Graph credentials, so
          // the cloud steps fail visibly and only the agent's is asserted.
          request.mutable_organization()->set_m365_tenant_id(
              "aaaaaaaa-0000-0000-0000-000000000015");
          request.mutable_organization()->mutable_on_prem_ad_server();
          return v1::OrganizationService::NewStub(channel_)->CreateOrganization(
              c, request, out);
        }).name();
    identity_ =
        Create<v1::Identity>([&](grpc::ClientContext* c, v1::Identity* out) {
          v1::CreateIdentityRequest request;
          request.set_parent(organization_);
          request.mutable_identity()->set_upn(kUpn);
          request.mutable_identity()->set_display_name("Bob");
          request.mutable_identity()->set_source(v1::Identity::HYBRID_SYNCED);
          request.mutable_identity()->set_usage_location("NL");
          return v1::IdentityService::NewStub(channel_)->CreateIdentity(
              c, request, out);
        }).name();
    const v1::CreateAgentKeyResponse key = Create<v1::CreateAgentKeyResponse>(
        [&](grpc::ClientContext* c, v1::CreateAgentKeyResponse* out) {
          v1::CreateAgentKeyRequest request;
          request.set_parent(organization_);
          request.mutable_agent_key()->set_display_name("dc01");
          return v1::AgentKeyService::NewStub(channel_)->CreateAgentKey(
              c, request, out);
        });
    WriteFile(key_file_, key.secret() + "\n");
    WriteFile(directory_file_, std::string("{\"") + kUpn + "\": 512}\n");
  }

  std::string Address() const {
    return "127.0.0.1:" + std::to_string(server_.port());
  }

  template <typename Out, typename Call>
  Out Create(Call call) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + server_.key());
    context.set_deadline(std::chrono::system_clock::now() + kBound);
    Out out;
    const grpc::Status status = call(&context, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Starts cordon-agent and waits until it says it is connected.
  std::unique_ptr<ChildProcess> StartAgent(
      std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        CORDON_AGENT_BIN,
        "--server=" + Address(),
        "--key_file=" + key_file_,
        "--directory_file=" + directory_file_,
        "--state_file=" + dir_.path() + "/agent.state",
        "--host=dc01",
        "--initial_backoff_seconds=0.1"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto agent = std::make_unique<ChildProcess>(std::move(args));
    EXPECT_TRUE(agent->WaitForLine(std::regex("connected as agent"),
                                   Steady::now() + kBound))
        << agent->output();
    return agent;
  }

  std::optional<v1::IncidentReport> SendAndWait(
      const std::vector<Kind>& kinds) {
    CordonApi api(server_.port(), server_.key());
    const std::string report = api.SendReport(organization_, identity_);
    EXPECT_NE(report, "") << api.error();
    report_ = report;
    return process_testing::WaitForActions(server_, report, kinds,
                                           Steady::now() + kBound);
  }

  testing::TempDir dir_;
  const std::string key_file_ = dir_.path() + "/agent.key";
  const std::string directory_file_ = dir_.path() + "/directory.json";
  CordonServer server_{dir_.path() + "/data", {}};
  std::shared_ptr<grpc::Channel> channel_;
  std::string account_, organization_, identity_, report_;
};

TEST_F(AgentProcessTest, Iso15HybridIdentityIsDisabledInTheDirectory) {
  auto agent = StartAgent();
  auto report = SendAndWait({v1::ResponseAction::ON_PREM_DISABLED});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(process_testing::ActionsSucceeded(
      *report, {v1::ResponseAction::ON_PREM_DISABLED}))
      << report->DebugString() << agent->output();
  EXPECT_EQ(DirectoryValue(directory_file_), 514);  // 0x200 | 0x2
}

TEST_F(AgentProcessTest, Iso15AgentKilledMidCommandAppliesItOnce) {
  auto crashing = StartAgent({"--test_exit_before_ack"});
  CordonApi api(server_.port(), server_.key());
  ASSERT_NE(api.SendReport(organization_, identity_), "") << api.error();
  ASSERT_TRUE(crashing->WaitForExit(Steady::now() + kBound).has_value());
  EXPECT_EQ(DirectoryValue(directory_file_), 514);
  // Someone re-enables the account by hand meanwhile: a second application
  // of the same command would disable it again.
  WriteFile(directory_file_, std::string("{\"") + kUpn + "\": 512}\n");
  auto agent = StartAgent();
  ASSERT_TRUE(agent->WaitForLine(std::regex("seen before: acknowledging"),
                                 Steady::now() + kBound))
      << agent->output();
  EXPECT_EQ(DirectoryValue(directory_file_), 512);
}

TEST_F(AgentProcessTest, Iso9AgentReportingAnOldVersionMeansLimited) {
  auto agent = StartAgent({"--report_version=0.14.3"});
  auto report = SendAndWait({});
  ASSERT_TRUE(report.has_value());
  bool limited = false;
  for (const v1::ResponseAction& action : report->response_actions()) {
    limited |= action.kind() == v1::ResponseAction::ISOLATION_LIMITED;
    EXPECT_NE(action.kind(), v1::ResponseAction::ON_PREM_DISABLED);
  }
  EXPECT_TRUE(limited) << report->DebugString();
  EXPECT_EQ(DirectoryValue(directory_file_), 512);
}

TEST_F(AgentProcessTest, Iso15ServerKilledWithACommandPendingLosesNothing) {
  {
    // Connects once (ISO-9 needs the version), then goes away.
    auto agent = StartAgent();
  }
  CordonApi api(server_.port(), server_.key());
  report_ = api.SendReport(organization_, identity_);
  ASSERT_NE(report_, "") << api.error();
  // Wait until the command is handed over (stored, PENDING).
  bool handed = false;
  for (auto deadline = Steady::now() + kBound;
       !handed && Steady::now() < deadline;) {
    const std::optional<v1::IncidentReport> report = api.Report(report_);
    for (int i = 0; report.has_value() && i < report->response_actions_size();
         ++i) {
      const v1::ResponseAction& action = report->response_actions(i);
      // "... command cmd-N waits for it to connect" (or, when the server
      // has not yet seen the killed agent's stream end, "... sent").
      handed |= action.kind() == v1::ResponseAction::ON_PREM_DISABLED &&
                action.outcome() == v1::ResponseAction::PENDING &&
                action.detail().find("command cmd-") != std::string::npos;
    }
    server_.Wait(Steady::now() + std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(handed) << server_.log();
  server_.Kill();  // SIGKILL between the command and its acknowledgement
  ASSERT_EQ(server_.Start(), "");
  channel_ = grpc::CreateChannel(Address(), grpc::InsecureChannelCredentials());
  auto agent = StartAgent();
  auto report = process_testing::WaitForActions(
      server_, report_, {v1::ResponseAction::ON_PREM_DISABLED},
      Steady::now() + kBound);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(process_testing::ActionsSucceeded(
      *report, {v1::ResponseAction::ON_PREM_DISABLED}))
      << report->DebugString();
  EXPECT_EQ(DirectoryValue(directory_file_), 514);
}

}  // namespace agent_process_test
}  // namespace cordon
