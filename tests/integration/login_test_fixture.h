#ifndef CORDON_TESTS_INTEGRATION_LOGIN_TEST_FIXTURE_H_
#define CORDON_TESTS_INTEGRATION_LOGIN_TEST_FIXTURE_H_

// What the access-rule and telemetry tests share: an account with one
// organization bound to a simulated Microsoft 365 tenant, identities whose
// usage location is NL, and helpers to create rules and record sign-ins
// over the real loopback channel.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/v1/access_rule.grpc.pb.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/api_key.grpc.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/resource_time.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon::testing {

inline constexpr char kLoginTenant[] = "00000000-0000-0000-0000-0000000000bb";

class LoginTestBase : public ::testing::Test {
 protected:
  LoginTestBase()
      : accounts_(v1::AccountService::NewStub(server_.channel())),
        orgs_(v1::OrganizationService::NewStub(server_.channel())),
        identities_(v1::IdentityService::NewStub(server_.channel())),
        users_(v1::UserService::NewStub(server_.channel())),
        keys_(v1::ApiKeyService::NewStub(server_.channel())),
        rules_(v1::AccessRuleService::NewStub(server_.channel())),
        telemetry_(v1::TelemetryService::NewStub(server_.channel())) {}

  void SetUp() override {
    account_ = NewAccount("MSP");
    ASSERT_TRUE(
        server_.world().AddTenant({kLoginTenant, {"contoso.com"}, ""}).ok());
    org_ = NewOrganization(account_, "Contoso", kLoginTenant);
    alice_ = NewIdentity("alice@contoso.com");
    bob_ = NewIdentity("bob@contoso.com");
  }

  std::string NewAccount(const std::string& display_name) {
    v1::CreateAccountRequest request;
    request.mutable_account()->set_display_name(display_name);
    v1::AccountChange made;
    EXPECT_TRUE(accounts_->CreateAccount(Soc().get(), request, &made).ok());
    return made.account().name();
  }
  std::string NewOrganization(const std::string& account,
                              const std::string& display_name,
                              const std::string& tenant) {
    v1::CreateOrganizationRequest request;
    request.set_parent(account);
    request.mutable_organization()->set_display_name(display_name);
    request.mutable_organization()->set_m365_tenant_id(tenant);
    v1::Organization made;
    EXPECT_TRUE(orgs_->CreateOrganization(Soc().get(), request, &made).ok());
    return made.name();
  }
  // An identity of org_ that exists in the simulated tenant with one open
  // sign-in session.
  std::string NewIdentity(const std::string& upn, bool excluded = false) {
    EXPECT_TRUE(server_.world().AddUser(kLoginTenant, {.upn = upn}).ok());
    EXPECT_TRUE(server_.world().SignIn(kLoginTenant, upn).ok());
    v1::CreateIdentityRequest request;
    request.set_parent(org_);
    request.mutable_identity()->set_upn(upn);
    request.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
    request.mutable_identity()->set_usage_location("NL");
    request.mutable_identity()->set_excluded_from_isolation(excluded);
    v1::Identity identity;
    EXPECT_TRUE(
        identities_->CreateIdentity(Soc().get(), request, &identity).ok());
    return identity.name();
  }

  static std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
    return TestServer::Context(token);
  }
  std::unique_ptr<grpc::ClientContext> Soc() {
    return Ctx(server_.bootstrap_token());
  }
  std::string UserToken(v1::Role role, const std::string& account,
                        const std::string& organization = "") {
    v1::CreateUserRequest request;
    request.set_parent(account);
    request.mutable_user()->set_email(
        absl::StrCat("u", ++users_made_, "@msp.example"));
    request.mutable_user()->set_display_name("User");
    request.mutable_user()->set_role(role);
    if (role == v1::ORGANIZATION_USER) {
      request.mutable_user()->set_organization(organization);
    }
    v1::User user;
    EXPECT_TRUE(users_->CreateUser(Soc().get(), request, &user).ok());
    v1::CreateApiKeyRequest key;
    key.mutable_api_key()->set_display_name("k");
    key.mutable_api_key()->set_user(user.name());
    v1::CreateApiKeyResponse made;
    EXPECT_TRUE(keys_->CreateApiKey(Soc().get(), key, &made).ok());
    return made.secret();
  }
  std::string AdminToken() { return UserToken(v1::ACCOUNT_ADMIN, account_); }
  // A provider-wide key of `role` (SERVICE, SOC_ANALYST).
  std::string ProviderToken(v1::Role role) {
    v1::CreateApiKeyRequest request;
    request.mutable_api_key()->set_display_name("provider key");
    request.mutable_api_key()->set_role(role);
    v1::CreateApiKeyResponse made;
    EXPECT_TRUE(keys_->CreateApiKey(Soc().get(), request, &made).ok());
    return made.secret();
  }

  // --- Access rules ---
  static v1::AccessRule CountryRule(v1::AccessRule::Determination d,
                                    const std::string& country) {
    v1::AccessRule rule;
    rule.set_determination(d);
    rule.set_country(country);
    return rule;
  }
  static v1::AccessRule VpnRule(v1::AccessRule::Determination d,
                                const std::string& provider) {
    v1::AccessRule rule;
    rule.set_determination(d);
    rule.set_vpn_provider(provider);
    return rule;
  }
  grpc::Status CreateRule(const std::string& parent, const v1::AccessRule& rule,
                          v1::AccessRule* out, const std::string& token = "") {
    v1::CreateAccessRuleRequest request;
    request.set_parent(parent);
    *request.mutable_access_rule() = rule;
    return rules_->CreateAccessRule(
        Ctx(token.empty() ? server_.bootstrap_token() : token).get(), request,
        out);
  }
  v1::AccessRule MustCreateRule(const std::string& parent,
                                const v1::AccessRule& rule) {
    v1::AccessRule out;
    grpc::Status status = CreateRule(parent, rule, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
  std::vector<v1::AccessRule> ListRules(const std::string& parent,
                                        const std::string& filter = "") {
    v1::ListAccessRulesRequest request;
    request.set_parent(parent);
    request.set_filter(filter);
    v1::ListAccessRulesResponse response;
    grpc::Status status =
        rules_->ListAccessRules(Soc().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.access_rules().begin(), response.access_rules().end()};
  }

  // --- Sign-ins ---
  v1::SignInEvent Event(const std::string& identity, const std::string& country,
                        const std::string& vpn = "",
                        absl::Duration ago = absl::ZeroDuration()) {
    v1::SignInEvent event;
    event.set_event_id(absl::StrCat("evt-", ++events_made_));
    event.set_identity(identity);
    *event.mutable_time() = engine::ToTimestamp(server_.clock().Now() - ago);
    event.set_ip_address("203.0.113.7");
    event.set_country(country);
    event.set_vpn_provider(vpn);
    return event;
  }
  grpc::Status Record(const v1::SignInEvent& event,
                      v1::RecordSignInResponse* out = nullptr,
                      const std::string& token = "") {
    v1::RecordSignInRequest request;
    *request.mutable_sign_in() = event;
    v1::RecordSignInResponse ignored;
    return telemetry_->RecordSignIn(
        Ctx(token.empty() ? server_.bootstrap_token() : token).get(), request,
        out != nullptr ? out : &ignored);
  }
  void MustRecord(const v1::SignInEvent& event) {
    v1::RecordSignInResponse response;
    grpc::Status status = Record(event, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.duplicate());
  }

  // --- Escalations, read from the engine ---
  uint64_t AccountId() const {
    return core::ParseAccountName(account_).value().account;
  }
  std::vector<v1::Escalation> OpenLoginEscalations() {
    auto open = server_.engine().escalations().OpenEscalations(
        AccountId(), /*login_only=*/true);
    EXPECT_TRUE(open.ok()) << open.status();
    return open.ok() ? *open : std::vector<v1::Escalation>{};
  }
  v1::Escalation EscalationNamed(const std::string& name) {
    auto escalation = server_.engine().escalations().Get(name);
    EXPECT_TRUE(escalation.ok()) << escalation.status();
    return escalation.ok() ? *escalation : v1::Escalation{};
  }

  v1::Identity GetIdentity(const std::string& name) {
    v1::GetIdentityRequest request;
    request.set_name(name);
    v1::Identity identity;
    EXPECT_TRUE(identities_->GetIdentity(Soc().get(), request, &identity).ok());
    return identity;
  }
  void RunWorker() {
    auto handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }

  TestServer server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::OrganizationService::Stub> orgs_;
  std::unique_ptr<v1::IdentityService::Stub> identities_;
  std::unique_ptr<v1::UserService::Stub> users_;
  std::unique_ptr<v1::ApiKeyService::Stub> keys_;
  std::unique_ptr<v1::AccessRuleService::Stub> rules_;
  std::unique_ptr<v1::TelemetryService::Stub> telemetry_;
  std::string account_, org_, alice_, bob_;
  int users_made_ = 0;
  int events_made_ = 0;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTS_INTEGRATION_LOGIN_TEST_FIXTURE_H_
