#ifndef CORDON_SERVER_ENGINE_ESCALATION_ACCESS_RULE_MANAGER_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ACCESS_RULE_MANAGER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/incident.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/core/escalation/access_rule.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/escalation/login_answer_effects.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// An account refuses rules beyond this many: it bounds the scan that every
// sign-in evaluation and every rule creation makes over them.
inline constexpr int kMaxAccessRulesPerAccount = 10000;

// Where a rule applies (ESC-4): the account, one of its organizations, or one
// identity. The parent of the rule's name.
struct AccessRuleScope {
  uint64_t account = 0;
  uint64_t organization = 0;  // 0: account scope
  uint64_t identity = 0;      // 0 unless identity scope

  static AccessRuleScope Of(const core::AccessRuleName& name) {
    return {name.account, name.organization, name.identity};
  }
  core::AccessRuleName Name(uint64_t rule) const {
    return {account, organization, identity, rule};
  }
  core::RuleScope Kind() const;
  // accounts/{a}, accounts/{a}/organizations/{o} or .../identities/{i}: the
  // scope_id core::AccessRule compares with a sign-in's ids.
  std::string ToString() const;
};

// The rule as core::EvaluateLogin and core::RulesCover see it. Ids are
// resource names: the account, organization and identity ids of a
// core::SignIn must be names too.
core::AccessRule ToCoreRule(const cordon::v1::AccessRule& rule);

// The audit trail's words for what an access rule's isolation came to (the
// actions queued, or why ISO-7 skipped it).
std::string DescribeRuleIsolation(
    const std::vector<cordon::v1::ResponseAction>& actions);

// ESC-4 access rules in the store (Family::kAccessRules, be64(account)
// be64(rule); the scope lives in the stored name). Creating a rule resolves,
// in the same write, every open login escalation of the account that the
// account's rules now cover.
class AccessRuleManager : public LoginAnswerEffects {
 public:
  AccessRuleManager(store::Database* db, const ports::Clock* clock,
                    AuditLog* audit, IsolationEngine* isolation,
                    EscalationManager* escalations,
                    std::function<void()> on_actions_queued)
      : db_(db),
        clock_(clock),
        audit_(audit),
        isolation_(isolation),
        escalations_(escalations),
        on_actions_queued_(std::move(on_actions_queued)) {}

  // NOT_FOUND when the scope (account, organization, identity) does not
  // exist; RESOURCE_EXHAUSTED past kMaxAccessRulesPerAccount.
  absl::StatusOr<cordon::v1::AccessRule> Create(
      const Actor& actor, const AccessRuleScope& parent,
      const cordon::v1::AccessRule& rule, const IdempotentCall& call);
  absl::StatusOr<cordon::v1::AccessRule> Get(
      const core::AccessRuleName& name) const;

  struct ListQuery {
    // Rules at exactly this scope.
    AccessRuleScope parent;
    absl::optional<cordon::v1::AccessRule::Determination> determination;
  };
  // NOT_FOUND when the scope does not exist.
  absl::StatusOr<Page<cordon::v1::AccessRule>> List(
      const ListQuery& query, const PageRequest& page) const;

  // Updatable: determination, note, start_time, expire_time. What a rule is
  // about (its target) and where it applies (its name) do not change: that
  // is another rule.
  absl::StatusOr<cordon::v1::AccessRule> Update(
      const Actor& actor, const cordon::v1::AccessRule& patch,
      const google::protobuf::FieldMask& mask);
  absl::Status Delete(const Actor& actor, const core::AccessRuleName& name,
                      const std::string& etag);

  // Every rule of the account, as core rules; at most
  // kMaxAccessRulesPerAccount (the limit Create enforces).
  absl::StatusOr<std::vector<core::AccessRule>> AccountRules(
      uint64_t account) const;

  // ESC-8: the answer to a login escalation creates the rule at the chosen
  // scope from the escalation's subject (one rule per listed identity at
  // identity scope) and, for UNAUTHORIZED, isolates every listed identity
  // (trigger kAccessRule, source = the rule's name; ISO-7 applies). Every
  // open login escalation the new rules cover resolves as RULE, the answered
  // one included. The caller commits `txn` and then wakes the outbox worker
  // (the isolation actions are queued in it).
  absl::Status CreateRuleAndIsolate(
      store::Transaction& txn, const Actor& actor,
      const cordon::v1::Escalation& escalation,
      cordon::v1::AccessRule::Determination determination,
      cordon::v1::EscalationAnswer::Scope scope) override;

 private:
  // Validates `input` for `parent` and returns the rule to store (name,
  // target, determination, note, window; no timestamps yet).
  absl::StatusOr<cordon::v1::AccessRule> Prepare(
      const AccessRuleScope& parent, const cordon::v1::AccessRule& input) const;
  // Stores a prepared rule inside `txn`: checks the scope exists and the
  // limit (counting `created_in_txn`), assigns its name, audits. Appends it
  // to `created_in_txn`.
  absl::StatusOr<cordon::v1::AccessRule> Insert(
      store::Transaction& txn, const Actor& actor,
      const AccessRuleScope& parent, cordon::v1::AccessRule rule,
      std::vector<core::AccessRule>* created_in_txn);
  // ESC-4: resolves (RULE) every open login escalation of the account that
  // the account's rules, with `new_rules`, cover and that one of `new_rules`
  // covers at least one identity of. `replaced` names stored rules whose
  // new version is in `new_rules`.
  absl::Status ResolveCovered(store::Transaction& txn, const Actor& actor,
                              uint64_t account,
                              const std::vector<core::AccessRule>& new_rules,
                              const std::vector<std::string>& replaced);

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  IsolationEngine* isolation_;
  EscalationManager* escalations_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ACCESS_RULE_MANAGER_H_
