#include "server/core/escalation/access_rule.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "server/core/errors.h"
#include "server/core/escalation/ip_address.h"
#include "server/core/validation.h"

namespace cordon::core {
namespace {

// Dimensions in the order used to break a full tie between UNAUTHORIZED
// decisions, and to pick the EXPECTED rule to report: the most concrete
// first.
enum class Dimension { kIp, kVpn, kCountry };

bool TargetMatches(const AccessRule& rule, const SignIn& sign_in) {
  switch (rule.target) {
    case RuleTarget::kCountry: {
      const std::string country = NormalizeCountry(sign_in.country);
      return !country.empty() && country == NormalizeCountry(rule.value);
    }
    case RuleTarget::kVpnProvider: {
      const std::string provider = NormalizeVpnProvider(sign_in.vpn_provider);
      return !provider.empty() && provider == NormalizeVpnProvider(rule.value);
    }
    case RuleTarget::kIpAddress: {
      const absl::StatusOr<IpRange> range = ParseIpRange(rule.value);
      if (!range.ok()) return false;
      const absl::StatusOr<IpAddress> address =
          ParseIpAddress(absl::StripAsciiWhitespace(sign_in.ip_address));
      return address.ok() && IpRangeContains(*range, *address);
    }
  }
  return false;
}

bool ScopeContains(const AccessRule& rule, const SignIn& sign_in) {
  switch (rule.scope) {
    case RuleScope::kIdentity:
      return rule.scope_id == sign_in.identity_id;
    case RuleScope::kOrganization:
      return rule.scope_id == sign_in.organization_id;
    case RuleScope::kAccount:
      return rule.scope_id == sign_in.account_id;
  }
  return false;
}

const AccessRule* Better(const AccessRule* a, const AccessRule* b) {
  if (a == nullptr) return b;
  if (b == nullptr) return a;
  return RuleTakesPrecedence(*b, *a) ? b : a;
}

bool IsExpected(const AccessRule* rule) {
  return rule != nullptr && rule->determination == Determination::kExpected;
}

bool IsUnauthorized(const AccessRule* rule) {
  return rule != nullptr && rule->determination == Determination::kUnauthorized;
}

}  // namespace

absl::string_view RuleTargetName(RuleTarget target) {
  switch (target) {
    case RuleTarget::kCountry:
      return "COUNTRY";
    case RuleTarget::kVpnProvider:
      return "VPN_PROVIDER";
    case RuleTarget::kIpAddress:
      return "IP_ADDRESS";
  }
  return "UNKNOWN";
}

absl::string_view DeterminationName(Determination d) {
  switch (d) {
    case Determination::kExpected:
      return "EXPECTED";
    case Determination::kUnauthorized:
      return "UNAUTHORIZED";
  }
  return "UNKNOWN";
}

absl::string_view RuleScopeName(RuleScope scope) {
  switch (scope) {
    case RuleScope::kIdentity:
      return "IDENTITY";
    case RuleScope::kOrganization:
      return "ORGANIZATION";
    case RuleScope::kAccount:
      return "ACCOUNT";
  }
  return "UNKNOWN";
}

absl::StatusOr<AccessRule> NormalizeAccessRule(AccessRule rule) {
  switch (rule.target) {
    case RuleTarget::kCountry:
      CORDON_RETURN_IF_ERROR(
          ForField(kAccessRuleCountryField, ValidateCountryCode(rule.value)));
      break;
    case RuleTarget::kVpnProvider: {
      rule.value = std::string(absl::StripAsciiWhitespace(rule.value));
      CORDON_RETURN_IF_ERROR(
          ForField(kAccessRuleVpnProviderField,
                   ValidateDisplayName(rule.value, kMaxVpnProviderChars)));
      break;
    }
    case RuleTarget::kIpAddress: {
      absl::StatusOr<IpRange> range = ParseIpRange(rule.value);
      if (!range.ok()) {
        return ForField(kAccessRuleIpAddressField, range.status());
      }
      rule.value = FormatIpRange(*range);
      break;
    }
  }
  if (rule.scope_id.empty()) {
    return InvalidField(kAccessRuleScopeIdField,
                        "must name the identity, organization or account");
  }
  if (!rule.note.empty()) {
    CORDON_RETURN_IF_ERROR(
        ForField(kAccessRuleNoteField,
                 ValidateDisplayName(rule.note, kMaxAccessRuleNoteChars)));
  }
  if (rule.determination == Determination::kUnauthorized) {
    if (rule.starts.has_value()) {
      return InvalidField(kAccessRuleStartTimeField,
                          "an UNAUTHORIZED rule takes no window",
                          "UNAUTHORIZED_RULE_WINDOW");
    }
    if (rule.expires.has_value()) {
      return InvalidField(kAccessRuleExpireTimeField,
                          "an UNAUTHORIZED rule takes no window",
                          "UNAUTHORIZED_RULE_WINDOW");
    }
  }
  if (rule.starts.has_value() && rule.expires.has_value() &&
      *rule.expires <= *rule.starts) {
    return InvalidField(kAccessRuleExpireTimeField, "must be after start_time");
  }
  return rule;
}

absl::Status ValidateAccessRule(const AccessRule& rule) {
  return NormalizeAccessRule(rule).status();
}

bool RuleInForce(const AccessRule& rule, absl::Time at) {
  if (rule.determination == Determination::kUnauthorized) return true;
  if (rule.starts.has_value() && at < *rule.starts) return false;
  if (rule.expires.has_value() && at >= *rule.expires) return false;
  return true;
}

bool RuleMatchesSignIn(const AccessRule& rule, const SignIn& sign_in) {
  return RuleInForce(rule, sign_in.time) && ScopeContains(rule, sign_in) &&
         TargetMatches(rule, sign_in);
}

bool RuleTakesPrecedence(const AccessRule& a, const AccessRule& b) {
  if (a.scope != b.scope) return a.scope < b.scope;  // identity first
  if (a.determination != b.determination) {
    return a.determination == Determination::kUnauthorized;
  }
  return a.id < b.id;
}

const AccessRule* AccessDecision::unauthorized() const {
  const AccessRule* best = nullptr;
  // Visited IP, VPN, country: on a full tie the earlier one stays.
  for (const AccessRule* rule : {ip, vpn, country}) {
    if (IsUnauthorized(rule)) best = Better(best, rule);
  }
  return best;
}

bool AccessDecision::country_expected() const {
  return IsExpected(country) || IsExpected(ip);
}

bool AccessDecision::vpn_expected() const {
  return IsExpected(vpn) || IsExpected(ip);
}

const AccessRule* AccessDecision::deciding() const {
  if (const AccessRule* rule = unauthorized(); rule != nullptr) return rule;
  for (const AccessRule* rule : {ip, vpn, country}) {
    if (rule != nullptr) return rule;
  }
  return nullptr;
}

AccessDecision EvaluateSignIn(const SignIn& sign_in,
                              const std::vector<AccessRule>& rules) {
  AccessDecision decision;
  for (const AccessRule& rule : rules) {
    if (!RuleMatchesSignIn(rule, sign_in)) continue;
    switch (rule.target) {
      case RuleTarget::kCountry:
        decision.country = Better(decision.country, &rule);
        break;
      case RuleTarget::kVpnProvider:
        decision.vpn = Better(decision.vpn, &rule);
        break;
      case RuleTarget::kIpAddress:
        decision.ip = Better(decision.ip, &rule);
        break;
    }
  }
  return decision;
}

bool RuleCoversIdentity(const AccessRule& rule,
                        const LoginEscalationSubject& escalation,
                        absl::string_view identity_id, absl::Time at) {
  const LoginSubject& subject = escalation.subject;
  switch (subject.kind) {
    case LoginSubjectKind::kCountry:
      if (rule.target != RuleTarget::kCountry ||
          NormalizeCountry(rule.value) != NormalizeCountry(subject.value)) {
        return false;
      }
      break;
    case LoginSubjectKind::kVpn:
      if (rule.target != RuleTarget::kVpnProvider ||
          NormalizeVpnProvider(rule.value) !=
              NormalizeVpnProvider(subject.value)) {
        return false;
      }
      break;
  }
  if (!RuleInForce(rule, at)) return false;
  switch (rule.scope) {
    case RuleScope::kIdentity:
      return !identity_id.empty() && rule.scope_id == identity_id;
    case RuleScope::kOrganization:
      return rule.scope_id == subject.organization_id;
    case RuleScope::kAccount:
      return rule.scope_id == escalation.account_id;
  }
  return false;
}

bool RuleCovers(const AccessRule& rule,
                const LoginEscalationSubject& escalation, absl::Time at) {
  return RulesCover({rule}, escalation, at);
}

bool RulesCover(const std::vector<AccessRule>& rules,
                const LoginEscalationSubject& escalation, absl::Time at) {
  auto covered = [&](absl::string_view identity_id) {
    for (const AccessRule& rule : rules) {
      if (RuleCoversIdentity(rule, escalation, identity_id, at)) return true;
    }
    return false;
  };
  // With no listed identity only organization / account rules can cover:
  // the empty id matches no identity-scope rule.
  if (escalation.identity_ids.empty()) return covered("");
  for (const std::string& identity_id : escalation.identity_ids) {
    if (!covered(identity_id)) return false;
  }
  return true;
}

}  // namespace cordon::core
