#ifndef CORDON_SERVER_CORE_ESCALATION_RULE_ISOLATIONS_H_
#define CORDON_SERVER_CORE_ESCALATION_RULE_ISOLATIONS_H_

#include <string>
#include <vector>

#include "server/core/escalation/access_rule.h"

namespace cordon::core {

// One identity to isolate (trigger kAccessRule) and the rule that holds it
// (the hold's source).
struct RuleIsolation {
  std::string identity;
  std::string rule;

  friend bool operator==(const RuleIsolation&, const RuleIsolation&) = default;
};

// ESC-8: an UNAUTHORIZED answer to a login escalation isolates every
// identity the escalation lists, each under the rule created for it: an
// IDENTITY-scope rule holds its own identity (scope_id), an ORGANIZATION- or
// ACCOUNT-scope rule every listed identity. EXPECTED rules isolate nobody.
// `created` are the rules the answer created (with their ids), in order;
// the isolations follow that order, then the listing's. ISO-7 exclusions
// apply later, when the engine isolates.
std::vector<RuleIsolation> IsolationsUnderAnswerRules(
    const std::vector<AccessRule>& created,
    const std::vector<std::string>& listed_identities);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_RULE_ISOLATIONS_H_
