// Issue 14, structured logs of a whole run of the real cordon-server: an
// isolation through the simulated tenant's Graph (ISO-2, ISO-3), an
// escalation mailed through the loopback SMTP sink with AUTH (ESC-3), a
// login escalation filed in the served PSA (ESC-2), API and agent keys made
// and used, a forged key refused, then SIGTERM. Every line of the log is one
// JSON object with level, time and event (the access lines with request id,
// method, code and latency), and no secret the run used appears in it.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/agent.grpc.pb.h"
#include "cordon/v1/api_key.grpc.pb.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"
#include "tests/process/served_psa.h"

namespace cordon::process_testing {
namespace log_e2e_test {

using nlohmann::json;

constexpr auto kConverge = std::chrono::seconds(40);
constexpr char kGraphSecret[] = "e2e-process-secret";  // ServedTenant's
constexpr char kSmtpPassword[] = "smtp-pw-Xq7v2LmT9k";
constexpr char kForgedSecret[] = "forgedforgedforgedforgedforged00";

// The keys the run makes and uses, by bearer token.
class KeyCalls {
 public:
  KeyCalls(int port, std::string bootstrap)
      : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials())),
        bootstrap_(std::move(bootstrap)) {}

  // A provider-wide SOC_ANALYST key's token ("" on failure).
  std::string CreateApiKey() {
    v1::CreateApiKeyRequest request;
    request.mutable_api_key()->set_display_name("rotation test");
    request.mutable_api_key()->set_role(v1::SOC_ANALYST);
    v1::CreateApiKeyResponse made;
    auto context = Context(bootstrap_);
    v1::ApiKeyService::NewStub(channel_)
        ->CreateApiKey(context.get(), request, &made)
        .ok();
    return made.secret();
  }
  // An agent key of `organization` (ISO-15): its token.
  std::string CreateAgentKey(const std::string& organization) {
    v1::CreateAgentKeyRequest request;
    request.set_parent(organization);
    request.mutable_agent_key()->set_display_name("dc01 agent");
    v1::CreateAgentKeyResponse made;
    auto context = Context(bootstrap_);
    v1::AgentKeyService::NewStub(channel_)
        ->CreateAgentKey(context.get(), request, &made)
        .ok();
    return made.secret();
  }
  // ListAccounts as `token`: its code (an agent key is refused, a forged
  // one unauthenticated, each one access line).
  grpc::StatusCode ListAccountsAs(const std::string& token) {
    v1::ListAccountsResponse response;
    auto context = Context(token);
    return v1::AccountService::NewStub(channel_)
        ->ListAccounts(context.get(), {}, &response)
        .error_code();
  }

 private:
  static std::unique_ptr<grpc::ClientContext> Context(
      const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::string bootstrap_;
};

// Polls until `done` or the deadline, reading the server's log meanwhile.
bool WaitFor(CordonServer& server, const std::function<bool()>& done) {
  const auto deadline = Steady::now() + kConverge;
  while (Steady::now() < deadline) {
    if (done()) return true;
    server.Wait(
        std::min(deadline, Steady::now() + std::chrono::milliseconds(50)));
  }
  return done();
}

// Every line is an object with the keys every line has; an access line
// has its own. Returns the events seen, each with its count.
std::map<std::string, int> CheckEveryLine(const std::string& log) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  std::map<std::string, int> events;
  for (absl::string_view text : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    const json line = json::parse(text, nullptr, false);
    EXPECT_TRUE(line.is_object()) << "not a JSON object: " << text;
    if (!line.is_object()) continue;
    EXPECT_TRUE(std::regex_match(line.value("time", ""), kTime)) << text;
    EXPECT_TRUE(line.contains("level") && line.contains("event")) << text;
    const std::string event = line.value("event", "");
    ++events[event];
    if (event == "rpc") {
      for (const char* key :
           {"request_id", "method", "code", "latency_ms", "peer"}) {
        EXPECT_TRUE(line.contains(key)) << key << " missing: " << text;
      }
    }
  }
  return events;
}

TEST(LogE2eTest, Issue14WholeRunLogsJsonLinesAndNoSecret) {
  testing::TempDir directory;
  TenantOptions options;
  options.smtp = true;
  options.smtp_user = "cordon-mailer";
  options.smtp_password = kSmtpPassword;
  ServedTenant tenant(directory.path(), options);
  ASSERT_EQ(tenant.error(), "");
  CordonServer server(directory.path() + "/data", PsaServerFlags(tenant));
  ASSERT_EQ(server.Start(), "");
  CordonApi api(server.port(), server.key());
  Walkthrough walk;
  ASSERT_EQ(SetUpWalkthrough(api, tenant, 1, &walk), "");

  // ISO-2/ISO-3 through Graph, with the client secret.
  std::string report;
  ASSERT_EQ(IsolateFirst(server, api, walk, &report), "");

  // ESC-3 without a PSA: mailed through SMTP AUTH.
  ASSERT_TRUE(api.CreateAdmin(walk.account, "ada@msp.example")) << api.error();
  ASSERT_NE(api.CreateEscalation(walk.account, walk.organization), "")
      << api.error();
  ASSERT_TRUE(WaitFor(server, [&] {
    const json mail = tenant.SmtpMessages();
    return mail.is_array() && !mail.empty();
  })) << server.log();

  // ESC-2 with a PSA: a login escalation filed as a ticket.
  const Product connectwise = ServedProducts()[0];
  const v1::PsaIntegration psa = Integration(connectwise, tenant.base_url());
  PsaCalls psa_calls(server.port(), server.key());
  ASSERT_TRUE(psa_calls.SetPsa(walk.account, psa).ok());
  ASSERT_TRUE(psa_calls.SignInThroughVpn(walk.identities[0]).ok());
  ASSERT_TRUE(WaitFor(server, [&] {
    return !DeskTickets(tenant, connectwise.desk).empty();
  })) << server.log();

  // Keys made and used; a forged one refused.
  KeyCalls keys(server.port(), server.key());
  const std::string api_key = keys.CreateApiKey();
  const std::string agent_key = keys.CreateAgentKey(walk.organization);
  ASSERT_FALSE(api_key.empty());
  ASSERT_FALSE(agent_key.empty());
  EXPECT_EQ(keys.ListAccountsAs(api_key), grpc::StatusCode::OK);
  EXPECT_EQ(keys.ListAccountsAs(agent_key),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string forged = absl::StrCat("cordon_1_", kForgedSecret);
  EXPECT_EQ(keys.ListAccountsAs(forged), grpc::StatusCode::UNAUTHENTICATED);

  ASSERT_EQ(server.Stop(Steady::now() + kConverge), std::optional<int>(0))
      << server.log();
  const std::string log = server.log();

  for (const std::string& secret :
       {server.key(), api_key, agent_key, std::string(kGraphSecret),
        std::string(kSmtpPassword), std::string(kForgedSecret), psa.secret(),
        psa.username(), psa.client_id()}) {
    EXPECT_EQ(log.find(secret), std::string::npos)
        << "a secret is in the log: " << secret;
  }
  const std::map<std::string, int> events = CheckEveryLine(log);
  for (const char* event :
       {"serving", "worker_started", "mail_configured", "psa_configured",
        "secrets_sealed", "bootstrap_key_written", "rpc", "action",
        "shutting_down", "stopped"}) {
    EXPECT_GT(events.count(event), 0u) << "no " << event << " line";
  }
  // Each mutating and reading call of the run was one access line.
  EXPECT_GE(events.at("rpc"), 15) << log;
}

}  // namespace log_e2e_test
}  // namespace cordon::process_testing
