// ESC-8: which identities an answer's rules isolate, and under which rule.

#include "server/core/escalation/rule_isolations.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace rule_isolations_test {

using ::testing::ElementsAreArray;

constexpr char kAccount[] = "accounts/1";
constexpr char kOrg[] = "accounts/1/organizations/2";
constexpr char kAlice[] = "accounts/1/organizations/2/identities/5";
constexpr char kBob[] = "accounts/1/organizations/2/identities/6";

AccessRule Rule(std::string id, Determination determination, RuleScope scope,
                std::string scope_id) {
  AccessRule rule;
  rule.id = std::move(id);
  rule.value = "NL";
  rule.determination = determination;
  rule.scope = scope;
  rule.scope_id = std::move(scope_id);
  return rule;
}

AccessRule Unauthorized(std::string id, RuleScope scope, std::string scope_id) {
  return Rule(std::move(id), Determination::kUnauthorized, scope,
              std::move(scope_id));
}

struct Case {
  const char* name;
  std::vector<AccessRule> created;
  std::vector<RuleIsolation> expected;
};

class IsolationsUnderAnswerRulesTest : public ::testing::TestWithParam<Case> {};

TEST_P(IsolationsUnderAnswerRulesTest, Esc8UnauthorizedIsolatesEveryListed) {
  EXPECT_THAT(IsolationsUnderAnswerRules(GetParam().created, {kBob, kAlice}),
              ElementsAreArray(GetParam().expected))
      << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IsolationsUnderAnswerRulesTest,
    ::testing::Values(
        Case{"EXPECTED isolates nobody",
             {Rule("r1", Determination::kExpected, RuleScope::kOrganization,
                   kOrg)},
             {}},
        Case{"no rule created (identities deleted): nobody", {}, {}},
        Case{"identity scope: each identity under its own rule",
             {Unauthorized("r1", RuleScope::kIdentity, kBob),
              Unauthorized("r2", RuleScope::kIdentity, kAlice)},
             {{kBob, "r1"}, {kAlice, "r2"}}},
        Case{"one identity rule left (the other identity was deleted)",
             {Unauthorized("r2", RuleScope::kIdentity, kAlice)},
             {{kAlice, "r2"}}},
        Case{"organization scope: every listed identity under the rule",
             {Unauthorized("r1", RuleScope::kOrganization, kOrg)},
             {{kBob, "r1"}, {kAlice, "r1"}}},
        Case{"account scope: every listed identity under the rule",
             {Unauthorized("r1", RuleScope::kAccount, kAccount)},
             {{kBob, "r1"}, {kAlice, "r1"}}}));

}  // namespace rule_isolations_test
}  // namespace cordon::core
