// AccountService over a real loopback channel: ISO-1 (isolation on by
// default, a warning and an audit record when it is turned off), ESC-6 on
// recipients, AIP conventions (etag, request_id, field masks).

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/sample_psa.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace account_service_test {

using ::testing::HasSubstr;
using v1::Account;
using v1::AccountChange;

class AccountServiceTest : public ::testing::Test {
 protected:
  grpc::Status Create(const std::string& display_name, AccountChange* out,
                      const std::string& request_id = "") {
    v1::CreateAccountRequest request;
    request.mutable_account()->set_display_name(display_name);
    request.set_request_id(request_id);
    return api_.accounts().CreateAccount(Soc().get(), request, out);
  }
  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
};

TEST_F(AccountServiceTest, Iso1IsolationIsOnByDefault) {
  AccountChange created;
  ASSERT_TRUE(Create("Contoso MSP", &created).ok());
  EXPECT_THAT(created.account().name(), ::testing::StartsWith("accounts/"));
  EXPECT_TRUE(created.account().settings().identity_isolation_enabled());
  EXPECT_FALSE(created.account().etag().empty());
  EXPECT_TRUE(created.account().has_create_time());
  EXPECT_TRUE(created.warnings().empty());
}

TEST_F(AccountServiceTest, Iso1TurningIsolationOffWarnsAndIsAudited) {
  AccountChange created;
  ASSERT_TRUE(Create("Contoso MSP", &created).ok());
  v1::UpdateAccountRequest update;
  update.mutable_account()->set_name(created.account().name());
  update.mutable_account()->mutable_settings()->set_identity_isolation_enabled(
      false);
  update.mutable_update_mask()->add_paths(
      "settings.identity_isolation_enabled");
  AccountChange updated;
  ASSERT_TRUE(
      api_.accounts().UpdateAccount(Soc().get(), update, &updated).ok());
  EXPECT_FALSE(updated.account().settings().identity_isolation_enabled());
  ASSERT_EQ(updated.warnings_size(), 1);
  EXPECT_EQ(updated.warnings(0).code(), "IDENTITY_ISOLATION_DISABLED");

  v1::ListAuditEventsRequest list;
  list.set_parent(created.account().name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(api_.audit().ListAuditEvents(Soc().get(), list, &events).ok());
  ASSERT_GE(events.audit_events_size(), 2);
  // Newest first.
  EXPECT_EQ(events.audit_events(0).method(),
            "/cordon.v1.AccountService/UpdateAccount");
  EXPECT_THAT(events.audit_events(0).summary(),
              HasSubstr("identity isolation turned OFF"));
  EXPECT_EQ(events.audit_events(0).outcome(), "OK");
}

TEST_F(AccountServiceTest, Iso14IsolationCapDefaultsTo25AndIsValidated) {
  AccountChange created;
  ASSERT_TRUE(Create("Contoso MSP", &created).ok());
  EXPECT_EQ(created.account().settings().automated_isolations_per_hour(), 25);
  const std::string etag = created.account().etag();
  for (int bad : {0, -5, 1001}) {
    v1::UpdateAccountRequest update;
    update.mutable_account()->set_name(created.account().name());
    update.mutable_account()
        ->mutable_settings()
        ->set_automated_isolations_per_hour(bad);
    update.mutable_update_mask()->add_paths(
        "settings.automated_isolations_per_hour");
    AccountChange out;
    grpc::Status status =
        api_.accounts().UpdateAccount(Soc().get(), update, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(testing::BadFieldOf(status),
              "account.settings.automated_isolations_per_hour");
  }
  v1::GetAccountRequest get;
  get.set_name(created.account().name());
  Account unchanged;
  ASSERT_TRUE(api_.accounts().GetAccount(Soc().get(), get, &unchanged).ok());
  EXPECT_EQ(unchanged.etag(), etag);  // bad input changed nothing

  v1::UpdateAccountRequest update;
  update.mutable_account()->set_name(created.account().name());
  update.mutable_account()
      ->mutable_settings()
      ->set_automated_isolations_per_hour(40);
  update.mutable_update_mask()->add_paths(
      "settings.automated_isolations_per_hour");
  AccountChange updated;
  ASSERT_TRUE(
      api_.accounts().UpdateAccount(Soc().get(), update, &updated).ok());
  EXPECT_EQ(updated.account().settings().automated_isolations_per_hour(), 40);
  v1::ListAuditEventsRequest list;
  list.set_parent(created.account().name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(api_.audit().ListAuditEvents(Soc().get(), list, &events).ok());
  ASSERT_GE(events.audit_events_size(), 1);
  EXPECT_THAT(events.audit_events(0).summary(),
              HasSubstr("automated isolation cap (ISO-14): 40"));
}

TEST_F(AccountServiceTest, MissingKeyIsUnauthenticated) {
  v1::CreateAccountRequest request;
  request.mutable_account()->set_display_name("x");
  AccountChange out;
  grpc::ClientContext context;
  EXPECT_EQ(api_.accounts().CreateAccount(&context, request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      api_.accounts()
          .CreateAccount(testing::TestServer::Context("cordon_1_bad").get(),
                         request, &out)
          .error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccountServiceTest, BadDisplayNameNamesTheFieldAndWritesNothing) {
  AccountChange out;
  grpc::Status status = Create("   ", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "account.display_name");
  v1::ListAccountsResponse all;
  ASSERT_TRUE(api_.accounts()
                  .ListAccounts(Soc().get(), v1::ListAccountsRequest(), &all)
                  .ok());
  EXPECT_EQ(all.accounts_size(), 0);
}

TEST_F(AccountServiceTest, RetriedCreateWithSameRequestIdReturnsTheFirst) {
  AccountChange first, second;
  ASSERT_TRUE(Create("Fabrikam", &first, "req-1").ok());
  ASSERT_TRUE(Create("Fabrikam", &second, "req-1").ok());
  EXPECT_EQ(first.account().name(), second.account().name());
  v1::ListAccountsResponse all;
  ASSERT_TRUE(api_.accounts()
                  .ListAccounts(Soc().get(), v1::ListAccountsRequest(), &all)
                  .ok());
  EXPECT_EQ(all.accounts_size(), 1);
  // The same request_id for a different request is refused.
  grpc::Status reused = Create("Other", &second, "req-1");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(reused), "request_id");
}

TEST_F(AccountServiceTest, StaleEtagIsAborted) {
  AccountChange created;
  ASSERT_TRUE(Create("Contoso", &created).ok());
  v1::UpdateAccountRequest update;
  *update.mutable_account() = created.account();
  update.mutable_account()->set_display_name("Contoso 2");
  update.mutable_update_mask()->add_paths("display_name");
  AccountChange updated;
  ASSERT_TRUE(
      api_.accounts().UpdateAccount(Soc().get(), update, &updated).ok());
  EXPECT_NE(updated.account().etag(), created.account().etag());
  // The first etag is stale now.
  update.mutable_account()->set_display_name("Contoso 3");
  grpc::Status stale =
      api_.accounts().UpdateAccount(Soc().get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(testing::ReasonOf(stale), "ETAG_MISMATCH");
}

TEST_F(AccountServiceTest, PsaSecretIsNeverReturned) {
  AccountChange created;
  ASSERT_TRUE(Create("Contoso", &created).ok());
  v1::UpdateAccountRequest update;
  update.mutable_account()->set_name(created.account().name());
  auto* psa =
      update.mutable_account()->mutable_settings()->mutable_psa_integration();
  *psa = sim::SamplePsaIntegration(v1::PsaIntegration::CONNECTWISE, "SOC");
  psa->set_endpoint("https://psa.example.com/v4_6_release/apis/3.0");
  psa->set_secret("s3cr3t-value");
  update.mutable_update_mask()->add_paths("settings.psa_integration");
  AccountChange updated;
  ASSERT_TRUE(
      api_.accounts().UpdateAccount(Soc().get(), update, &updated).ok());
  EXPECT_EQ(updated.account().settings().psa_integration().secret(), "");
  EXPECT_TRUE(updated.account().settings().psa_integration().secret_set());
  // Output shows only that a secret is set and when (issue 11).
  EXPECT_TRUE(
      updated.account().settings().psa_integration().has_secret_update_time());
  Account got;
  v1::GetAccountRequest get;
  get.set_name(created.account().name());
  ASSERT_TRUE(api_.accounts().GetAccount(Soc().get(), get, &got).ok());
  EXPECT_EQ(got.DebugString().find("s3cr3t"), std::string::npos);
}

TEST_F(AccountServiceTest, Esc6RecipientsMustIncludeAnAdmin) {
  AccountChange created;
  ASSERT_TRUE(Create("Contoso", &created).ok());
  v1::UpdateAccountRequest update;
  update.mutable_account()->set_name(created.account().name());
  update.mutable_account()->mutable_settings()->add_notification_recipients(
      "nobody@example.com");
  update.mutable_update_mask()->add_paths("settings.notification_recipients");
  AccountChange updated;
  grpc::Status status =
      api_.accounts().UpdateAccount(Soc().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ReasonOf(status), "RECIPIENTS_NEED_AN_ADMIN");
}

TEST_F(AccountServiceTest, AccountsSurviveARestart) {
  AccountChange created;
  ASSERT_TRUE(Create("Durable MSP", &created).ok());
  server_.Restart();
  api_.Connect();
  Account got;
  v1::GetAccountRequest get;
  get.set_name(created.account().name());
  ASSERT_TRUE(api_.accounts().GetAccount(Soc().get(), get, &got).ok());
  EXPECT_EQ(got.display_name(), "Durable MSP");
  EXPECT_EQ(got.etag(), created.account().etag());
}

}  // namespace account_service_test
}  // namespace cordon
