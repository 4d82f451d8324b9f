#include "server/core/escalation/login_evaluation.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/core/escalation/login_subject.h"

namespace cordon::core {
namespace login_evaluation_test {

constexpr char kAccount[] = "accounts/1";
constexpr char kOrg[] = "accounts/1/organizations/2";
constexpr char kAlice[] = "accounts/1/organizations/2/identities/5";

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

SignIn FromCountry(std::string country, std::string vpn = "") {
  SignIn sign_in;
  sign_in.account_id = kAccount;
  sign_in.organization_id = kOrg;
  sign_in.identity_id = kAlice;
  sign_in.time = kNow;
  sign_in.ip_address = "203.0.113.9";
  sign_in.country = std::move(country);
  sign_in.vpn_provider = std::move(vpn);
  return sign_in;
}

AccessRule Rule(RuleTarget target, std::string value, Determination d,
                RuleScope scope = RuleScope::kAccount) {
  AccessRule rule;
  rule.id = "rule";
  rule.target = target;
  rule.value = std::move(value);
  rule.determination = d;
  rule.scope = scope;
  rule.scope_id = scope == RuleScope::kAccount        ? kAccount
                  : scope == RuleScope::kOrganization ? kOrg
                                                      : kAlice;
  return rule;
}

TEST(LoginEvaluation, Esc2HomeCountryWithoutVpnIsNothingUnusual) {
  const LoginEvaluation result = EvaluateLogin(FromCountry("DE"), "DE", {});
  EXPECT_EQ(result.verdict, LoginVerdict::kNone);
  EXPECT_TRUE(result.escalations.empty());
}

TEST(LoginEvaluation, Esc2OtherCountryIsALowCountryEscalation) {
  const LoginEvaluation result = EvaluateLogin(FromCountry("nl"), "DE", {});
  EXPECT_EQ(result.verdict, LoginVerdict::kUnexpectedCountry);
  ASSERT_EQ(result.escalations.size(), 1u);
  EXPECT_EQ(result.escalations[0].type,
            EscalationType::kLoginUnexpectedCountry);
  EXPECT_EQ(result.escalations[0].severity, Severity::kLow);
  EXPECT_EQ(result.escalations[0].subject.organization_id, kOrg);
  EXPECT_EQ(result.escalations[0].subject.Key(), "country:NL");
}

TEST(LoginEvaluation, Esc2CountryComparisonIgnoresCase) {
  EXPECT_EQ(EvaluateLogin(FromCountry("de"), "De", {}).verdict,
            LoginVerdict::kNone);
}

TEST(LoginEvaluation, Esc2UnknownCountryOrUsageLocationRaisesNothing) {
  EXPECT_EQ(EvaluateLogin(FromCountry(""), "DE", {}).verdict,
            LoginVerdict::kNone);
  EXPECT_EQ(EvaluateLogin(FromCountry("NL"), "", {}).verdict,
            LoginVerdict::kNone);
}

TEST(LoginEvaluation, Esc2VpnIsALowVpnEscalationEvenFromHome) {
  const LoginEvaluation result =
      EvaluateLogin(FromCountry("DE", "NordVPN"), "DE", {});
  EXPECT_EQ(result.verdict, LoginVerdict::kUnexpectedVpn);
  ASSERT_EQ(result.escalations.size(), 1u);
  EXPECT_EQ(result.escalations[0].type, EscalationType::kLoginUnexpectedVpn);
  EXPECT_EQ(result.escalations[0].severity, Severity::kLow);
  EXPECT_EQ(result.escalations[0].subject.Key(), "vpn:nordvpn");
}

TEST(LoginEvaluation, Esc2CountryAndVpnMakeTwoEscalations) {
  const LoginEvaluation result =
      EvaluateLogin(FromCountry("NL", "NordVPN"), "DE", {});
  EXPECT_EQ(result.verdict, LoginVerdict::kUnexpectedCountryAndVpn);
  ASSERT_EQ(result.escalations.size(), 2u);
  EXPECT_EQ(result.escalations[0].subject.Key(), "country:NL");
  EXPECT_EQ(result.escalations[1].subject.Key(), "vpn:nordvpn");
}

TEST(LoginEvaluation, Esc2ExpectedCountryRuleSuppressesCountryEscalation) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kCountry, "NL", Determination::kExpected)};
  EXPECT_EQ(EvaluateLogin(FromCountry("NL"), "DE", rules).verdict,
            LoginVerdict::kNone);
  // ... but not the VPN one.
  EXPECT_EQ(EvaluateLogin(FromCountry("NL", "NordVPN"), "DE", rules).verdict,
            LoginVerdict::kUnexpectedVpn);
}

TEST(LoginEvaluation, Esc2ExpectedVpnRuleSuppressesVpnEscalation) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kVpnProvider, "NORDVPN", Determination::kExpected)};
  EXPECT_EQ(EvaluateLogin(FromCountry("DE", "nordvpn"), "DE", rules).verdict,
            LoginVerdict::kNone);
  EXPECT_EQ(EvaluateLogin(FromCountry("DE", "ProtonVPN"), "DE", rules).verdict,
            LoginVerdict::kUnexpectedVpn);
}

TEST(LoginEvaluation, Esc2ExpectedIpRuleSuppressesBoth) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kIpAddress, "203.0.113.0/24", Determination::kExpected,
           RuleScope::kIdentity)};
  EXPECT_EQ(EvaluateLogin(FromCountry("NL", "NordVPN"), "DE", rules).verdict,
            LoginVerdict::kNone);
}

TEST(LoginEvaluation, Esc2ExpiredExpectedRuleNoLongerSuppresses) {
  AccessRule rule = Rule(RuleTarget::kCountry, "NL", Determination::kExpected);
  rule.expires = kNow;
  EXPECT_EQ(EvaluateLogin(FromCountry("NL"), "DE", {rule}).verdict,
            LoginVerdict::kUnexpectedCountry);
  rule.expires = kNow + absl::Seconds(1);
  EXPECT_EQ(EvaluateLogin(FromCountry("NL"), "DE", {rule}).verdict,
            LoginVerdict::kNone);
}

TEST(LoginEvaluation, Esc4UnauthorizedMatchIsolates) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kCountry, "RU", Determination::kUnauthorized)};
  const LoginEvaluation result = EvaluateLogin(FromCountry("RU"), "DE", rules);
  EXPECT_EQ(result.verdict, LoginVerdict::kIsolate);
  EXPECT_EQ(result.unauthorized_rule, &rules[0]);
  EXPECT_TRUE(result.escalations.empty());
}

TEST(LoginEvaluation, Esc4UnauthorizedEvenFromTheHomeCountry) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kIpAddress, "203.0.113.9", Determination::kUnauthorized,
           RuleScope::kOrganization)};
  EXPECT_EQ(EvaluateLogin(FromCountry("DE"), "DE", rules).verdict,
            LoginVerdict::kIsolate);
}

TEST(LoginEvaluation, Esc4IdentityExpectedOverridesAccountUnauthorized) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kCountry, "RU", Determination::kUnauthorized,
           RuleScope::kAccount),
      Rule(RuleTarget::kCountry, "RU", Determination::kExpected,
           RuleScope::kIdentity),
  };
  EXPECT_EQ(EvaluateLogin(FromCountry("RU"), "DE", rules).verdict,
            LoginVerdict::kNone);
}

TEST(LoginEvaluation, Esc4UnauthorizedVpnIsolatesDespiteExpectedCountry) {
  const std::vector<AccessRule> rules = {
      Rule(RuleTarget::kCountry, "NL", Determination::kExpected,
           RuleScope::kIdentity),
      Rule(RuleTarget::kVpnProvider, "NordVPN", Determination::kUnauthorized),
  };
  const LoginEvaluation result =
      EvaluateLogin(FromCountry("NL", "NordVPN"), "DE", rules);
  EXPECT_EQ(result.verdict, LoginVerdict::kIsolate);
  EXPECT_EQ(result.unauthorized_rule, &rules[1]);
}

TEST(LoginEvaluation, Esc7SubjectKeyIsPerOrganizationAndPlace) {
  SignIn bob = FromCountry("nl");
  bob.identity_id = "accounts/1/organizations/2/identities/6";
  const LoginEvaluation alice = EvaluateLogin(FromCountry("NL"), "DE", {});
  const LoginEvaluation other = EvaluateLogin(bob, "FR", {});
  ASSERT_EQ(alice.escalations.size(), 1u);
  ASSERT_EQ(other.escalations.size(), 1u);
  EXPECT_EQ(alice.escalations[0].subject, other.escalations[0].subject);
}

TEST(LoginEvaluation, VerdictNames) {
  EXPECT_EQ(LoginVerdictName(LoginVerdict::kIsolate), "ISOLATE");
  EXPECT_EQ(LoginVerdictName(LoginVerdict::kUnexpectedCountryAndVpn),
            "UNEXPECTED_COUNTRY_AND_VPN");
}

TEST(LoginSubject, Esc7KeysAreNormalized) {
  EXPECT_EQ(CountrySubjectKey(" nl "), "country:NL");
  EXPECT_EQ(VpnSubjectKey("  Nord   VPN "), "vpn:nord vpn");
  EXPECT_EQ(VpnSubjectKey("NordVPN"), VpnSubjectKey("nordvpn"));
  EXPECT_NE(VpnSubjectKey("NordVPN"), VpnSubjectKey("Nord VPN"));
}

TEST(LoginSubject, Esc7KeyRoundTrips) {
  const LoginSubject subject{kOrg, LoginSubjectKind::kVpn, "nordvpn"};
  absl::StatusOr<LoginSubject> parsed =
      ParseLoginSubjectKey(kOrg, subject.Key());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, subject);
  parsed = ParseLoginSubjectKey(kOrg, "country:NL");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->kind, LoginSubjectKind::kCountry);
  EXPECT_EQ(parsed->value, "NL");
}

TEST(LoginSubject, Esc7RejectsMalformedKeys) {
  for (const char* bad :
       {"", "NL", "country:", "country:nl", "vpn:NordVPN", "ip:1.2.3.4"}) {
    EXPECT_FALSE(ParseLoginSubjectKey(kOrg, bad).ok()) << bad;
  }
}

}  // namespace login_evaluation_test
}  // namespace cordon::core
