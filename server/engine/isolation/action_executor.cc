#include "server/engine/isolation/action_executor.h"

#include <future>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/inbox_rule.h"
#include "server/engine/common/resource_time.h"

namespace cordon::engine {
namespace {

using cordon::store::OutboxAction;

// `call_scope`: whom a Retry-After holds back when the answer does not say:
// the tenant for directory calls, the mailbox for inbox-rule calls.
ActionResult FromGraph(
    const core::GraphCallOutcome& outcome, absl::string_view success_detail,
    core::ThrottleScope call_scope = core::ThrottleScope::kTenant) {
  ActionResult result;
  result.error_class = core::ClassifyGraphOutcome(outcome);
  result.retry_after = outcome.retry_after;
  result.throttle_scope =
      outcome.throttle_scope == core::ThrottleScope::kUnstated
          ? call_scope
          : outcome.throttle_scope;
  result.detail = result.error_class == core::ErrorClass::kSuccess
                      ? std::string(success_detail)
                      : core::DescribeGraphOutcome(outcome);
  return result;
}

}  // namespace

ActionResult ActionExecutor::Perform(const OutboxAction& action) {
  const ports::GraphUserRef user{action.tenant_id(), action.upn()};
  switch (action.kind()) {
    case OutboxAction::REVOKE_SESSIONS:
      return FromGraph(graph_->RevokeSignInSessions(user),
                       "all sign-in sessions revoked");
    case OutboxAction::DISABLE_ACCOUNT:
      return FromGraph(graph_->SetAccountEnabled(user, false),
                       "accountEnabled=false");
    case OutboxAction::ENABLE_ACCOUNT:
      return FromGraph(graph_->SetAccountEnabled(user, true),
                       "accountEnabled=true");
    case OutboxAction::DISABLE_SUSPICIOUS_RULES:
      return DisableSuspiciousRules(action);
    case OutboxAction::CHECK_TENANT_ACCESS: {
      // Any call that needs the tenant's consent and our credentials will
      // do; listing domains reads nothing of a user's.
      std::vector<std::string> domains;
      return FromGraph(graph_->ListTenantDomains(action.tenant_id(), &domains),
                       "Microsoft 365 answers again");
    }
    case OutboxAction::ENABLE_INBOX_RULE:
      return FromGraph(
          graph_->SetInboxRuleEnabled(user, action.rule_id(), true),
          absl::StrCat("inbox rule ", action.rule_id(), " re-enabled"),
          core::ThrottleScope::kMailbox);
    default:
      break;
  }
  ActionResult unknown;
  unknown.error_class = core::ErrorClass::kPermanent;
  unknown.detail = "unknown action kind";
  return unknown;
}

absl::optional<ActionResult> ActionExecutor::ReadRulesAndDomains(
    const ports::GraphUserRef& user, std::vector<core::InboxRule>* rules,
    std::vector<std::string>* domains) {
  auto read_domains = [this, &user, domains] {
    return graph_->ListTenantDomains(user.tenant_id, domains);
  };
  std::future<core::GraphCallOutcome> domains_read;
  if (parallel_reads_) {
    domains_read = std::async(std::launch::async, read_domains);
  } else if (const core::GraphCallOutcome read = read_domains();
             core::ClassifyGraphOutcome(read) != core::ErrorClass::kSuccess) {
    return FromGraph(read, "");  // one call order every run
  }
  const core::GraphCallOutcome rules_read = graph_->ListInboxRules(user, rules);
  const absl::optional<core::GraphCallOutcome> domains_outcome =
      domains_read.valid() ? absl::make_optional(domains_read.get())
                           : absl::nullopt;
  if (core::HasNoReachableMailbox(rules_read)) {
    // ISO-3: nothing to protect; the lock-out goes on regardless.
    ActionResult none;
    none.detail =
        absl::StrCat("no Exchange Online mailbox Graph can reach (",
                     rules_read.error_code, "): no inbox rules to check");
    return none;
  }
  if (core::ClassifyGraphOutcome(rules_read) != core::ErrorClass::kSuccess) {
    return FromGraph(rules_read, "", core::ThrottleScope::kMailbox);
  }
  if (domains_outcome.has_value() &&
      core::ClassifyGraphOutcome(*domains_outcome) !=
          core::ErrorClass::kSuccess) {
    return FromGraph(*domains_outcome, "");
  }
  return absl::nullopt;
}

ActionResult ActionExecutor::DisableSuspiciousRules(
    const OutboxAction& action) {
  const ports::GraphUserRef user{action.tenant_id(), action.upn()};
  std::vector<core::InboxRule> rules;
  std::vector<std::string> domains;
  if (absl::optional<ActionResult> stop =
          ReadRulesAndDomains(user, &rules, &domains);
      stop.has_value()) {
    return *stop;
  }
  return DisableAmong(user, rules, domains, action);
}

namespace {

// What DisableAmong did, rule by rule, for the action's detail.
struct RuleTally {
  std::vector<std::string> disabled, already, read_only;

  void Describe(size_t checked, ActionResult& result) const {
    result.detail =
        absl::StrCat(checked, " rules checked; disabled: ",
                     disabled.empty() ? "none" : absl::StrJoin(disabled, ", "));
    if (!already.empty()) {
      absl::StrAppend(&result.detail,
                      "; already disabled: ", absl::StrJoin(already, ", "));
    }
    if (!read_only.empty()) {
      // ISO-11: what cannot succeed is visible.
      result.error_class = core::ErrorClass::kReadOnlyRule;
      absl::StrAppend(&result.detail, "; read-only, cannot be disabled: ",
                      absl::StrJoin(read_only, ", "));
    }
  }
};

cordon::store::SeenInboxRule Seen(const core::InboxRule& rule,
                                  const core::RuleSuspicion& suspicion,
                                  absl::Time now) {
  cordon::store::SeenInboxRule seen;
  seen.set_id(rule.id);
  seen.set_display_name(rule.display_name);
  seen.set_enabled(rule.is_enabled);
  seen.set_read_only(rule.is_read_only);
  seen.set_suspicion(suspicion.ToString());
  *seen.mutable_seen_time() = ToTimestamp(now);
  return seen;
}

}  // namespace

ActionResult ActionExecutor::DisableAmong(
    const ports::GraphUserRef& user, const std::vector<core::InboxRule>& rules,
    const std::vector<std::string>& domains, const OutboxAction& action) {
  const absl::flat_hash_set<std::string> named(action.named_rule_ids().begin(),
                                               action.named_rule_ids().end());
  ActionResult result;
  RuleTally tally;
  for (const core::InboxRule& rule : rules) {
    const core::RuleSuspicion suspicion =
        core::ClassifyInboxRule(rule, domains, named);
    cordon::store::SeenInboxRule seen = Seen(rule, suspicion, clock_->Now());
    switch (core::DecideRuleDisposition(rule, suspicion)) {
      case core::RuleDisposition::kLeaveAlone:
        break;
      case core::RuleDisposition::kAlreadyDisabled:
        // Cordon cannot tell a rule that was already off from one its own
        // earlier attempt disabled before the answer was lost (a timeout, a
        // crash). Taking it as Cordon's is the safe reading: it then stays
        // off until an admin re-enables it (ISO-5).
        seen.set_disabled_by_cordon(true);
        tally.already.push_back(rule.id);
        break;
      case core::RuleDisposition::kCannotDisableReadOnly:
        tally.read_only.push_back(rule.id);
        break;
      case core::RuleDisposition::kDisable: {
        core::GraphCallOutcome patched =
            graph_->SetInboxRuleEnabled(user, rule.id, false);
        const core::ErrorClass error = core::ClassifyGraphOutcome(patched);
        if (error == core::ErrorClass::kReadOnlyRule) {
          tally.read_only.push_back(rule.id);
          break;
        }
        if (error != core::ErrorClass::kSuccess) {
          // Retry the whole action: rules disabled so far are skipped on
          // the next pass because they are seen disabled.
          return FromGraph(patched, "", core::ThrottleScope::kMailbox);
        }
        seen.set_enabled(false);
        seen.set_disabled_by_cordon(true);
        tally.disabled.push_back(
            absl::StrCat(rule.id, " (", suspicion.ToString(), ")"));
        break;
      }
    }
    result.rules_seen.push_back(std::move(seen));
  }
  tally.Describe(rules.size(), result);
  return result;
}

}  // namespace cordon::engine
