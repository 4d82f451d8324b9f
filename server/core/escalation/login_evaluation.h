#ifndef CORDON_SERVER_CORE_ESCALATION_LOGIN_EVALUATION_H_
#define CORDON_SERVER_CORE_ESCALATION_LOGIN_EVALUATION_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "server/core/escalation/access_rule.h"
#include "server/core/escalation/escalation_type.h"
#include "server/core/escalation/login_subject.h"
#include "server/core/escalation/severity_schedule.h"

namespace cordon::core {

// What a sign-in leads to (ESC-2 types 5 and 6, ESC-4).
enum class LoginVerdict {
  // Nothing unusual, or every unusual part is vouched for by an EXPECTED
  // rule.
  kNone,
  // An UNAUTHORIZED rule decides one of its dimensions: a CRITICAL alert for
  // the SOC and the identity's isolation (trigger kAccessRule, subject to
  // ISO-7). No LOW escalation is raised besides: the SOC alert supersedes
  // it.
  kIsolate,
  kUnexpectedCountry,        // LOW LOGIN_UNEXPECTED_COUNTRY
  kUnexpectedVpn,            // LOW LOGIN_UNEXPECTED_VPN
  kUnexpectedCountryAndVpn,  // both, as two escalations
};

absl::string_view LoginVerdictName(LoginVerdict verdict);

// One login escalation to open, or to add the sign-in to if one is already
// open for the subject (ESC-7).
struct LoginEscalationTrigger {
  EscalationType type = EscalationType::kLoginUnexpectedCountry;
  Severity severity = Severity::kLow;
  LoginSubject subject;
};

struct LoginEvaluation {
  LoginVerdict verdict = LoginVerdict::kNone;
  // kIsolate: the UNAUTHORIZED rule that decided (points into the rules
  // passed in, like `decision`: keep those alive while using it).
  // Otherwise nullptr.
  const AccessRule* unauthorized_rule = nullptr;
  // The full per-dimension decision, for the event log.
  AccessDecision decision;
  // Country first, then VPN; empty unless the verdict is an unexpected one.
  std::vector<LoginEscalationTrigger> escalations;
};

// ESC-2 / ESC-4 for one sign-in. `usage_location` is the identity's Entra
// usage location (alpha-2, any case; "" = not set); `rules` are the
// account's access rules (any scope; those not containing the sign-in are
// ignored).
//   - UNAUTHORIZED decision in any dimension (EvaluateSignIn) -> kIsolate.
//   - Unexpected country: the sign-in's country is known, the usage location
//     is set, they differ, and no EXPECTED country or IP rule vouches for it.
//     Without a usage location nothing is "other than" it, so no country
//     escalation (otherwise every sign-in of an unlicensed identity would
//     raise one).
//   - Unexpected VPN: the sign-in went through a VPN provider and no
//     EXPECTED VPN or IP rule vouches for it. The country may match the
//     usage location: the VPN alone is unusual.
LoginEvaluation EvaluateLogin(const SignIn& sign_in,
                              absl::string_view usage_location,
                              const std::vector<AccessRule>& rules);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_LOGIN_EVALUATION_H_
