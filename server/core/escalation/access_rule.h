#ifndef CORDON_SERVER_CORE_ESCALATION_ACCESS_RULE_H_
#define CORDON_SERVER_CORE_ESCALATION_ACCESS_RULE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/escalation/login_subject.h"

namespace cordon::core {

// ESC-4: what a rule is about. A "dimension" of a sign-in below is one of
// these three.
enum class RuleTarget { kCountry, kVpnProvider, kIpAddress };
enum class Determination { kExpected, kUnauthorized };
// Declared from most to least specific.
enum class RuleScope { kIdentity, kOrganization, kAccount };

absl::string_view RuleTargetName(RuleTarget target);   // "COUNTRY", ...
absl::string_view DeterminationName(Determination d);  // "EXPECTED", ...
absl::string_view RuleScopeName(RuleScope scope);      // "IDENTITY", ...

struct AccessRule {
  // The rule's resource name; used only to report which rule decided and as
  // the last, deterministic tie-break. May be empty before it is stored.
  std::string id;
  RuleTarget target = RuleTarget::kCountry;
  // COUNTRY: ISO 3166-1 alpha-2, upper case ("NL").
  // VPN_PROVIDER: the provider's name as shown ("NordVPN"); matched
  //   case-insensitively (NormalizeVpnProvider).
  // IP_ADDRESS: an address ("198.51.100.7", "2001:db8::1") or a CIDR range
  //   ("198.51.100.0/24"); see ParseIpRange.
  std::string value;
  Determination determination = Determination::kExpected;
  RuleScope scope = RuleScope::kAccount;
  // The identity, organization or account the rule applies to (whatever ids
  // or names the engine uses; compared exactly with those of a SignIn).
  std::string scope_id;
  std::string note;
  // EXPECTED only: the rule is in force in [starts, expires); either end may
  // be open.
  absl::optional<absl::Time> starts;
  absl::optional<absl::Time> expires;
};

// The request fields the validator names (CreateAccessRule /
// UpdateAccessRule take an `access_rule`).
inline constexpr char kAccessRuleCountryField[] = "access_rule.country";
inline constexpr char kAccessRuleVpnProviderField[] =
    "access_rule.vpn_provider";
inline constexpr char kAccessRuleIpAddressField[] = "access_rule.ip_address";
inline constexpr char kAccessRuleScopeIdField[] = "access_rule.scope_id";
inline constexpr char kAccessRuleNoteField[] = "access_rule.note";
inline constexpr char kAccessRuleStartTimeField[] = "access_rule.start_time";
inline constexpr char kAccessRuleExpireTimeField[] = "access_rule.expire_time";

inline constexpr size_t kMaxVpnProviderChars = 128;
inline constexpr size_t kMaxAccessRuleNoteChars = 1024;

// Checks a rule and returns it normalized: the IP text canonical
// (FormatIpRange), the VPN provider trimmed (its spelling kept for display).
// INVALID_ARGUMENT naming the field (FieldOf) when:
//   - the country is not an assigned upper-case alpha-2 code;
//   - the VPN provider is blank, has control characters or is longer than
//     128 characters;
//   - the IP address or range does not parse (ParseIpRange);
//   - scope_id is empty;
//   - the note has control characters or is longer than 1024 characters;
//   - an UNAUTHORIZED rule has a start or expire time (reason
//     "UNAUTHORIZED_RULE_WINDOW"): an UNAUTHORIZED rule takes no window;
//   - expires is not after starts.
absl::StatusOr<AccessRule> NormalizeAccessRule(AccessRule rule);
absl::Status ValidateAccessRule(const AccessRule& rule);

// True when the rule's window contains `at`: starts <= at < expires, an
// absent end being open. UNAUTHORIZED rules have no window: always in force.
bool RuleInForce(const AccessRule& rule, absl::Time at);

struct SignIn {
  std::string account_id;
  std::string organization_id;
  std::string identity_id;
  absl::Time time = absl::InfinitePast();
  std::string ip_address;    // textual; unparseable -> no IP rule matches
  std::string country;       // ISO alpha-2, any case; "" = unknown
  std::string vpn_provider;  // "" = not through a VPN
};

// True when the rule is in force at the sign-in's time, its scope contains
// the sign-in (identity / organization / account id equal to scope_id) and
// its target matches: same country (case-insensitive), same VPN provider
// (NormalizeVpnProvider), or the sign-in's IP in the rule's address/range.
// A sign-in without a VPN never matches a VPN rule; one with an unknown
// country never matches a country rule.
bool RuleMatchesSignIn(const AccessRule& rule, const SignIn& sign_in);

// Which rule decides, among rules of ONE dimension that all match:
//   1. the most specific scope: identity over organization over account;
//   2. within one scope, UNAUTHORIZED over EXPECTED: both are explicit admin
//      statements at the same specificity, and failing closed keeps an
//      allow-rule from silently cancelling a block (e.g. an organization
//      admin's broad "EXPECTED" next to the SOC's "UNAUTHORIZED");
//   3. the smallest id, so the reported rule never depends on input order.
// Returns true when `a` wins over `b`.
bool RuleTakesPrecedence(const AccessRule& a, const AccessRule& b);

// ESC-4 evaluation of one sign-in. Precedence applies PER DIMENSION: an
// EXPECTED country rule says nothing about the VPN that was used, so it does
// not cancel an UNAUTHORIZED VPN rule (and vice versa). Pointers point into
// the `rules` passed to EvaluateSignIn; nullptr = no rule of that dimension
// matches (expired and not-yet-started EXPECTED rules do not count).
struct AccessDecision {
  const AccessRule* country = nullptr;
  const AccessRule* vpn = nullptr;
  const AccessRule* ip = nullptr;

  // The UNAUTHORIZED dimension decision that makes the sign-in
  // isolation-worthy, or nullptr. When several dimensions decide
  // UNAUTHORIZED, the one that takes precedence (RuleTakesPrecedence; on a
  // full tie IP, then VPN, then country).
  const AccessRule* unauthorized() const;
  // The country is vouched for: the country or the IP dimension decided
  // EXPECTED. An EXPECTED IP rule vouches for the address wherever it
  // geolocates and whatever VPN egress it is.
  bool country_expected() const;
  // The VPN is vouched for: the VPN or the IP dimension decided EXPECTED.
  bool vpn_expected() const;
  // The single rule to report for the sign-in: unauthorized() if any, else
  // the first EXPECTED decision of IP, VPN, country; nullptr when no rule
  // matched at all.
  const AccessRule* deciding() const;
};

AccessDecision EvaluateSignIn(const SignIn& sign_in,
                              const std::vector<AccessRule>& rules);

// An open login escalation, as far as ESC-4 "covers" is concerned.
struct LoginEscalationSubject {
  std::string account_id;
  LoginSubject subject;  // (organization, country) or (organization, VPN)
  // The identities the escalation lists (ESC-7).
  std::vector<std::string> identity_ids;
};

// "Creating a rule resolves every open login escalation it covers" (ESC-4).
// A rule covers one listed identity of an escalation when, at `at` (the time
// the rule is created):
//   - its target is the escalation's kind with the same value (a COUNTRY
//     rule for a country escalation, a VPN_PROVIDER rule for a VPN one); an
//     IP rule never covers a login escalation, whose subject is a place, not
//     an address;
//   - it is in force at `at` (a window that starts later has not decided
//     anything about the sign-ins already seen);
//   - its scope contains that identity: the account, the escalation's
//     organization, or that very identity;
//   - either determination covers: both are an admin's decision.
bool RuleCoversIdentity(const AccessRule& rule,
                        const LoginEscalationSubject& escalation,
                        absl::string_view identity_id, absl::Time at);

// An escalation is covered when EVERY identity it lists is covered, so an
// identity-scope rule for one of several listed identities does not resolve
// it (the others are still unanswered). An escalation that lists no identity
// is covered by organization- and account-scope rules only.
bool RuleCovers(const AccessRule& rule,
                const LoginEscalationSubject& escalation, absl::Time at);

// The same over a set of rules: every listed identity is covered by some
// rule, not necessarily the same one. After creating a rule, the engine
// resolves each open login escalation of the account for which
// RulesCover(all rules of the account, escalation, now) holds and which the
// new rule covers at least one identity of (RuleCoversIdentity): two
// identity-scope rules for the two listed identities together resolve it.
bool RulesCover(const std::vector<AccessRule>& rules,
                const LoginEscalationSubject& escalation, absl::Time at);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_ACCESS_RULE_H_
