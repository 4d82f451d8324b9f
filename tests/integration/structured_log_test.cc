// Issue 14, structured logs through the real gRPC API: one access log line
// per RPC with the request id (the client's x-request-id when sane, else a
// new one, sent back in the initial metadata), the method, the caller's key
// name and role (never its token), the code and the latency; and one line
// per recorded outcome of an isolation action (ISO-2, ISO-11).

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/api/request_id.h"
#include "testing/captured_log.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace structured_log_test {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000ab";
constexpr char kGetIdentity[] = "/cordon.v1.IdentityService/GetIdentity";

class StructuredLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
    ASSERT_TRUE(
        server_.world().AddUser(kTenant, {.upn = "alice@contoso.com"}).ok());
    alice_ = api_.CreateIdentity(org_, "alice@contoso.com");
  }

  // GetIdentity(alice) as `token`, sending `request_id` unless empty; the
  // x-request-id the server answered with into *answered.
  grpc::Status Get(const std::string& token, const std::string& request_id,
                   std::string* answered) {
    auto context = testing::ApiClient::Context(token);
    if (!request_id.empty()) context->AddMetadata("x-request-id", request_id);
    v1::GetIdentityRequest request;
    request.set_name(alice_);
    v1::Identity identity;
    grpc::Status status =
        api_.identities().GetIdentity(context.get(), request, &identity);
    const auto& metadata = context->GetServerInitialMetadata();
    auto it = metadata.find("x-request-id");
    *answered = it == metadata.end()
                    ? ""
                    : std::string(it->second.data(), it->second.size());
    return status;
  }

  // The access log lines of GetIdentity calls.
  std::vector<json> GetLines() const {
    std::vector<json> lines;
    for (json& line : log_.Events("rpc")) {
      if (line.value("method", "") == kGetIdentity) lines.push_back(line);
    }
    return lines;
  }

  testing::CapturedLog log_;
  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, org_, alice_;
};

TEST_F(StructuredLogTest, Issue14ClientRequestIdIsLoggedAndSentBack) {
  std::string answered;
  ASSERT_TRUE(Get(server_.bootstrap_token(), "ticket-4711.a", &answered).ok());
  EXPECT_EQ(answered, "ticket-4711.a");
  const std::vector<json> lines = GetLines();
  ASSERT_EQ(lines.size(), 1u);
  const json& line = lines[0];
  EXPECT_EQ(line["level"], "INFO");
  EXPECT_EQ(line["request_id"], "ticket-4711.a");
  EXPECT_EQ(line["code"], "OK");
  EXPECT_THAT(line["principal"].get<std::string>(), HasSubstr("apiKeys/"));
  EXPECT_EQ(line["role"], "SOC_ANALYST");
  EXPECT_TRUE(line["latency_ms"].is_number());
  EXPECT_THAT(line["peer"].get<std::string>(), HasSubstr("127.0.0.1"));
  // The key's secret is in no line, of this call or any other.
  for (const std::string& text : log_.Lines()) {
    EXPECT_THAT(text, Not(HasSubstr(server_.bootstrap_token())));
  }
}

TEST_F(StructuredLogTest, Issue14MissingOrInsaneRequestIdGetsAFreshOne) {
  std::vector<std::string> ids;
  for (const std::string& sent : {std::string(), std::string("two words"),
                                  std::string(129, 'x'), std::string()}) {
    std::string answered;
    ASSERT_TRUE(Get(server_.bootstrap_token(), sent, &answered).ok());
    EXPECT_NE(answered, sent);
    EXPECT_TRUE(api::IsSaneRequestId(answered)) << answered;
    ids.push_back(answered);
  }
  const std::vector<json> lines = GetLines();
  ASSERT_EQ(lines.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(lines[i]["request_id"], ids[i]);
    for (size_t j = 0; j < i; ++j) EXPECT_NE(ids[i], ids[j]);
  }
  // The longest sane id is taken as it is.
  std::string answered;
  ASSERT_TRUE(
      Get(server_.bootstrap_token(), std::string(128, 'y'), &answered).ok());
  EXPECT_EQ(answered, std::string(128, 'y'));
}

TEST_F(StructuredLogTest, Issue14RefusedKeyIsLoggedWithoutPrincipalOrToken) {
  const std::string forged = "cordon_1_forgedsecretforgedsecretforgedsecret";
  std::string answered;
  EXPECT_EQ(Get(forged, "probe-1", &answered).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(answered, "probe-1");
  const std::vector<json> lines = GetLines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["code"], "UNAUTHENTICATED");
  EXPECT_FALSE(lines[0].contains("principal"));
  for (const std::string& text : log_.Lines()) {
    EXPECT_THAT(text, Not(HasSubstr("forgedsecret")));
  }
}

// ISO-2/ISO-11: each recorded outcome is one "action" line naming the kind,
// the identity and report, the attempt and the outcome class. An identity
// the tenant does not have fails for good (Graph 404, PERMANENT).
TEST_F(StructuredLogTest, Iso11EachActionOutcomeIsOneLine) {
  const std::string ghost = api_.CreateIdentity(org_, "ghost@contoso.com");
  std::vector<std::string> reports;
  for (const std::string& identity : {alice_, ghost}) {
    reports.push_back(api_.SendReport(org_, identity));
  }
  ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());

  std::map<std::string, std::vector<json>> by_identity;
  for (json& line : log_.Events("action")) {
    if (line.contains("identity")) {
      by_identity[line["identity"].get<std::string>()].push_back(line);
    }
  }
  json revoke;
  for (const json& line : by_identity[alice_]) {
    EXPECT_EQ(line["outcome"], "succeeded") << line.dump();
    EXPECT_EQ(line["report"], reports[0]);
    EXPECT_EQ(line["tenant_id"], kTenant);
    if (line["kind"] == "REVOKE_SESSIONS") revoke = line;
  }
  ASSERT_TRUE(revoke.is_object()) << json(by_identity[alice_]).dump();
  EXPECT_EQ(revoke["level"], "INFO");
  EXPECT_EQ(revoke["attempt"], 1);
  EXPECT_TRUE(revoke["action_id"].is_number());

  ASSERT_FALSE(by_identity[ghost].empty());
  for (const json& line : by_identity[ghost]) {
    EXPECT_EQ(line["outcome"], "failed") << line.dump();
    EXPECT_EQ(line["level"], "WARNING");
    EXPECT_EQ(line["error_class"], "PERMANENT");
    EXPECT_EQ(line["report"], reports[1]);
  }
}

}  // namespace structured_log_test
}  // namespace cordon
