#include "server/core/escalation/rule_isolations.h"

namespace cordon::core {

std::vector<RuleIsolation> IsolationsUnderAnswerRules(
    const std::vector<AccessRule>& created,
    const std::vector<std::string>& listed_identities) {
  std::vector<RuleIsolation> isolations;
  for (const AccessRule& rule : created) {
    if (rule.determination != Determination::kUnauthorized) continue;
    if (rule.scope == RuleScope::kIdentity) {
      isolations.push_back(RuleIsolation{rule.scope_id, rule.id});
      continue;
    }
    for (const std::string& identity : listed_identities) {
      isolations.push_back(RuleIsolation{identity, rule.id});
    }
  }
  return isolations;
}

}  // namespace cordon::core
