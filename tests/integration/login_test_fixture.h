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
#include "cordon/v1/escalation.pb.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon::testing {

inline constexpr char kLoginTenant[] = "00000000-0000-0000-0000-0000000000bb";

class LoginTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    ASSERT_TRUE(
        server_.world().AddTenant({kLoginTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kLoginTenant);
    alice_ = NewIdentity("alice@contoso.com");
    bob_ = NewIdentity("bob@contoso.com");
  }

  // An identity of org_ that exists in the simulated tenant with one open
  // sign-in session.
  std::string NewIdentity(const std::string& upn, bool excluded = false) {
    EXPECT_TRUE(server_.world().AddUser(kLoginTenant, {.upn = upn}).ok());
    EXPECT_TRUE(server_.world().SignIn(kLoginTenant, upn).ok());
    return api_.CreateIdentity(org_, upn, excluded);
  }

  static std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
    return TestServer::Context(token);
  }
  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }
  std::string UserToken(v1::Role role, const std::string& account,
                        const std::string& organization = "") {
    return api_.KeyFor(api_.CreateUser(
        account, role, role == v1::ORGANIZATION_USER ? organization : ""));
  }
  std::string AdminToken() { return UserToken(v1::ACCOUNT_ADMIN, account_); }
  // A provider-wide key of `role` (SERVICE, SOC_ANALYST).
  std::string ProviderToken(v1::Role role) { return api_.ProviderKey(role); }

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
    return api_.access_rules().CreateAccessRule(
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
        api_.access_rules().ListAccessRules(Soc().get(), request, &response);
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
    return api_.telemetry().RecordSignIn(
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
    return api_.GetIdentity(name);
  }
  void RunWorker() {
    auto handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }

  TestServer server_;
  ApiClient api_{&server_};
  std::string account_, org_, alice_, bob_;
  int events_made_ = 0;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTS_INTEGRATION_LOGIN_TEST_FIXTURE_H_
