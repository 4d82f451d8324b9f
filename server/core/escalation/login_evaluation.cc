#include "server/core/escalation/login_evaluation.h"

#include <string>
#include <vector>

namespace cordon::core {

absl::string_view LoginVerdictName(LoginVerdict verdict) {
  switch (verdict) {
    case LoginVerdict::kNone:
      return "NONE";
    case LoginVerdict::kIsolate:
      return "ISOLATE";
    case LoginVerdict::kUnexpectedCountry:
      return "UNEXPECTED_COUNTRY";
    case LoginVerdict::kUnexpectedVpn:
      return "UNEXPECTED_VPN";
    case LoginVerdict::kUnexpectedCountryAndVpn:
      return "UNEXPECTED_COUNTRY_AND_VPN";
  }
  return "UNKNOWN";
}

LoginEvaluation EvaluateLogin(const SignIn& sign_in,
                              absl::string_view usage_location,
                              const std::vector<AccessRule>& rules) {
  LoginEvaluation result;
  result.decision = EvaluateSignIn(sign_in, rules);
  if (const AccessRule* rule = result.decision.unauthorized();
      rule != nullptr) {
    result.verdict = LoginVerdict::kIsolate;
    result.unauthorized_rule = rule;
    return result;
  }

  const std::string country = NormalizeCountry(sign_in.country);
  const std::string home = NormalizeCountry(usage_location);
  const bool unexpected_country = !country.empty() && !home.empty() &&
                                  country != home &&
                                  !result.decision.country_expected();
  const std::string provider = NormalizeVpnProvider(sign_in.vpn_provider);
  const bool unexpected_vpn =
      !provider.empty() && !result.decision.vpn_expected();

  if (unexpected_country) {
    result.escalations.push_back(LoginEscalationTrigger{
        EscalationType::kLoginUnexpectedCountry,
        EscalationSeverity(EscalationType::kLoginUnexpectedCountry),
        LoginSubject{sign_in.organization_id, LoginSubjectKind::kCountry,
                     country}});
  }
  if (unexpected_vpn) {
    result.escalations.push_back(LoginEscalationTrigger{
        EscalationType::kLoginUnexpectedVpn,
        EscalationSeverity(EscalationType::kLoginUnexpectedVpn),
        LoginSubject{sign_in.organization_id, LoginSubjectKind::kVpn,
                     provider}});
  }
  if (unexpected_country && unexpected_vpn) {
    result.verdict = LoginVerdict::kUnexpectedCountryAndVpn;
  } else if (unexpected_country) {
    result.verdict = LoginVerdict::kUnexpectedCountry;
  } else if (unexpected_vpn) {
    result.verdict = LoginVerdict::kUnexpectedVpn;
  }
  return result;
}

}  // namespace cordon::core
