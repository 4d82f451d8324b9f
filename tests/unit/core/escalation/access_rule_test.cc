#include "server/core/escalation/access_rule.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace access_rule_test {

constexpr char kAccount[] = "accounts/1";
constexpr char kOrg[] = "accounts/1/organizations/2";
constexpr char kOtherOrg[] = "accounts/1/organizations/3";
constexpr char kAlice[] = "accounts/1/organizations/2/identities/5";
constexpr char kBob[] = "accounts/1/organizations/2/identities/6";

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

AccessRule Rule(std::string id, RuleTarget target, std::string value,
                Determination determination, RuleScope scope) {
  AccessRule rule;
  rule.id = std::move(id);
  rule.target = target;
  rule.value = std::move(value);
  rule.determination = determination;
  rule.scope = scope;
  switch (scope) {
    case RuleScope::kIdentity:
      rule.scope_id = kAlice;
      break;
    case RuleScope::kOrganization:
      rule.scope_id = kOrg;
      break;
    case RuleScope::kAccount:
      rule.scope_id = kAccount;
      break;
  }
  return rule;
}

AccessRule Country(std::string id, std::string country, Determination d,
                   RuleScope scope) {
  return Rule(std::move(id), RuleTarget::kCountry, std::move(country), d,
              scope);
}

SignIn AliceSignIn() {
  SignIn sign_in;
  sign_in.account_id = kAccount;
  sign_in.organization_id = kOrg;
  sign_in.identity_id = kAlice;
  sign_in.time = kNow;
  sign_in.ip_address = "198.51.100.7";
  sign_in.country = "NL";
  return sign_in;
}

constexpr Determination kExpected = Determination::kExpected;
constexpr Determination kUnauthorized = Determination::kUnauthorized;

// --- Validation -------------------------------------------------------------

TEST(AccessRuleValidation, Esc4AcceptsEachTarget) {
  EXPECT_TRUE(
      ValidateAccessRule(Country("r", "NL", kExpected, RuleScope::kAccount))
          .ok());
  EXPECT_TRUE(ValidateAccessRule(Rule("r", RuleTarget::kVpnProvider, "NordVPN",
                                      kUnauthorized, RuleScope::kAccount))
                  .ok());
  EXPECT_TRUE(
      ValidateAccessRule(Rule("r", RuleTarget::kIpAddress, "2001:db8::/32",
                              kExpected, RuleScope::kIdentity))
          .ok());
}

TEST(AccessRuleValidation, Esc4CountryMustBeAssignedUpperCaseAlpha2) {
  for (const char* bad : {"nl", "NLD", "UK", "", "XX"}) {
    const absl::Status status =
        ValidateAccessRule(Country("r", bad, kExpected, RuleScope::kAccount));
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(FieldOf(status), kAccessRuleCountryField) << bad;
  }
}

// Issue 8 defect 8: sign-ins from Kosovo carry XK, so a rule must be able to
// name it (an escalation for XK is answered with a rule for XK).
TEST(AccessRuleValidation, Esc4CountryXkKosovoIsAccepted) {
  EXPECT_TRUE(
      ValidateAccessRule(Country("r", "XK", kExpected, RuleScope::kAccount))
          .ok());
}

TEST(AccessRuleValidation, Esc4VpnProviderIsTrimmedAndChecked) {
  absl::StatusOr<AccessRule> rule =
      NormalizeAccessRule(Rule("r", RuleTarget::kVpnProvider, "  NordVPN ",
                               kExpected, RuleScope::kAccount));
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->value, "NordVPN");
  for (const std::string& bad :
       {std::string("   "), std::string("Nord\nVPN"), std::string(129, 'v')}) {
    EXPECT_EQ(
        FieldOf(ValidateAccessRule(Rule("r", RuleTarget::kVpnProvider, bad,
                                        kExpected, RuleScope::kAccount))),
        kAccessRuleVpnProviderField);
  }
}

TEST(AccessRuleValidation, Esc4IpAddressIsCanonicalized) {
  absl::StatusOr<AccessRule> rule =
      NormalizeAccessRule(Rule("r", RuleTarget::kIpAddress, "2001:DB8:0::1",
                               kExpected, RuleScope::kAccount));
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->value, "2001:db8::1");
  EXPECT_EQ(FieldOf(ValidateAccessRule(Rule("r", RuleTarget::kIpAddress,
                                            "198.51.100.7/24", kExpected,
                                            RuleScope::kAccount))),
            kAccessRuleIpAddressField);
}

TEST(AccessRuleValidation, Esc4UnauthorizedRuleTakesNoWindow) {
  AccessRule rule = Country("r", "RU", kUnauthorized, RuleScope::kAccount);
  rule.starts = kNow;
  absl::Status status = ValidateAccessRule(rule);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), kAccessRuleStartTimeField);
  EXPECT_EQ(ReasonOf(status), "UNAUTHORIZED_RULE_WINDOW");

  rule.starts.reset();
  rule.expires = kNow;
  status = ValidateAccessRule(rule);
  EXPECT_EQ(FieldOf(status), kAccessRuleExpireTimeField);
  EXPECT_EQ(ReasonOf(status), "UNAUTHORIZED_RULE_WINDOW");
}

TEST(AccessRuleValidation, Esc4ExpectedWindowMustNotBeEmpty) {
  AccessRule rule = Country("r", "NL", kExpected, RuleScope::kAccount);
  rule.starts = kNow;
  rule.expires = kNow;
  EXPECT_EQ(FieldOf(ValidateAccessRule(rule)), kAccessRuleExpireTimeField);
  rule.expires = kNow + absl::Seconds(1);
  EXPECT_TRUE(ValidateAccessRule(rule).ok());
  rule.starts.reset();  // open start
  EXPECT_TRUE(ValidateAccessRule(rule).ok());
}

TEST(AccessRuleValidation, Esc4ScopeIdAndNote) {
  AccessRule rule = Country("r", "NL", kExpected, RuleScope::kOrganization);
  rule.scope_id.clear();
  EXPECT_EQ(FieldOf(ValidateAccessRule(rule)), kAccessRuleScopeIdField);
  rule.scope_id = kOrg;
  rule.note = "travel to the Amsterdam office";
  EXPECT_TRUE(ValidateAccessRule(rule).ok());
  rule.note = std::string(1025, 'n');
  EXPECT_EQ(FieldOf(ValidateAccessRule(rule)), kAccessRuleNoteField);
}

TEST(AccessRuleValidation, Names) {
  EXPECT_EQ(RuleTargetName(RuleTarget::kVpnProvider), "VPN_PROVIDER");
  EXPECT_EQ(DeterminationName(kUnauthorized), "UNAUTHORIZED");
  EXPECT_EQ(RuleScopeName(RuleScope::kOrganization), "ORGANIZATION");
}

// --- Window ----------------------------------------------------------------

TEST(AccessRuleWindow, Esc4WindowIsHalfOpen) {
  AccessRule rule = Country("r", "NL", kExpected, RuleScope::kAccount);
  rule.starts = kNow;
  rule.expires = kNow + absl::Hours(1);
  EXPECT_FALSE(RuleInForce(rule, kNow - absl::Nanoseconds(1)));
  EXPECT_TRUE(RuleInForce(rule, kNow));
  EXPECT_TRUE(RuleInForce(rule, kNow + absl::Hours(1) - absl::Nanoseconds(1)));
  EXPECT_FALSE(RuleInForce(rule, kNow + absl::Hours(1)));
}

TEST(AccessRuleWindow, Esc4NoWindowIsAlwaysInForce) {
  const AccessRule rule = Country("r", "NL", kExpected, RuleScope::kAccount);
  EXPECT_TRUE(RuleInForce(rule, absl::InfinitePast()));
  EXPECT_TRUE(RuleInForce(rule, absl::InfiniteFuture()));
}

TEST(AccessRuleWindow, Esc4ExpiredOrNotStartedExpectedRuleDoesNotCount) {
  SignIn sign_in = AliceSignIn();
  AccessRule expired = Country("r", "NL", kExpected, RuleScope::kIdentity);
  expired.expires = kNow;  // expired at the sign-in's instant
  AccessRule future = Country("s", "NL", kExpected, RuleScope::kIdentity);
  future.starts = kNow + absl::Seconds(1);
  const std::vector<AccessRule> rules = {expired, future};
  EXPECT_EQ(EvaluateSignIn(sign_in, rules).country, nullptr);
  sign_in.time = kNow - absl::Seconds(1);
  EXPECT_EQ(EvaluateSignIn(sign_in, rules).country, &rules[0]);
}

// --- Matching ----------------------------------------------------------------

TEST(AccessRuleMatch, Esc4CountryMatchIsCaseInsensitiveOnTheSignIn) {
  SignIn sign_in = AliceSignIn();
  sign_in.country = "nl";
  EXPECT_TRUE(RuleMatchesSignIn(
      Country("r", "NL", kExpected, RuleScope::kAccount), sign_in));
  sign_in.country = "";
  EXPECT_FALSE(RuleMatchesSignIn(
      Country("r", "NL", kExpected, RuleScope::kAccount), sign_in));
}

TEST(AccessRuleMatch, Esc4VpnProviderMatchIsCaseInsensitive) {
  SignIn sign_in = AliceSignIn();
  const AccessRule rule = Rule("r", RuleTarget::kVpnProvider, "NordVPN",
                               kExpected, RuleScope::kAccount);
  for (const char* provider : {"NordVPN", "nordvpn", "NORDVPN", " NordVpn "}) {
    sign_in.vpn_provider = provider;
    EXPECT_TRUE(RuleMatchesSignIn(rule, sign_in)) << provider;
  }
  sign_in.vpn_provider = "Nord VPN";
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
  sign_in.vpn_provider = "";  // not through a VPN
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
}

TEST(AccessRuleMatch, Esc4IpAddressExactAfterNormalization) {
  SignIn sign_in = AliceSignIn();
  sign_in.ip_address = "2001:0DB8:0:0::1";
  EXPECT_TRUE(RuleMatchesSignIn(Rule("r", RuleTarget::kIpAddress, "2001:db8::1",
                                     kExpected, RuleScope::kAccount),
                                sign_in));
  sign_in.ip_address = "::ffff:198.51.100.7";
  EXPECT_TRUE(
      RuleMatchesSignIn(Rule("r", RuleTarget::kIpAddress, "198.51.100.7",
                             kExpected, RuleScope::kAccount),
                        sign_in));
  sign_in.ip_address = "198.51.100.8";
  EXPECT_FALSE(
      RuleMatchesSignIn(Rule("r", RuleTarget::kIpAddress, "198.51.100.7",
                             kExpected, RuleScope::kAccount),
                        sign_in));
}

TEST(AccessRuleMatch, Esc4IpRangeMatches) {
  SignIn sign_in = AliceSignIn();
  const AccessRule rule = Rule("r", RuleTarget::kIpAddress, "198.51.100.0/24",
                               kUnauthorized, RuleScope::kAccount);
  EXPECT_TRUE(RuleMatchesSignIn(rule, sign_in));
  sign_in.ip_address = "198.51.101.1";
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
  sign_in.ip_address = "not an address";
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
}

TEST(AccessRuleMatch, Esc4ScopeMustContainTheSignIn) {
  SignIn sign_in = AliceSignIn();
  AccessRule rule = Country("r", "NL", kExpected, RuleScope::kIdentity);
  rule.scope_id = kBob;
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
  rule = Country("r", "NL", kExpected, RuleScope::kOrganization);
  rule.scope_id = kOtherOrg;
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
  rule = Country("r", "NL", kExpected, RuleScope::kAccount);
  rule.scope_id = "accounts/9";
  EXPECT_FALSE(RuleMatchesSignIn(rule, sign_in));
}

// --- Precedence
// ---------------------------------------------------------------

TEST(AccessRulePrecedence, Esc4IdentityOverOrganizationOverAccount) {
  const std::vector<AccessRule> rules = {
      Country("account", "NL", kUnauthorized, RuleScope::kAccount),
      Country("identity", "NL", kExpected, RuleScope::kIdentity),
      Country("organization", "NL", kUnauthorized, RuleScope::kOrganization),
  };
  const AccessDecision decision = EvaluateSignIn(AliceSignIn(), rules);
  ASSERT_NE(decision.country, nullptr);
  EXPECT_EQ(decision.country->id, "identity");
  EXPECT_EQ(decision.unauthorized(), nullptr);
  EXPECT_TRUE(decision.country_expected());
  EXPECT_EQ(decision.deciding()->id, "identity");
}

TEST(AccessRulePrecedence, Esc4OrganizationOverAccountForOtherIdentities) {
  SignIn bob = AliceSignIn();
  bob.identity_id = kBob;
  const std::vector<AccessRule> rules = {
      Country("account", "NL", kUnauthorized, RuleScope::kAccount),
      Country("identity", "NL", kUnauthorized, RuleScope::kIdentity),
      Country("organization", "NL", kExpected, RuleScope::kOrganization),
  };
  const AccessDecision decision = EvaluateSignIn(bob, rules);
  ASSERT_NE(decision.country, nullptr);
  EXPECT_EQ(decision.country->id, "organization");
  EXPECT_EQ(decision.unauthorized(), nullptr);
}

TEST(AccessRulePrecedence, Esc4AccountRuleAppliesWhenNothingMoreSpecific) {
  const std::vector<AccessRule> rules = {
      Country("account", "NL", kUnauthorized, RuleScope::kAccount)};
  const AccessDecision decision = EvaluateSignIn(AliceSignIn(), rules);
  ASSERT_NE(decision.unauthorized(), nullptr);
  EXPECT_EQ(decision.unauthorized()->id, "account");
}

TEST(AccessRulePrecedence, Esc4PrecedenceDoesNotDependOnOrder) {
  std::vector<AccessRule> rules = {
      Country("a", "NL", kExpected, RuleScope::kOrganization),
      Country("b", "NL", kUnauthorized, RuleScope::kOrganization),
      Country("c", "NL", kUnauthorized, RuleScope::kAccount),
  };
  const std::string forward = EvaluateSignIn(AliceSignIn(), rules).country->id;
  std::reverse(rules.begin(), rules.end());
  EXPECT_EQ(EvaluateSignIn(AliceSignIn(), rules).country->id, forward);
  EXPECT_EQ(forward, "b");
}

TEST(AccessRulePrecedence, Esc4WithinOneScopeUnauthorizedWins) {
  const std::vector<AccessRule> rules = {
      Country("expected", "NL", kExpected, RuleScope::kOrganization),
      Country("unauthorized", "NL", kUnauthorized, RuleScope::kOrganization),
  };
  const AccessDecision decision = EvaluateSignIn(AliceSignIn(), rules);
  ASSERT_NE(decision.unauthorized(), nullptr);
  EXPECT_EQ(decision.unauthorized()->id, "unauthorized");
  EXPECT_FALSE(decision.country_expected());
}

TEST(AccessRulePrecedence, Esc4SameScopeSameDeterminationSmallestIdReported) {
  const std::vector<AccessRule> rules = {
      Rule("b", RuleTarget::kIpAddress, "198.51.100.0/24", kExpected,
           RuleScope::kAccount),
      Rule("a", RuleTarget::kIpAddress, "198.51.100.7", kExpected,
           RuleScope::kAccount),
  };
  EXPECT_EQ(EvaluateSignIn(AliceSignIn(), rules).ip->id, "a");
}

TEST(AccessRulePrecedence, Esc4RuleTakesPrecedenceOrdering) {
  const AccessRule identity =
      Country("z", "NL", kExpected, RuleScope::kIdentity);
  const AccessRule org =
      Country("a", "NL", kUnauthorized, RuleScope::kOrganization);
  EXPECT_TRUE(RuleTakesPrecedence(identity, org));
  EXPECT_FALSE(RuleTakesPrecedence(org, identity));
  EXPECT_FALSE(RuleTakesPrecedence(identity, identity));
}

TEST(AccessRulePrecedence, Esc4ExpectedCountryDoesNotCancelUnauthorizedVpn) {
  SignIn sign_in = AliceSignIn();
  sign_in.vpn_provider = "NordVPN";
  const std::vector<AccessRule> rules = {
      Country("country", "NL", kExpected, RuleScope::kIdentity),
      Rule("vpn", RuleTarget::kVpnProvider, "nordvpn", kUnauthorized,
           RuleScope::kAccount),
  };
  const AccessDecision decision = EvaluateSignIn(sign_in, rules);
  ASSERT_NE(decision.unauthorized(), nullptr);
  EXPECT_EQ(decision.unauthorized()->id, "vpn");
  EXPECT_TRUE(decision.country_expected());
  EXPECT_FALSE(decision.vpn_expected());
}

TEST(AccessRulePrecedence, Esc4ExpectedIpVouchesForCountryAndVpn) {
  SignIn sign_in = AliceSignIn();
  sign_in.vpn_provider = "NordVPN";
  const std::vector<AccessRule> rules = {Rule("office", RuleTarget::kIpAddress,
                                              "198.51.100.0/24", kExpected,
                                              RuleScope::kOrganization)};
  const AccessDecision decision = EvaluateSignIn(sign_in, rules);
  EXPECT_TRUE(decision.country_expected());
  EXPECT_TRUE(decision.vpn_expected());
  EXPECT_EQ(decision.deciding()->id, "office");
}

TEST(AccessRulePrecedence, Esc4ExpectedIpDoesNotCancelUnauthorizedCountry) {
  const std::vector<AccessRule> rules = {
      Rule("office", RuleTarget::kIpAddress, "198.51.100.7", kExpected,
           RuleScope::kIdentity),
      Country("block", "NL", kUnauthorized, RuleScope::kAccount),
  };
  const AccessDecision decision = EvaluateSignIn(AliceSignIn(), rules);
  ASSERT_NE(decision.unauthorized(), nullptr);
  EXPECT_EQ(decision.unauthorized()->id, "block");
}

TEST(AccessRulePrecedence, Esc4SeveralUnauthorizedDimensionsMostSpecificWins) {
  SignIn sign_in = AliceSignIn();
  sign_in.vpn_provider = "NordVPN";
  const std::vector<AccessRule> rules = {
      Country("country", "NL", kUnauthorized, RuleScope::kIdentity),
      Rule("vpn", RuleTarget::kVpnProvider, "NordVPN", kUnauthorized,
           RuleScope::kAccount),
      Rule("ip", RuleTarget::kIpAddress, "198.51.100.7", kUnauthorized,
           RuleScope::kOrganization),
  };
  EXPECT_EQ(EvaluateSignIn(sign_in, rules).unauthorized()->id, "country");
}

TEST(AccessRulePrecedence, Esc4FullTieBetweenDimensionsPrefersIpThenVpn) {
  SignIn sign_in = AliceSignIn();
  sign_in.vpn_provider = "NordVPN";
  std::vector<AccessRule> rules = {
      Country("x", "NL", kUnauthorized, RuleScope::kAccount),
      Rule("x", RuleTarget::kVpnProvider, "NordVPN", kUnauthorized,
           RuleScope::kAccount),
  };
  EXPECT_EQ(EvaluateSignIn(sign_in, rules).unauthorized(), &rules[1]);
  rules.push_back(Rule("x", RuleTarget::kIpAddress, "198.51.100.7",
                       kUnauthorized, RuleScope::kAccount));
  EXPECT_EQ(EvaluateSignIn(sign_in, rules).unauthorized(), &rules[2]);
}

TEST(AccessRulePrecedence, Esc4NoMatchingRuleDecidesNothing) {
  const std::vector<AccessRule> rules = {
      Country("de", "DE", kUnauthorized, RuleScope::kAccount)};
  const AccessDecision decision = EvaluateSignIn(AliceSignIn(), rules);
  EXPECT_EQ(decision.deciding(), nullptr);
  EXPECT_FALSE(decision.country_expected());
}

// --- Covers
// ---------------------------------------------------------------------

LoginEscalationSubject NlEscalation(std::vector<std::string> identities) {
  return LoginEscalationSubject{
      kAccount, LoginSubject{kOrg, LoginSubjectKind::kCountry, "NL"},
      std::move(identities)};
}

TEST(AccessRuleCovers, Esc4AccountRuleCoversEveryOrganization) {
  const AccessRule rule = Country("r", "NL", kExpected, RuleScope::kAccount);
  EXPECT_TRUE(RuleCovers(rule, NlEscalation({kAlice, kBob}), kNow));
  LoginEscalationSubject other = NlEscalation({kAlice});
  other.subject.organization_id = kOtherOrg;
  EXPECT_TRUE(RuleCovers(rule, other, kNow));
  other.account_id = "accounts/9";
  EXPECT_FALSE(RuleCovers(rule, other, kNow));
}

TEST(AccessRuleCovers, Esc4OrganizationRuleCoversOnlyItsOrganization) {
  const AccessRule rule =
      Country("r", "NL", kUnauthorized, RuleScope::kOrganization);
  EXPECT_TRUE(RuleCovers(rule, NlEscalation({kAlice, kBob}), kNow));
  LoginEscalationSubject other = NlEscalation({kAlice});
  other.subject.organization_id = kOtherOrg;
  EXPECT_FALSE(RuleCovers(rule, other, kNow));
}

TEST(AccessRuleCovers, Esc4IdentityRuleCoversOnlyWhenItIsTheOnlyIdentity) {
  const AccessRule alice = Country("r", "NL", kExpected, RuleScope::kIdentity);
  EXPECT_TRUE(RuleCovers(alice, NlEscalation({kAlice}), kNow));
  EXPECT_TRUE(RuleCovers(alice, NlEscalation({kAlice, kAlice}), kNow));
  EXPECT_FALSE(RuleCovers(alice, NlEscalation({kAlice, kBob}), kNow));
  EXPECT_FALSE(RuleCovers(alice, NlEscalation({kBob}), kNow));
  EXPECT_FALSE(RuleCovers(alice, NlEscalation({}), kNow));
  EXPECT_TRUE(
      RuleCoversIdentity(alice, NlEscalation({kAlice, kBob}), kAlice, kNow));
}

TEST(AccessRuleCovers, Esc4IdentityRulesTogetherCoverEveryListedIdentity) {
  AccessRule bob = Country("b", "NL", kUnauthorized, RuleScope::kIdentity);
  bob.scope_id = kBob;
  const std::vector<AccessRule> rules = {
      Country("a", "NL", kExpected, RuleScope::kIdentity), bob};
  EXPECT_TRUE(RulesCover(rules, NlEscalation({kAlice, kBob}), kNow));
  EXPECT_FALSE(RulesCover({rules[0]}, NlEscalation({kAlice, kBob}), kNow));
}

TEST(AccessRuleCovers, Esc4OrganizationRuleCoversAnEscalationWithoutIdentity) {
  EXPECT_TRUE(
      RuleCovers(Country("r", "NL", kExpected, RuleScope::kOrganization),
                 NlEscalation({}), kNow));
}

TEST(AccessRuleCovers, Esc4TargetAndValueMustMatchTheSubject) {
  EXPECT_FALSE(RuleCovers(Country("r", "DE", kExpected, RuleScope::kAccount),
                          NlEscalation({kAlice}), kNow));
  EXPECT_FALSE(RuleCovers(
      Rule("r", RuleTarget::kVpnProvider, "NL", kExpected, RuleScope::kAccount),
      NlEscalation({kAlice}), kNow));
  EXPECT_FALSE(RuleCovers(Rule("r", RuleTarget::kIpAddress, "198.51.100.7",
                               kExpected, RuleScope::kAccount),
                          NlEscalation({kAlice}), kNow));
  const LoginEscalationSubject vpn{
      kAccount,
      LoginSubject{kOrg, LoginSubjectKind::kVpn, "nordvpn"},
      {kAlice}};
  EXPECT_TRUE(RuleCovers(Rule("r", RuleTarget::kVpnProvider, "NordVPN",
                              kExpected, RuleScope::kAccount),
                         vpn, kNow));
  EXPECT_FALSE(RuleCovers(Country("r", "NL", kExpected, RuleScope::kAccount),
                          vpn, kNow));
}

TEST(AccessRuleCovers, Esc4RuleMustBeInForceWhenCreated) {
  AccessRule rule = Country("r", "NL", kExpected, RuleScope::kAccount);
  rule.starts = kNow + absl::Hours(1);
  EXPECT_FALSE(RuleCovers(rule, NlEscalation({kAlice}), kNow));
  EXPECT_TRUE(RuleCovers(rule, NlEscalation({kAlice}), kNow + absl::Hours(1)));
  rule.starts.reset();
  rule.expires = kNow;
  EXPECT_FALSE(RuleCovers(rule, NlEscalation({kAlice}), kNow));
}

}  // namespace access_rule_test
}  // namespace cordon::core
