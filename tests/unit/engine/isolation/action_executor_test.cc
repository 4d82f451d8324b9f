// The inbox-rule action's reads (ISO-3): a user without a reachable mailbox
// has no rules to protect; the tenant's domains are read beside the rules.

#include "server/engine/isolation/action_executor.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace cordon::engine {
namespace action_executor_test {

using cordon::store::OutboxAction;

core::GraphCallOutcome Status(int status, std::string code = "") {
  core::GraphCallOutcome outcome;
  outcome.http_status = status;
  outcome.error_code = std::move(code);
  return outcome;
}

// Answers the two reads with set outcomes; the writes succeed.
class ReadsGraph final : public ports::Graph {
 public:
  core::GraphCallOutcome rules_answer = Status(200);
  core::GraphCallOutcome domains_answer = Status(200);
  std::vector<core::InboxRule> rules;

  core::GraphCallOutcome RevokeSignInSessions(
      const ports::GraphUserRef&) override {
    return Status(204);
  }
  core::GraphCallOutcome SetAccountEnabled(const ports::GraphUserRef&,
                                           bool) override {
    return Status(204);
  }
  core::GraphCallOutcome ListInboxRules(
      const ports::GraphUserRef&, std::vector<core::InboxRule>* out) override {
    *out = rules;
    return rules_answer;
  }
  core::GraphCallOutcome SetInboxRuleEnabled(const ports::GraphUserRef&,
                                             const std::string&,
                                             bool) override {
    return Status(200);
  }
  core::GraphCallOutcome GetUser(const ports::GraphUserRef&,
                                 ports::GraphUser*) override {
    return Status(200);
  }
  core::GraphCallOutcome ListTenantDomains(
      const std::string&, std::vector<std::string>* domains) override {
    *domains = {"contoso.com"};
    return domains_answer;
  }
  core::GraphCallOutcome ReadUsersDeltaPage(const std::string&,
                                            const std::string&,
                                            ports::UsersDeltaPage*) override {
    return Status(200);
  }
  core::M365AccessReport CheckAccess(const std::string&) override { return {}; }
};

OutboxAction RulesAction() {
  OutboxAction action;
  action.set_kind(OutboxAction::DISABLE_SUSPICIOUS_RULES);
  action.set_tenant_id("t1");
  action.set_upn("alice@contoso.com");
  return action;
}

class ActionExecutorTest : public ::testing::TestWithParam<bool> {
 protected:
  ActionResult Perform() {
    ActionExecutor executor(&graph_, &clock_, GetParam());
    return executor.Perform(RulesAction());
  }
  ReadsGraph graph_;
  ports::FakeClock clock_;
};

TEST_P(ActionExecutorTest, Iso3NoReachableMailboxMeansNoRulesToProtect) {
  graph_.rules_answer = Status(404, "MailboxNotEnabledForRESTAPI");
  const ActionResult result = Perform();
  EXPECT_EQ(result.error_class, core::ErrorClass::kSuccess);
  EXPECT_TRUE(absl::StrContains(result.detail, "no Exchange Online mailbox"))
      << result.detail;
}

TEST_P(ActionExecutorTest, Iso3ForwardingOutsideIsDisabledWithDomainsRead) {
  core::InboxRule forward;
  forward.id = "r-fwd";
  forward.actions.forward_to = {"drop@evil.example"};
  core::InboxRule team = forward;
  team.id = "r-team";
  team.actions.forward_to = {"bob@contoso.com"};
  graph_.rules = {forward, team};
  const ActionResult result = Perform();
  EXPECT_EQ(result.error_class, core::ErrorClass::kSuccess) << result.detail;
  EXPECT_TRUE(absl::StrContains(result.detail, "disabled: r-fwd"))
      << result.detail;
  EXPECT_FALSE(absl::StrContains(result.detail, "r-team")) << result.detail;
}

TEST_P(ActionExecutorTest, Iso11FailedDomainReadFailsTheAttempt) {
  graph_.domains_answer = Status(503);
  EXPECT_EQ(Perform().error_class, core::ErrorClass::kRetryable);
}

// A 429 on the rule list holds back the mailbox only (when the answer does
// not say otherwise).
TEST_P(ActionExecutorTest, Iso11ThrottledRuleListWaitsForItsMailbox) {
  graph_.rules_answer = Status(429);
  const ActionResult result = Perform();
  EXPECT_EQ(result.error_class, core::ErrorClass::kThrottled);
  EXPECT_EQ(result.throttle_scope, core::ThrottleScope::kMailbox);
}

INSTANTIATE_TEST_SUITE_P(ReadsSideBySideOrInOrder, ActionExecutorTest,
                         ::testing::Bool());

}  // namespace action_executor_test
}  // namespace cordon::engine
