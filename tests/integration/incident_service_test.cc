// IncidentService over a real loopback channel: the report lifecycle
// (DRAFT -> SENT -> RESOLVED/REJECTED), ISO-2 isolation at send time, ISO-4
// release on resolve, ISO-10 filters, who may do what, and bad input.

#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/api_key.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace {

using v1::IncidentReport;
using v1::ResponseAction;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000aa";

class IncidentServiceTest : public ::testing::Test {
 protected:
  IncidentServiceTest()
      : accounts_(v1::AccountService::NewStub(server_.channel())),
        orgs_(v1::OrganizationService::NewStub(server_.channel())),
        identities_(v1::IdentityService::NewStub(server_.channel())),
        users_(v1::UserService::NewStub(server_.channel())),
        keys_(v1::ApiKeyService::NewStub(server_.channel())),
        reports_(v1::IncidentService::NewStub(server_.channel())) {}

  void SetUp() override {
    v1::CreateAccountRequest account;
    account.mutable_account()->set_display_name("MSP");
    v1::AccountChange made;
    ASSERT_TRUE(accounts_->CreateAccount(Soc().get(), account, &made).ok());
    account_ = made.account().name();
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    v1::CreateOrganizationRequest org;
    org.set_parent(account_);
    org.mutable_organization()->set_display_name("Contoso");
    org.mutable_organization()->set_m365_tenant_id(kTenant);
    v1::Organization made_org;
    ASSERT_TRUE(orgs_->CreateOrganization(Soc().get(), org, &made_org).ok());
    org_ = made_org.name();
    alice_ = NewIdentity("alice@contoso.com");
    ASSERT_TRUE(server_.world().SignIn(kTenant, "alice@contoso.com").ok());
  }

  std::string NewIdentity(const std::string& upn) {
    EXPECT_TRUE(server_.world().AddUser(kTenant, {.upn = upn}).ok());
    v1::CreateIdentityRequest request;
    request.set_parent(org_);
    request.mutable_identity()->set_upn(upn);
    request.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
    request.mutable_identity()->set_usage_location("NL");
    v1::Identity identity;
    EXPECT_TRUE(
        identities_->CreateIdentity(Soc().get(), request, &identity).ok());
    return identity.name();
  }
  std::unique_ptr<grpc::ClientContext> Soc() {
    return testing::TestServer::Context(server_.bootstrap_token());
  }
  std::string UserToken(v1::Role role) {
    v1::CreateUserRequest request;
    request.set_parent(account_);
    request.mutable_user()->set_email("u" + std::to_string(++users_made_) +
                                      "@msp.example");
    request.mutable_user()->set_display_name("User");
    request.mutable_user()->set_role(role);
    if (role == v1::ORGANIZATION_USER)
      request.mutable_user()->set_organization(org_);
    v1::User user;
    EXPECT_TRUE(users_->CreateUser(Soc().get(), request, &user).ok());
    v1::CreateApiKeyRequest key;
    key.mutable_api_key()->set_display_name("k");
    key.mutable_api_key()->set_user(user.name());
    v1::CreateApiKeyResponse made;
    EXPECT_TRUE(keys_->CreateApiKey(Soc().get(), key, &made).ok());
    return made.secret();
  }
  grpc::Status Draft(IncidentReport* out, bool isolation_worthy = true) {
    v1::CreateIncidentReportRequest request;
    request.set_parent(org_);
    auto* report = request.mutable_incident_report();
    report->set_title("Sign-in from a known-bad IP");
    report->set_severity(v1::CRITICAL);
    report->set_isolation_worthy(isolation_worthy);
    report->add_identities(alice_);
    return reports_->CreateIncidentReport(Soc().get(), request, out);
  }
  grpc::Status Send(const std::string& name, IncidentReport* out) {
    v1::SendIncidentReportRequest request;
    request.set_name(name);
    return reports_->SendIncidentReport(Soc().get(), request, out);
  }
  v1::Identity Alice() {
    v1::GetIdentityRequest request;
    request.set_name(alice_);
    v1::Identity identity;
    EXPECT_TRUE(identities_->GetIdentity(Soc().get(), request, &identity).ok());
    return identity;
  }
  void RunWorker() {
    auto handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }

  testing::TestServer server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::OrganizationService::Stub> orgs_;
  std::unique_ptr<v1::IdentityService::Stub> identities_;
  std::unique_ptr<v1::UserService::Stub> users_;
  std::unique_ptr<v1::ApiKeyService::Stub> keys_;
  std::unique_ptr<v1::IncidentService::Stub> reports_;
  std::string account_, org_, alice_;
  int users_made_ = 0;
};

TEST_F(IncidentServiceTest, Iso2SendIsolatesAtSendTimeAndIso4ResolveReleases) {
  IncidentReport draft, sent, resolved;
  ASSERT_TRUE(Draft(&draft).ok());
  EXPECT_EQ(draft.status(), IncidentReport::DRAFT);
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ACTIVE);

  ASSERT_TRUE(Send(draft.name(), &sent).ok());
  EXPECT_EQ(sent.status(), IncidentReport::SENT);
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ISOLATING);
  ASSERT_GE(sent.response_actions_size(), 2);

  RunWorker();
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ISOLATED);
  EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, "alice@contoso.com"),
            false);
  EXPECT_EQ(server_.world().SessionCount(kTenant, "alice@contoso.com"), 0);

  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  ASSERT_TRUE(
      reports_->ResolveIncidentReport(Soc().get(), resolve, &resolved).ok());
  RunWorker();
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ACTIVE);
  EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
}

TEST_F(IncidentServiceTest, WrongTransitionsAreFailedPrecondition) {
  IncidentReport draft, sent;
  ASSERT_TRUE(Draft(&draft).ok());
  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  IncidentReport out;
  grpc::Status early =
      reports_->ResolveIncidentReport(Soc().get(), resolve, &out);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(early), "INVALID_REPORT_STATE");
  ASSERT_TRUE(Send(draft.name(), &sent).ok());
  EXPECT_EQ(Send(draft.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(reports_->ResolveIncidentReport(Soc().get(), resolve, &out).ok());
  EXPECT_EQ(
      reports_->ResolveIncidentReport(Soc().get(), resolve, &out).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(IncidentServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  v1::CreateIncidentReportRequest request;
  request.set_parent(org_);
  request.mutable_incident_report()->set_title("t");
  request.mutable_incident_report()->set_severity(v1::HIGH);
  request.mutable_incident_report()->add_identities(alice_);
  request.mutable_incident_report()->add_identities(
      account_ + "/organizations/999/identities/1");
  IncidentReport out;
  grpc::Status status =
      reports_->CreateIncidentReport(Soc().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "incident_report.identities[1]");

  request.mutable_incident_report()->clear_identities();
  request.mutable_incident_report()->set_severity(v1::SEVERITY_UNSPECIFIED);
  status = reports_->CreateIncidentReport(Soc().get(), request, &out);
  EXPECT_EQ(testing::BadFieldOf(status), "incident_report.severity");

  v1::ListIncidentReportsRequest list;
  list.set_parent(account_);
  v1::ListIncidentReportsResponse all;
  ASSERT_TRUE(reports_->ListIncidentReports(Soc().get(), list, &all).ok());
  EXPECT_EQ(all.incident_reports_size(), 0);
}

TEST_F(IncidentServiceTest,
       Iso10ListFiltersByResponseActionAtAccountAndOrgScope) {
  IncidentReport isolating, plain, out;
  ASSERT_TRUE(Draft(&isolating).ok());
  ASSERT_TRUE(Draft(&plain, /*isolation_worthy=*/false).ok());
  ASSERT_TRUE(Send(isolating.name(), &out).ok());
  ASSERT_TRUE(Send(plain.name(), &out).ok());
  RunWorker();
  for (const std::string& parent : {account_, org_}) {
    v1::ListIncidentReportsRequest list;
    list.set_parent(parent);
    list.set_filter("response_action = IDENTITY_DISABLED");
    v1::ListIncidentReportsResponse found;
    ASSERT_TRUE(reports_->ListIncidentReports(Soc().get(), list, &found).ok());
    ASSERT_EQ(found.incident_reports_size(), 1) << parent;
    EXPECT_EQ(found.incident_reports(0).name(), isolating.name());
  }
  v1::ListIncidentReportsRequest bad;
  bad.set_parent(account_);
  bad.set_filter("response_action = TELEPORTED");
  v1::ListIncidentReportsResponse none;
  grpc::Status status = reports_->ListIncidentReports(Soc().get(), bad, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "filter");
}

TEST_F(IncidentServiceTest, WhoMayDoWhat) {
  IncidentReport draft, out;
  ASSERT_TRUE(Draft(&draft).ok());
  const std::string admin = UserToken(v1::ACCOUNT_ADMIN);
  const std::string reader = UserToken(v1::ACCOUNT_USER);
  const std::string org_user = UserToken(v1::ORGANIZATION_USER);
  // Only SOC analysts send.
  v1::SendIncidentReportRequest send;
  send.set_name(draft.name());
  EXPECT_EQ(reports_
                ->SendIncidentReport(testing::TestServer::Context(admin).get(),
                                     send, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Send(draft.name(), &out).ok());
  // Everyone of the account reads it, the organization's user included.
  for (const std::string& token : {admin, reader, org_user}) {
    v1::GetIncidentReportRequest get;
    get.set_name(draft.name());
    EXPECT_TRUE(reports_
                    ->GetIncidentReport(
                        testing::TestServer::Context(token).get(), get, &out)
                    .ok());
  }
  // Readers cannot resolve; SOC cannot reject (a customer's call); the
  // admin can.
  v1::RejectIncidentReportRequest reject;
  reject.set_name(draft.name());
  EXPECT_EQ(
      reports_->RejectIncidentReport(Soc().get(), reject, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  EXPECT_EQ(reports_
                ->ResolveIncidentReport(
                    testing::TestServer::Context(reader).get(), resolve, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(reports_
                  ->RejectIncidentReport(
                      testing::TestServer::Context(admin).get(), reject, &out)
                  .ok());
  EXPECT_EQ(out.status(), IncidentReport::REJECTED);
}

TEST_F(IncidentServiceTest, Iso5Iso6Iso8ManualIsolationAndInboxRules) {
  core::InboxRule rule;
  rule.id = "r-fwd";
  rule.display_name = "fwd";
  rule.actions.forward_to = {"drop@evil.example"};
  ASSERT_TRUE(
      server_.world().AddInboxRule(kTenant, "alice@contoso.com", rule).ok());
  v1::IsolateIdentityRequest isolate;
  isolate.set_name(alice_);
  v1::Identity identity;
  EXPECT_EQ(identities_->IsolateIdentity(Soc().get(), isolate, &identity)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a reason is required for the audit trail";
  isolate.set_reason("analyst saw token theft");
  ASSERT_TRUE(
      identities_->IsolateIdentity(Soc().get(), isolate, &identity).ok());
  RunWorker();
  v1::ListInboxRulesRequest list;
  list.set_parent(alice_);
  v1::ListInboxRulesResponse rules;
  ASSERT_TRUE(identities_->ListInboxRules(Soc().get(), list, &rules).ok());
  ASSERT_EQ(rules.inbox_rules_size(), 1);
  EXPECT_TRUE(rules.inbox_rules(0).disabled_by_cordon());
  EXPECT_THAT(rules.inbox_rules(0).suspicion(),
              ::testing::Contains("FORWARDS_OUTSIDE_TENANT"));

  v1::ReleaseIdentityRequest release;
  release.set_name(alice_);
  release.set_reason("contained");
  ASSERT_TRUE(
      identities_->ReleaseIdentity(Soc().get(), release, &identity).ok());
  RunWorker();
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ACTIVE);
  // ISO-5: still off until an admin asks.
  EXPECT_FALSE(
      server_.world().Rule(kTenant, "alice@contoso.com", "r-fwd")->is_enabled);
  v1::EnableInboxRuleRequest enable;
  enable.set_parent(alice_);
  enable.set_rule_id("r-fwd");
  v1::EnableInboxRuleResponse enabled;
  ASSERT_TRUE(identities_->EnableInboxRule(Soc().get(), enable, &enabled).ok());
  RunWorker();
  EXPECT_TRUE(
      server_.world().Rule(kTenant, "alice@contoso.com", "r-fwd")->is_enabled);
  enable.set_rule_id("no-such-rule");
  EXPECT_EQ(
      identities_->EnableInboxRule(Soc().get(), enable, &enabled).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace cordon
