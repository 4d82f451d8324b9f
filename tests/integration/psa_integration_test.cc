// The account's PSA integration through the API (issue 11, ESC-2/ESC-3):
// per-product required fields checked at write time with the exact field
// named, no SSRF through a PSA URL, secrets never returned or audited, and
// TestPsaIntegration against the simulated PSA.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/sample_psa.h"
#include "testing/all_file_bytes.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace psa_integration_test {

using ::testing::HasSubstr;
using ::testing::Not;
using v1::PsaIntegration;
using v1::TestPsaIntegrationResponse;

constexpr char kField[] = "account.settings.psa_integration.";

class PsaIntegrationTest : public ::testing::Test {
 protected:
  PsaIntegrationTest() : account_(api_.CreateAccount("Contoso MSP")) {}

  grpc::Status Put(const PsaIntegration& psa, v1::AccountChange* out) {
    v1::UpdateAccountRequest update;
    update.mutable_account()->set_name(account_);
    *update.mutable_account()->mutable_settings()->mutable_psa_integration() =
        psa;
    update.mutable_update_mask()->add_paths("settings.psa_integration");
    return api_.accounts().UpdateAccount(api_.Soc().get(), update, out);
  }
  grpc::Status Put(const PsaIntegration& psa) {
    v1::AccountChange out;
    return Put(psa, &out);
  }
  // INVALID_ARGUMENT naming `field` under account.settings.psa_integration.
  void ExpectBadField(const PsaIntegration& psa, const std::string& field) {
    const grpc::Status status = Put(psa);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << field << ": " << status.error_message();
    EXPECT_EQ(testing::BadFieldOf(status), kField + field)
        << status.error_message();
  }
  static PsaIntegration Sample(PsaIntegration::Kind kind) {
    return sim::SamplePsaIntegration(
        kind, kind == PsaIntegration::AUTOTASK ? "29683" : "Security");
  }
  grpc::Status Test(TestPsaIntegrationResponse* out,
                    const std::string& token = "") {
    v1::TestPsaIntegrationRequest request;
    request.set_name(account_);
    return api_.accounts().TestPsaIntegration(
        token.empty() ? api_.Soc().get() : api_.Context(token).get(), request,
        out);
  }
  std::vector<std::string> AuditSummaries() {
    v1::ListAuditEventsRequest request;
    request.set_parent(account_);
    v1::ListAuditEventsResponse events;
    EXPECT_TRUE(
        api_.audit().ListAuditEvents(api_.Soc().get(), request, &events).ok());
    std::vector<std::string> summaries;
    for (const auto& event : events.audit_events()) {
      summaries.push_back(event.summary());
    }
    return summaries;
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  const std::string account_;
};

TEST_F(PsaIntegrationTest, EveryProductAcceptsItsCompleteSettings) {
  for (auto kind : {PsaIntegration::CONNECTWISE, PsaIntegration::AUTOTASK,
                    PsaIntegration::HALOPSA}) {
    v1::AccountChange out;
    const grpc::Status status = Put(Sample(kind), &out);
    ASSERT_TRUE(status.ok()) << kind << ": " << status.error_message();
    EXPECT_TRUE(out.account().settings().psa_integration().secret_set());
    EXPECT_EQ(out.account().settings().psa_integration().secret(), "");
  }
}

TEST_F(PsaIntegrationTest, RequiredFieldsPerProductAreNamed) {
  const std::vector<std::pair<PsaIntegration::Kind, std::vector<std::string>>>
      required = {
          {PsaIntegration::CONNECTWISE,
           {"endpoint", "company_id", "board", "customer", "client_id",
            "username", "secret"}},
          {PsaIntegration::AUTOTASK,
           {"endpoint", "board", "customer", "client_id", "username",
            "secret"}},
          {PsaIntegration::HALOPSA,
           {"endpoint", "board", "client_id", "secret"}},
      };
  for (const auto& [kind, fields] : required) {
    for (const std::string& field : fields) {
      PsaIntegration psa = Sample(kind);
      psa.GetReflection()->ClearField(
          &psa, psa.GetDescriptor()->FindFieldByName(field));
      ExpectBadField(psa, field);
    }
  }
}

TEST_F(PsaIntegrationTest, FieldsTheProductDoesNotUseAreRefused) {
  PsaIntegration connectwise = Sample(PsaIntegration::CONNECTWISE);
  connectwise.set_auth_endpoint("https://auth.msp.example");
  ExpectBadField(connectwise, "auth_endpoint");
  PsaIntegration autotask = Sample(PsaIntegration::AUTOTASK);
  autotask.set_company_id("tenant");
  ExpectBadField(autotask, "company_id");
  PsaIntegration halo = Sample(PsaIntegration::HALOPSA);
  halo.set_username("someone");
  ExpectBadField(halo, "username");
  // HaloPSA's optional ones are accepted.
  halo.clear_username();
  halo.set_auth_endpoint("https://auth.msp.example/auth");
  halo.set_company_id("msptenant");
  EXPECT_TRUE(Put(halo).ok());
}

TEST_F(PsaIntegrationTest, NumericIdsLengthsAndCharactersAreChecked) {
  struct BadValue {
    PsaIntegration::Kind kind;
    std::string field;
    std::string value;
  };
  const std::vector<BadValue> cases = {
      {PsaIntegration::AUTOTASK, "board", "SOC queue"},  // a queue id
      {PsaIntegration::AUTOTASK, "customer", "0"},
      {PsaIntegration::HALOPSA, "customer", "12a"},
      {PsaIntegration::CONNECTWISE, "board", std::string(129, 'b')},
      {PsaIntegration::CONNECTWISE, "client_id", "abc\r\nX-Injected: 1"},
      {PsaIntegration::CONNECTWISE, "username", " publickey"},
      {PsaIntegration::CONNECTWISE, "secret", std::string(4097, 's')},
      {PsaIntegration::CONNECTWISE, "endpoint", "http://psa.msp.example"},
  };
  for (const BadValue& bad : cases) {
    PsaIntegration psa = Sample(bad.kind);
    psa.GetReflection()->SetString(
        &psa, psa.GetDescriptor()->FindFieldByName(bad.field), bad.value);
    ExpectBadField(psa, bad.field);
  }
}

TEST_F(PsaIntegrationTest, BadInputChangesNothing) {
  ASSERT_TRUE(Put(Sample(PsaIntegration::CONNECTWISE)).ok());
  PsaIntegration bad = Sample(PsaIntegration::CONNECTWISE);
  bad.set_board("");
  ExpectBadField(bad, "board");
  v1::GetAccountRequest get;
  get.set_name(account_);
  v1::Account account;
  ASSERT_TRUE(api_.accounts().GetAccount(api_.Soc().get(), get, &account).ok());
  EXPECT_EQ(account.settings().psa_integration().board(), "Security");
}

TEST_F(PsaIntegrationTest, EndpointsMustNotReachPrivateAddresses) {
  server_.resolver().Set("internal.msp.example", {"10.1.2.3"});
  server_.resolver().Set("metadata.msp.example", {"169.254.169.254"});
  server_.resolver().Set("mixed.msp.example", {"203.0.113.5", "fd00::1"});
  server_.resolver().Set("cgnat.msp.example", {"100.64.0.1"});
  for (const std::string url :
       {"https://internal.msp.example/api", "https://metadata.msp.example",
        "https://mixed.msp.example", "https://cgnat.msp.example",
        "https://127.0.0.1:8443", "https://0.0.0.0", "https://224.0.0.1",
        "https://nx.invalid"}) {
    PsaIntegration psa = Sample(PsaIntegration::HALOPSA);
    psa.set_endpoint(url);
    ExpectBadField(psa, "endpoint");
    psa = Sample(PsaIntegration::HALOPSA);
    psa.set_auth_endpoint(url);
    ExpectBadField(psa, "auth_endpoint");
  }
  PsaIntegration psa = Sample(PsaIntegration::CONNECTWISE);
  psa.set_endpoint("https://internal.msp.example/api");
  const grpc::Status status = Put(psa);
  EXPECT_THAT(status.error_message(), HasSubstr("10.1.2.3"));
  EXPECT_THAT(status.error_message(), HasSubstr("private"));
}

TEST_F(PsaIntegrationTest, SecretNeverReachesTheAuditTrail) {
  PsaIntegration psa = Sample(PsaIntegration::CONNECTWISE);
  psa.set_secret("Audit-Must-Not-See-This-9f3");
  ASSERT_TRUE(Put(psa).ok());
  const std::vector<std::string> summaries = AuditSummaries();
  ASSERT_FALSE(summaries.empty());
  EXPECT_THAT(summaries[0], HasSubstr("secret replaced"));
  for (const std::string& summary : summaries) {
    EXPECT_THAT(summary, Not(HasSubstr("Audit-Must-Not-See-This")));
  }
}

TEST_F(PsaIntegrationTest, ChangingTheProductNeedsItsOwnSecret) {
  ASSERT_TRUE(Put(Sample(PsaIntegration::CONNECTWISE)).ok());
  PsaIntegration same = Sample(PsaIntegration::CONNECTWISE);
  same.clear_secret();
  same.set_board("Escalations");
  EXPECT_TRUE(Put(same).ok()) << "same product keeps the stored secret";
  PsaIntegration other = Sample(PsaIntegration::HALOPSA);
  other.clear_secret();
  ExpectBadField(other, "secret");
}

TEST_F(PsaIntegrationTest, TestSucceedsAgainstTheSimulatedPsaAndIsAudited) {
  ASSERT_TRUE(Put(Sample(PsaIntegration::CONNECTWISE)).ok());
  TestPsaIntegrationResponse response;
  const grpc::Status status = Test(&response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.success());
  EXPECT_EQ(response.failure(),
            TestPsaIntegrationResponse::FAILURE_UNSPECIFIED);
  EXPECT_EQ(response.http_status(), 200);
  EXPECT_TRUE(response.has_test_time());
  ASSERT_EQ(server_.psa().call_count(), 1u);
  EXPECT_EQ(server_.psa().calls()[0].operation,
            sim::SimulatedPsaCall::Operation::kTestConnection);
  EXPECT_TRUE(server_.psa().tickets().empty()) << "a test opens no ticket";
  EXPECT_THAT(AuditSummaries()[0],
              HasSubstr("tested the PSA integration (CONNECTWISE): works"));
}

TEST_F(PsaIntegrationTest, TestSaysWhatIsWrongInPlainWords) {
  ASSERT_TRUE(Put(Sample(PsaIntegration::AUTOTASK)).ok());
  const std::vector<
      std::tuple<sim::PsaFailure, TestPsaIntegrationResponse::Failure, int>>
      cases = {
          {sim::PsaFailure::kExpiredCredentials,
           TestPsaIntegrationResponse::CREDENTIALS_REJECTED, 401},
          {sim::PsaFailure::kBadBoard,
           TestPsaIntegrationResponse::BOARD_NOT_FOUND, 400},
          {sim::PsaFailure::kThrottled, TestPsaIntegrationResponse::THROTTLED,
           429},
          {sim::PsaFailure::kTimeout, TestPsaIntegrationResponse::UNREACHABLE,
           0},
          {sim::PsaFailure::kServerError, TestPsaIntegrationResponse::PSA_ERROR,
           500},
      };
  for (const auto& [failure, expected, http] : cases) {
    server_.psa().SetFailure(failure);
    TestPsaIntegrationResponse response;
    ASSERT_TRUE(Test(&response).ok());
    EXPECT_FALSE(response.success());
    EXPECT_EQ(response.failure(), expected) << response.message();
    EXPECT_EQ(response.http_status(), http);
    EXPECT_FALSE(response.message().empty());
    EXPECT_THAT(response.DebugString(), Not(HasSubstr("simulated-psa-secret")));
    EXPECT_THAT(AuditSummaries()[0], HasSubstr("failed"));
  }
  server_.psa().SetFailure(sim::PsaFailure::kBadBoard);
  TestPsaIntegrationResponse response;
  ASSERT_TRUE(Test(&response).ok());
  EXPECT_EQ(response.psa_message(), "invalid board");
}

TEST_F(PsaIntegrationTest, TestWithoutAnIntegrationIsAFailedPrecondition) {
  TestPsaIntegrationResponse response;
  const grpc::Status status = Test(&response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "PSA_NOT_CONFIGURED");
  EXPECT_EQ(server_.psa().call_count(), 0u);
}

TEST_F(PsaIntegrationTest, AnAccountAdminMayTestItsOwnIntegration) {
  ASSERT_TRUE(Put(Sample(PsaIntegration::HALOPSA)).ok());
  const std::string admin = api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
  TestPsaIntegrationResponse response;
  const grpc::Status status = Test(&response, api_.KeyFor(admin));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.success());
}

// DESIGN rule 7 through the whole server on RocksDB: created with a
// request_id (so an idempotency record is stored too), tested, then the
// server stops and every file of the data dir is read: no trace of the
// secret (that the PSA call gets it in clear, SecretsAtRestTest checks).
TEST_F(PsaIntegrationTest, Rule7NoTraceOfTheSecretInTheDataDir) {
  constexpr char kSecret[] = "Api-Distinct-PSA-Secret-5521";
  v1::CreateAccountRequest create;
  create.set_request_id("create-with-psa-1");
  create.mutable_account()->set_display_name("Findable-Display-Name-3307");
  PsaIntegration* psa =
      create.mutable_account()->mutable_settings()->mutable_psa_integration();
  *psa = Sample(PsaIntegration::HALOPSA);
  psa->set_secret(kSecret);
  v1::AccountChange created;
  ASSERT_TRUE(
      api_.accounts().CreateAccount(api_.Soc().get(), create, &created).ok());
  v1::TestPsaIntegrationRequest test;
  test.set_name(created.account().name());
  TestPsaIntegrationResponse tested;
  ASSERT_TRUE(
      api_.accounts().TestPsaIntegration(api_.Soc().get(), test, &tested).ok());
  EXPECT_TRUE(tested.success());
  server_.Stop();

  const std::string bytes = testing::AllFileBytes(server_.data_dir());
  EXPECT_THAT(bytes, HasSubstr("Findable-Display-Name-3307"))
      << "the scan sees what was written";
  EXPECT_THAT(bytes, Not(HasSubstr(kSecret)));
}

}  // namespace psa_integration_test
}  // namespace cordon
