// TelemetryService.RecordSignIn over a real loopback channel: sign-ins are
// evaluated against the account's access rules by their own time (ESC-2,
// ESC-4), unexpected places make one LOW escalation per subject (ESC-7),
// UNAUTHORIZED rules isolate (subject to ISO-7), event ids make ingestion
// idempotent, and only SERVICE and SOC_ANALYST keys may record.

#include <vector>

#include "cordon/v1/audit.pb.h"
#include "cordon/v1/soc_alert.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/login_test_fixture.h"

namespace cordon {
namespace telemetry_service_test {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using v1::AccessRule;
using v1::Escalation;

class TelemetryServiceTest : public testing::LoginTestBase {
 protected:
  // Every SOC alert, newest first, as the SOC lists them.
  std::vector<v1::SocAlert> SocAlerts() {
    v1::ListSocAlertsRequest request;
    v1::ListSocAlertsResponse response;
    grpc::Status status =
        api_.soc_alerts().ListSocAlerts(api_.Soc().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.soc_alerts().begin(), response.soc_alerts().end()};
  }
};

TEST_F(TelemetryServiceTest,
       Esc7SeveralIdentitiesFromOneCountryMakeOneEscalationListingThem) {
  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(bob_, "RU"));
  MustRecord(Event(alice_, "RU"));

  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);
  const Escalation& escalation = open[0];
  EXPECT_EQ(escalation.type(), v1::LOGIN_UNEXPECTED_COUNTRY);
  EXPECT_EQ(escalation.severity(), v1::LOW);
  EXPECT_EQ(escalation.subject(), "country:RU");
  EXPECT_EQ(escalation.organization(), org_);
  EXPECT_THAT(escalation.identities(), UnorderedElementsAre(alice_, bob_));
  ASSERT_EQ(escalation.events_size(), 3);
  EXPECT_THAT(escalation.events(0).summary(), HasSubstr("203.0.113.7"));
  EXPECT_THAT(escalation.events(0).summary(), HasSubstr("RU"));

  // A sign-in from the usage location raises nothing.
  MustRecord(Event(alice_, "NL"));
  EXPECT_EQ(OpenLoginEscalations().size(), 1u);
}

TEST_F(TelemetryServiceTest, Esc4AccountRuleForTheCountryResolvesItAsRule) {
  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(bob_, "RU"));
  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);

  MustCreateRule(account_, CountryRule(AccessRule::EXPECTED, "RU"));

  const Escalation resolved = EscalationNamed(open[0].name());
  EXPECT_EQ(resolved.status(), Escalation::RESOLVED);
  EXPECT_EQ(resolved.resolution(), Escalation::RULE);
  EXPECT_TRUE(OpenLoginEscalations().empty());
  // The rule covers later sign-ins too.
  MustRecord(Event(alice_, "RU"));
  EXPECT_TRUE(OpenLoginEscalations().empty());
}

TEST_F(TelemetryServiceTest, Esc4RuleForAnotherCountryResolvesNothing) {
  MustRecord(Event(alice_, "RU"));
  MustCreateRule(account_, CountryRule(AccessRule::EXPECTED, "DE"));
  EXPECT_EQ(OpenLoginEscalations().size(), 1u);
}

TEST_F(TelemetryServiceTest,
       VpnSignInWithoutExpectedRuleRaisesLowVpnEscalation) {
  MustRecord(Event(alice_, "NL", "NordVPN"));

  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].type(), v1::LOGIN_UNEXPECTED_VPN);
  EXPECT_EQ(open[0].severity(), v1::LOW);
  EXPECT_EQ(open[0].subject(), "vpn:nordvpn");
  EXPECT_THAT(open[0].identities(), UnorderedElementsAre(alice_));

  // An EXPECTED rule for the provider (any spelling) covers it and later
  // sign-ins through it.
  MustCreateRule(org_, VpnRule(AccessRule::EXPECTED, "NORDVPN"));
  EXPECT_TRUE(OpenLoginEscalations().empty());
  MustRecord(Event(bob_, "NL", "nordvpn"));
  EXPECT_TRUE(OpenLoginEscalations().empty());
}

TEST_F(TelemetryServiceTest,
       Esc4UnauthorizedMatchIsolatesAndIso7ExcludedIdentityIsUntouched) {
  const std::string carol = NewIdentity("carol@contoso.com", /*excluded=*/true);
  const AccessRule rule =
      MustCreateRule(org_, CountryRule(AccessRule::UNAUTHORIZED, "RU"));

  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(carol, "RU"));
  RunWorker();

  EXPECT_EQ(GetIdentity(alice_).isolation_state(), v1::Identity::ISOLATED);
  EXPECT_EQ(server_.world().IsCloudEnabled(testing::kLoginTenant,
                                           "alice@contoso.com"),
            false);
  EXPECT_EQ(
      server_.world().SessionCount(testing::kLoginTenant, "alice@contoso.com"),
      0);
  ASSERT_EQ(GetIdentity(alice_).isolation().holds_size(), 1);
  EXPECT_EQ(GetIdentity(alice_).isolation().holds(0).source(), rule.name());

  // ISO-7: no automated action at all for the excluded identity.
  EXPECT_EQ(GetIdentity(carol).isolation_state(), v1::Identity::ACTIVE);
  EXPECT_EQ(server_.world().IsCloudEnabled(testing::kLoginTenant,
                                           "carol@contoso.com"),
            true);
  EXPECT_EQ(
      server_.world().SessionCount(testing::kLoginTenant, "carol@contoso.com"),
      1);
  // The SOC alert supersedes a LOW escalation.
  EXPECT_TRUE(OpenLoginEscalations().empty());

  // The CRITICAL alert for the SOC, where the SOC reads (issue 8, defect
  // 9): both are raised; only alice is isolated.
  const std::vector<v1::SocAlert> alerts = SocAlerts();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].identity(), carol);  // newest first
  EXPECT_EQ(alerts[1].identity(), alice_);
  for (const v1::SocAlert& alert : alerts) {
    EXPECT_EQ(alert.severity(), v1::CRITICAL);
    EXPECT_EQ(alert.kind(), "UNAUTHORIZED_SIGN_IN");
    EXPECT_EQ(alert.account(), account_);
    EXPECT_EQ(alert.source(), rule.name());
    EXPECT_THAT(alert.summary(), ::testing::HasSubstr("RU"));
  }
  EXPECT_THAT(alerts[1].summary(), ::testing::HasSubstr("alice@contoso.com"));
}

// Issue 8, defect 9: the SOC alert of an UNAUTHORIZED sign-in is a record
// the SOC lists and reads; nobody else sees it.
TEST_F(TelemetryServiceTest, Esc4SocAlertsAreForTheSocOnly) {
  MustCreateRule(org_, CountryRule(AccessRule::UNAUTHORIZED, "RU"));
  MustRecord(Event(alice_, "RU"));
  const std::vector<v1::SocAlert> alerts = SocAlerts();
  ASSERT_EQ(alerts.size(), 1u);

  v1::GetSocAlertRequest get;
  get.set_name(alerts[0].name());
  v1::SocAlert got;
  ASSERT_TRUE(api_.soc_alerts().GetSocAlert(api_.Soc().get(), get, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), alerts[0].SerializeAsString());
  EXPECT_EQ(api_.soc_alerts()
                .GetSocAlert(Ctx(AdminToken()).get(), get, &got)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name("socAlerts/999999");
  EXPECT_EQ(
      api_.soc_alerts().GetSocAlert(api_.Soc().get(), get, &got).error_code(),
      grpc::StatusCode::NOT_FOUND);
  get.set_name("alerts/1");
  grpc::Status bad = api_.soc_alerts().GetSocAlert(api_.Soc().get(), get, &got);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(bad), "name");

  v1::ListSocAlertsRequest list;
  v1::ListSocAlertsResponse listed;
  for (const std::string& token :
       {AdminToken(), UserToken(v1::ACCOUNT_USER, account_),
        ProviderToken(v1::SERVICE)}) {
    EXPECT_EQ(api_.soc_alerts()
                  .ListSocAlerts(Ctx(token).get(), list, &listed)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // By account: this one's, another's (none), a bad name.
  list.set_account(account_);
  ASSERT_TRUE(
      api_.soc_alerts().ListSocAlerts(api_.Soc().get(), list, &listed).ok());
  EXPECT_EQ(listed.soc_alerts_size(), 1);
  list.set_account(api_.CreateAccount("Other MSP"));
  listed.Clear();
  ASSERT_TRUE(
      api_.soc_alerts().ListSocAlerts(api_.Soc().get(), list, &listed).ok());
  EXPECT_EQ(listed.soc_alerts_size(), 0);
  list.set_account("accounts/x");
  bad = api_.soc_alerts().ListSocAlerts(api_.Soc().get(), list, &listed);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(bad), "account");
}

TEST_F(TelemetryServiceTest,
       Esc4PrecedenceIdentityOverOrganizationOverAccount) {
  const std::string carol = NewIdentity("carol@contoso.com");
  MustCreateRule(account_, CountryRule(AccessRule::UNAUTHORIZED, "RU"));
  MustCreateRule(org_, CountryRule(AccessRule::EXPECTED, "RU"));
  MustCreateRule(alice_, CountryRule(AccessRule::UNAUTHORIZED, "RU"));

  // bob: the organization's EXPECTED beats the account's UNAUTHORIZED.
  MustRecord(Event(bob_, "RU"));
  // alice: her own UNAUTHORIZED beats the organization's EXPECTED.
  MustRecord(Event(alice_, "RU"));
  RunWorker();

  EXPECT_EQ(GetIdentity(bob_).isolation_state(), v1::Identity::ACTIVE);
  EXPECT_EQ(GetIdentity(alice_).isolation_state(), v1::Identity::ISOLATED);
  EXPECT_TRUE(OpenLoginEscalations().empty());

  // A country rule of another organization's scope does not apply here.
  const std::string other_org = api_.CreateOrganization(
      account_, "Fabrikam", "00000000-0000-0000-0000-0000000000cc");
  MustCreateRule(other_org, CountryRule(AccessRule::EXPECTED, "BR"));
  MustRecord(Event(carol, "BR"));
  EXPECT_EQ(OpenLoginEscalations().size(), 1u);
}

TEST_F(TelemetryServiceTest, DuplicateEventIdIsIgnored) {
  const v1::SignInEvent event = Event(alice_, "RU");
  MustRecord(event);
  v1::RecordSignInResponse response;
  ASSERT_TRUE(Record(event, &response).ok());
  EXPECT_TRUE(response.duplicate());
  // Even with other content: the id decides.
  v1::SignInEvent changed = event;
  changed.set_country("BR");
  ASSERT_TRUE(Record(changed, &response).ok());
  EXPECT_TRUE(response.duplicate());

  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].events_size(), 1);
}

TEST_F(TelemetryServiceTest,
       OutOfOrderSignInInsideAnExpectedWindowRaisesNothing) {
  const absl::Time now = server_.clock().Now();
  AccessRule rule = CountryRule(AccessRule::EXPECTED, "RU");
  *rule.mutable_start_time() = engine::ToTimestamp(now - absl::Hours(24 * 10));
  *rule.mutable_expire_time() = engine::ToTimestamp(now - absl::Hours(24 * 5));
  MustCreateRule(account_, rule);

  // Arrives now, happened a week ago: inside the window.
  MustRecord(Event(alice_, "RU", "", absl::Hours(24 * 7)));
  EXPECT_TRUE(OpenLoginEscalations().empty());

  // Happened yesterday: the window is over.
  MustRecord(Event(alice_, "RU", "", absl::Hours(24)));
  EXPECT_EQ(OpenLoginEscalations().size(), 1u);
}

TEST_F(TelemetryServiceTest, ServiceKeyRecordsAccountRolesArePermissionDenied) {
  const std::string service = ProviderToken(v1::SERVICE);
  v1::RecordSignInResponse response;
  EXPECT_TRUE(Record(Event(alice_, "NL"), &response, service).ok());

  for (const std::string& token :
       {AdminToken(), UserToken(v1::ACCOUNT_USER, account_),
        UserToken(v1::ORGANIZATION_USER, account_, org_)}) {
    grpc::Status status = Record(Event(alice_, "RU"), &response, token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_TRUE(OpenLoginEscalations().empty());

  grpc::Status anonymous = api_.telemetry().RecordSignIn(
      std::make_unique<grpc::ClientContext>().get(), {}, &response);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TelemetryServiceTest, BadInputNamesTheFieldAndRecordsNothing) {
  struct Case {
    std::function<void(v1::SignInEvent*)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](v1::SignInEvent* e) { e->set_identity("accounts/1/identities/2"); },
       "sign_in.identity"},
      {[](v1::SignInEvent* e) { e->clear_time(); }, "sign_in.time"},
      {[](v1::SignInEvent* e) { e->set_country("RUS"); }, "sign_in.country"},
      {[](v1::SignInEvent* e) { e->set_country("ZZ"); }, "sign_in.country"},
      {[](v1::SignInEvent* e) { e->set_ip_address("300.1.2.3"); },
       "sign_in.ip_address"},
      {[](v1::SignInEvent* e) { e->set_ip_address("10.0.0.0/8"); },
       "sign_in.ip_address"},
      {[](v1::SignInEvent* e) { e->set_event_id(""); }, "sign_in.event_id"},
      {[](v1::SignInEvent* e) { e->set_event_id(std::string(129, 'x')); },
       "sign_in.event_id"},
      {[](v1::SignInEvent* e) { e->set_vpn_provider("   "); },
       "sign_in.vpn_provider"},
  };
  for (const Case& c : cases) {
    v1::SignInEvent event = Event(alice_, "RU");
    c.mutate(&event);
    grpc::Status status = Record(event);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field;
    EXPECT_EQ(testing::BadFieldOf(status), c.field);
  }
  EXPECT_TRUE(OpenLoginEscalations().empty());

  // Empty country and IP are allowed (unknown); 128 characters of id too.
  v1::SignInEvent unknown = Event(alice_, "");
  unknown.set_ip_address("");
  unknown.set_event_id(std::string(128, 'y'));
  MustRecord(unknown);
  // Lower-case country codes are the same country.
  MustRecord(Event(alice_, "nl"));
  EXPECT_TRUE(OpenLoginEscalations().empty());
}

// Issue 8 defect 8: real sign-in logs carry XK (Kosovo), a user-assigned
// ISO 3166 code Microsoft uses; it is a country like any other, and a rule
// for it resolves its escalation. Made-up codes stay refused.
TEST_F(TelemetryServiceTest, SignInFromKosovoXkIsACountry) {
  MustRecord(Event(alice_, "XK"));
  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].subject(), "country:XK");

  MustCreateRule(account_, CountryRule(AccessRule::EXPECTED, "XK"));
  EXPECT_TRUE(OpenLoginEscalations().empty());

  for (const char* made_up : {"XX", "XA", "QZ", "AA"}) {
    grpc::Status status = Record(Event(alice_, made_up));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << made_up;
    EXPECT_EQ(testing::BadFieldOf(status), "sign_in.country") << made_up;
  }
}

TEST_F(TelemetryServiceTest, UnknownIdentityIsNotFoundAndTheEventCanBeResent) {
  v1::SignInEvent event = Event(alice_, "RU");
  event.set_identity(org_ + "/identities/999999");
  EXPECT_EQ(Record(event).error_code(), grpc::StatusCode::NOT_FOUND);
  event.set_identity(alice_);
  MustRecord(event);  // the id was not burnt by the failed call
  EXPECT_EQ(OpenLoginEscalations().size(), 1u);
}

}  // namespace telemetry_service_test
}  // namespace cordon
