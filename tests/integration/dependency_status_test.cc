// Issue 14, StatusService.GetDependencyStatus over gRPC: real outcomes of
// the simulated world (a refused token, a PSA down, an SMTP server refusing)
// show up in the answer, per account (TEN-1) and for the whole server, and
// no secret does.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/sample_psa.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace dependency_status_test {

using ::testing::HasSubstr;
using ::testing::Not;
using v1::DependencyCalls;
using v1::DependencyStatus;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000bb";
constexpr char kIdleTenant[] = "00000000-0000-0000-0000-0000000000cc";

class DependencyStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    admin_ = api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
    admin_token_ = api_.KeyFor(admin_);
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
    ASSERT_TRUE(
        server_.world().AddUser(kTenant, {.upn = "alice@contoso.com"}).ok());
    alice_ = api_.CreateIdentity(org_, "alice@contoso.com");
    RunWorker();
  }

  void RunWorker() {
    absl::StatusOr<int> handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }

  // The account's dependencies as its admin reads them; the whole server's
  // as the SOC does (parent "").
  DependencyStatus Status(const std::string& parent) {
    v1::GetDependencyStatusRequest request;
    request.set_parent(parent);
    DependencyStatus status;
    const grpc::Status called = api_.status().GetDependencyStatus(
        parent.empty() ? api_.Soc().get() : api_.Context(admin_token_).get(),
        request, &status);
    EXPECT_TRUE(called.ok()) << called.error_message();
    return status;
  }

  // An isolation-worthy report about Alice, sent, and its actions and
  // delivery performed.
  void SendReport() {
    ASSERT_NE(api_.SendReport(org_, alice_), "");
    RunWorker();
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, admin_, admin_token_, org_, alice_;
};

TEST_F(DependencyStatusTest, Iso11ARefusedTokenShowsWithItsAadstsCode) {
  api_.CreateOrganization(account_, "Idle", kIdleTenant);
  server_.faults().SetTenantAadsts(kTenant, "AADSTS7000222");
  SendReport();

  const DependencyStatus status = Status(account_);
  ASSERT_EQ(status.graph_tenants_size(), 2);
  const v1::GraphTenantStatus& refused = status.graph_tenants(0);
  EXPECT_EQ(refused.organization(), org_);
  EXPECT_EQ(refused.tenant_id(), kTenant);
  EXPECT_EQ(refused.calls().state(), DependencyCalls::FAILING);
  EXPECT_EQ(refused.aadsts_code(), "AADSTS7000222");
  EXPECT_THAT(refused.calls().last_failure(), HasSubstr("AADSTS7000222"));
  EXPECT_GE(refused.calls().failures(), 1);
  // A tenant bound but not called since start says so.
  EXPECT_EQ(status.graph_tenants(1).tenant_id(), kIdleTenant);
  EXPECT_EQ(status.graph_tenants(1).calls().state(),
            DependencyCalls::NOT_CALLED);

  // The customer fixes the consent: the next calls go out with a token.
  server_.faults().SetTenantAadsts(kTenant, "");
  SendReport();
  const v1::GraphTenantStatus fixed = Status(account_).graph_tenants(0);
  EXPECT_EQ(fixed.calls().state(), DependencyCalls::OK);
  EXPECT_EQ(fixed.aadsts_code(), "");
  EXPECT_TRUE(fixed.has_last_token_time());
}

TEST_F(DependencyStatusTest, APsaThatRefusesShowsOnItsAccountWithoutSecrets) {
  v1::UpdateAccountRequest update;
  update.mutable_account()->set_name(account_);
  *update.mutable_account()->mutable_settings()->mutable_psa_integration() =
      sim::SamplePsaIntegration(v1::PsaIntegration::CONNECTWISE, "Security");
  update.mutable_update_mask()->add_paths("settings.psa_integration");
  v1::AccountChange change;
  ASSERT_TRUE(
      api_.accounts().UpdateAccount(api_.Soc().get(), update, &change).ok());
  // Set up, not called yet.
  ASSERT_EQ(Status(account_).psa_size(), 1);
  EXPECT_EQ(Status(account_).psa(0).calls().state(),
            DependencyCalls::NOT_CALLED);

  server_.psa().SetFailure(sim::PsaFailure::kExpiredCredentials);
  SendReport();  // the report's ticket is refused

  const DependencyStatus status = Status(account_);
  ASSERT_EQ(status.psa_size(), 1);
  EXPECT_EQ(status.psa(0).account(), account_);
  EXPECT_EQ(status.psa(0).kind(), "CONNECTWISE");
  EXPECT_EQ(status.psa(0).calls().state(), DependencyCalls::FAILING);
  EXPECT_THAT(status.psa(0).calls().last_failure(), HasSubstr("401"));
  EXPECT_THAT(status.DebugString(), Not(HasSubstr("simulated-psa-secret")));
  // The SOC sees the same PSA in the whole server's answer.
  ASSERT_EQ(Status("").psa_size(), 1);
  EXPECT_EQ(Status("").psa(0).calls().state(), DependencyCalls::FAILING);
}

TEST_F(DependencyStatusTest, AnSmtpRefusalShowsToTheSocOnly) {
  server_.mailbox().SetFailure(sim::MailFailure::kPermanent);
  SendReport();  // no PSA: the report goes by e-mail (ESC-3)

  const DependencyStatus server = Status("");
  EXPECT_EQ(server.smtp().deliveries().state(), DependencyCalls::FAILING);
  EXPECT_THAT(server.smtp().deliveries().last_failure(), HasSubstr("550"));
  // The mail server is the provider's: an account's answer has no SMTP.
  EXPECT_FALSE(Status(account_).has_smtp());

  server_.mailbox().Fix();
  SendReport();
  EXPECT_EQ(Status("").smtp().deliveries().state(), DependencyCalls::OK);
}

TEST_F(DependencyStatusTest, AnotherAccountIsNotFoundAndBadParentsNamed) {
  const std::string other = api_.CreateAccount("Other MSP");
  v1::GetDependencyStatusRequest request;
  request.set_parent(other);
  DependencyStatus status;
  EXPECT_EQ(api_.status()
                .GetDependencyStatus(api_.Context(admin_token_).get(), request,
                                     &status)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_parent("accounts/x");
  const grpc::Status bad =
      api_.status().GetDependencyStatus(api_.Soc().get(), request, &status);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("parent"));
}

}  // namespace dependency_status_test
}  // namespace cordon
