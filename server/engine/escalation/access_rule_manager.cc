#include "server/engine/escalation/access_rule_manager.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "cordon/v1/incident.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/login_subject.h"
#include "server/core/escalation/rule_isolations.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/update_mask.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::v1::AccessRule;
using cordon::v1::Escalation;
using cordon::v1::EscalationAnswer;
using cordon::v1::ResponseAction;

const std::vector<std::string>& UpdatablePaths() {
  static const auto* paths = new std::vector<std::string>{
      "determination", "note", "start_time", "expire_time"};
  return *paths;
}

std::string RuleKey(uint64_t account, uint64_t rule) {
  return store::KeyOf({account, rule});
}

absl::StatusOr<AccessRuleScope> ScopeOfStored(const AccessRule& rule) {
  CORDON_ASSIGN_OR_RETURN(core::AccessRuleName name,
                          core::ParseAccessRuleName(rule.name()));
  return AccessRuleScope::Of(name);
}

bool SameScope(const AccessRuleScope& a, const AccessRuleScope& b) {
  return a.account == b.account && a.organization == b.organization &&
         a.identity == b.identity;
}

std::string TargetText(const AccessRule& rule) {
  switch (rule.target_case()) {
    case AccessRule::kCountry:
      return absl::StrCat("country ", rule.country());
    case AccessRule::kVpnProvider:
      return absl::StrCat("VPN provider \"", rule.vpn_provider(), "\"");
    case AccessRule::kIpAddress:
      return absl::StrCat("IP address ", rule.ip_address());
    case AccessRule::TARGET_NOT_SET:
      break;
  }
  return "nothing";
}

std::string Describe(const AccessRule& rule) {
  const core::AccessRule core_rule = ToCoreRule(rule);
  std::string text = absl::StrCat(
      AccessRule::Determination_Name(rule.determination()), " ",
      TargetText(rule), " at ", core::RuleScopeName(core_rule.scope), " scope");
  if (rule.has_start_time()) {
    absl::StrAppend(&text, " from ",
                    absl::FormatTime(core_rule.starts.value()));
  }
  if (rule.has_expire_time()) {
    absl::StrAppend(&text, " until ",
                    absl::FormatTime(core_rule.expires.value()));
  }
  if (!rule.note().empty()) absl::StrAppend(&text, " (\"", rule.note(), "\")");
  return text;
}

absl::Status NoSuchScope(const AccessRuleScope& scope) {
  return absl::NotFoundError(absl::StrCat(scope.ToString(), " not found"));
}

// ESC-8: where a login answer creates its rules: one per identity the
// escalation lists at IDENTITY scope, else the escalation's organization or
// its account.
absl::StatusOr<std::vector<AccessRuleScope>> AnswerScopes(
    const core::OrganizationName& organization, const Escalation& escalation,
    EscalationAnswer::Scope scope) {
  std::vector<AccessRuleScope> scopes;
  switch (scope) {
    case EscalationAnswer::ACCOUNT:
      scopes.push_back({organization.account, 0, 0});
      break;
    case EscalationAnswer::ORGANIZATION:
      scopes.push_back({organization.account, organization.organization, 0});
      break;
    case EscalationAnswer::IDENTITY:
      for (const std::string& listed : escalation.identities()) {
        CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                                core::ParseIdentityName(listed));
        scopes.push_back(
            {identity.account, identity.organization, identity.identity});
      }
      if (scopes.empty()) {
        return core::InvalidField("answer.scope",
                                  "the escalation lists no identity; answer "
                                  "at ORGANIZATION or ACCOUNT scope");
      }
      break;
    default:
      return core::InvalidField("answer.scope",
                                "required: IDENTITY, ORGANIZATION or ACCOUNT");
  }
  return scopes;
}

// The rule a login answer asks for, about the escalation's place.
AccessRule AnswerRule(const core::LoginSubject& subject,
                      AccessRule::Determination determination) {
  AccessRule rule;
  rule.set_determination(determination);
  if (subject.kind == core::LoginSubjectKind::kCountry) {
    rule.set_country(subject.value);
  } else {
    rule.set_vpn_provider(subject.value);
  }
  // ESC-5: organization users read organization- and identity-scope rules
  // but must see no trace of escalations, so the note does not name it; the
  // account's audit trail links the rule to the answer.
  rule.set_note("created from an account admin's answer");
  return rule;
}

}  // namespace

core::RuleScope AccessRuleScope::Kind() const {
  if (identity != 0) return core::RuleScope::kIdentity;
  if (organization != 0) return core::RuleScope::kOrganization;
  return core::RuleScope::kAccount;
}

std::string AccessRuleScope::ToString() const {
  if (identity != 0) {
    return core::IdentityName{account, organization, identity}.ToString();
  }
  if (organization != 0) {
    return core::OrganizationName{account, organization}.ToString();
  }
  return core::AccountName{account}.ToString();
}

core::AccessRule ToCoreRule(const AccessRule& rule) {
  core::AccessRule out;
  out.id = rule.name();
  switch (rule.target_case()) {
    case AccessRule::kCountry:
      out.target = core::RuleTarget::kCountry;
      out.value = rule.country();
      break;
    case AccessRule::kVpnProvider:
      out.target = core::RuleTarget::kVpnProvider;
      out.value = rule.vpn_provider();
      break;
    case AccessRule::kIpAddress:
      out.target = core::RuleTarget::kIpAddress;
      out.value = rule.ip_address();
      break;
    case AccessRule::TARGET_NOT_SET:
      break;
  }
  out.determination = rule.determination() == AccessRule::UNAUTHORIZED
                          ? core::Determination::kUnauthorized
                          : core::Determination::kExpected;
  // A name that does not parse leaves scope_id empty: such a rule matches
  // nothing instead of matching too much.
  if (absl::StatusOr<core::AccessRuleName> name =
          core::ParseAccessRuleName(rule.name());
      name.ok()) {
    const AccessRuleScope scope = AccessRuleScope::Of(*name);
    out.scope = scope.Kind();
    out.scope_id = scope.ToString();
  }
  out.note = rule.note();
  if (rule.has_start_time()) out.starts = FromTimestamp(rule.start_time());
  if (rule.has_expire_time()) out.expires = FromTimestamp(rule.expire_time());
  return out;
}

std::string DescribeRuleIsolation(
    const std::vector<cordon::v1::ResponseAction>& actions) {
  std::vector<std::string> parts;
  for (const ResponseAction& action : actions) {
    if (action.kind() == ResponseAction::ISOLATION_SKIPPED) {
      parts.push_back(
          absl::StrCat("isolation skipped (ISO-7): ", action.detail()));
    } else {
      parts.push_back(
          absl::StrCat(ResponseAction::Kind_Name(action.kind()), " ",
                       ResponseAction::Outcome_Name(action.outcome()),
                       action.detail().empty() ? "" : ": ", action.detail()));
    }
  }
  if (parts.empty()) return "no isolation action";
  return absl::StrJoin(parts, "; ");
}

absl::StatusOr<AccessRule> AccessRuleManager::Prepare(
    const AccessRuleScope& parent, const AccessRule& input) const {
  if (input.determination() != AccessRule::EXPECTED &&
      input.determination() != AccessRule::UNAUTHORIZED) {
    return core::InvalidField("access_rule.determination",
                              "required: EXPECTED or UNAUTHORIZED");
  }
  if (input.target_case() == AccessRule::TARGET_NOT_SET) {
    return core::InvalidField(
        "access_rule.target",
        "required: one of country, vpn_provider or ip_address");
  }
  AccessRule rule;
  rule.set_determination(input.determination());
  rule.set_note(input.note());
  if (input.has_start_time()) *rule.mutable_start_time() = input.start_time();
  if (input.has_expire_time()) {
    *rule.mutable_expire_time() = input.expire_time();
  }
  switch (input.target_case()) {
    case AccessRule::kCountry:
      rule.set_country(input.country());
      break;
    case AccessRule::kVpnProvider:
      rule.set_vpn_provider(input.vpn_provider());
      break;
    case AccessRule::kIpAddress:
      rule.set_ip_address(input.ip_address());
      break;
    case AccessRule::TARGET_NOT_SET:
      break;
  }
  // The name is what gives the core rule its scope; the id is assigned on
  // insert.
  rule.set_name(parent.Name(1).ToString());
  CORDON_ASSIGN_OR_RETURN(core::AccessRule normalized,
                          core::NormalizeAccessRule(ToCoreRule(rule)));
  switch (rule.target_case()) {
    case AccessRule::kCountry:
      rule.set_country(normalized.value);
      break;
    case AccessRule::kVpnProvider:
      rule.set_vpn_provider(normalized.value);
      break;
    case AccessRule::kIpAddress:
      rule.set_ip_address(normalized.value);
      break;
    case AccessRule::TARGET_NOT_SET:
      break;
  }
  rule.clear_name();
  return rule;
}

absl::StatusOr<AccessRule> AccessRuleManager::Insert(
    store::Transaction& txn, const Actor& actor, const AccessRuleScope& parent,
    AccessRule rule, std::vector<core::AccessRule>* created_in_txn) {
  // Locking the account serializes rule creation in it, so the count below
  // cannot be overtaken; locking the scope's row orders the create against
  // the scope's delete.
  CORDON_RETURN_IF_ERROR(
      AccountManager::LockAccount(txn, parent.account).status());
  std::string row;
  if (parent.organization != 0) {
    CORDON_ASSIGN_OR_RETURN(
        bool org_exists,
        txn.GetRawForShare(store::Family::kOrganizations,
                           store::KeyOf({parent.account, parent.organization}),
                           &row));
    if (!org_exists) {
      return NoSuchScope({parent.account, parent.organization, 0});
    }
  }
  if (parent.identity != 0) {
    CORDON_ASSIGN_OR_RETURN(
        bool identity_exists,
        txn.GetRawForUpdate(store::Family::kIdentities,
                            store::KeyOf({parent.account, parent.organization,
                                          parent.identity}),
                            &row));
    if (!identity_exists) return NoSuchScope(parent);
  }
  // The count read through the transaction holds the rules it created.
  CORDON_ASSIGN_OR_RETURN(int64_t count,
                          LockChildCount(txn, store::Family::kAccessRules,
                                         store::KeyOf({parent.account})));
  if (count >= kMaxAccessRulesPerAccount) {
    return core::WithReason(
        absl::ResourceExhaustedError(
            absl::StrCat("an account has at most ", kMaxAccessRulesPerAccount,
                         " access rules; delete some first")),
        "TOO_MANY_ACCESS_RULES");
  }
  CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
  rule.set_name(parent.Name(id).ToString());
  StampWrite(&rule, clock_->Now(), /*creating=*/true);
  txn.Put(store::Family::kAccessRules, RuleKey(parent.account, id), rule);
  CORDON_RETURN_IF_ERROR(AddToLockedChildCount(txn, store::Family::kAccessRules,
                                               store::KeyOf({parent.account}),
                                               count, 1));
  CORDON_RETURN_IF_ERROR(
      audit_->Record(txn, parent.account, actor, rule.name(),
                     absl::StrCat("created access rule: ", Describe(rule))));
  created_in_txn->push_back(ToCoreRule(rule));
  return rule;
}

absl::Status AccessRuleManager::ResolveCovered(
    store::Transaction& txn, const Actor& actor, uint64_t account,
    const std::vector<core::AccessRule>& new_rules,
    const std::vector<std::string>& replaced) {
  CORDON_ASSIGN_OR_RETURN(std::vector<core::AccessRule> rules,
                          AccountRules(account));
  rules.erase(std::remove_if(rules.begin(), rules.end(),
                             [&](const core::AccessRule& rule) {
                               return std::find(replaced.begin(),
                                                replaced.end(),
                                                rule.id) != replaced.end();
                             }),
              rules.end());
  rules.insert(rules.end(), new_rules.begin(), new_rules.end());
  CORDON_ASSIGN_OR_RETURN(
      std::vector<Escalation> open,
      escalations_->OpenEscalations(account, /*login_only=*/true,
                                    /*with_occurrences=*/false));
  const absl::Time now = clock_->Now();
  const std::string account_id = core::AccountName{account}.ToString();
  for (const Escalation& escalation : open) {
    absl::StatusOr<core::LoginSubject> subject = core::ParseLoginSubjectKey(
        escalation.organization(), escalation.subject());
    if (!subject.ok()) continue;  // not about a place: no rule covers it
    core::LoginEscalationSubject covered;
    covered.account_id = account_id;
    covered.subject = *std::move(subject);
    covered.identity_ids.assign(escalation.identities().begin(),
                                escalation.identities().end());
    // Only escalations the new rules take part in: an escalation that older
    // rules alone cover is not this write's business.
    bool touched = false;
    for (const core::AccessRule& rule : new_rules) {
      if (covered.identity_ids.empty()) {
        touched |= core::RuleCovers(rule, covered, now);
      }
      for (const std::string& identity : covered.identity_ids) {
        touched |= core::RuleCoversIdentity(rule, covered, identity, now);
      }
    }
    if (!touched || !core::RulesCover(rules, covered, now)) continue;
    CORDON_RETURN_IF_ERROR(
        escalations_->Resolve(txn, escalation.name(), Escalation::RULE, actor));
  }
  return absl::OkStatus();
}

absl::StatusOr<AccessRule> AccessRuleManager::Create(
    const Actor& actor, const AccessRuleScope& parent, const AccessRule& input,
    const IdempotentCall& call) {
  CORDON_ASSIGN_OR_RETURN(AccessRule prepared, Prepare(parent, input));
  absl::StatusOr<AccessRule> created = CreateOnce<AccessRule>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<AccessRule> {
        std::vector<core::AccessRule> created_in_txn;
        CORDON_ASSIGN_OR_RETURN(
            AccessRule rule,
            Insert(txn, actor, parent, prepared, &created_in_txn));
        // ESC-4: in the same write as the rule.
        CORDON_RETURN_IF_ERROR(
            ResolveCovered(txn, actor, parent.account, created_in_txn, {}));
        return rule;
      });
  if (created.ok() && on_actions_queued_) on_actions_queued_();
  return created;
}

absl::StatusOr<AccessRule> AccessRuleManager::Get(
    const core::AccessRuleName& name) const {
  CORDON_ASSIGN_OR_RETURN(AccessRule rule,
                          ReadRow<AccessRule>(*db_, store::Family::kAccessRules,
                                              RuleKey(name.account, name.rule),
                                              name.ToString(), "access rule"));
  // The id is unique in the account; asked for under another scope, it is
  // not there.
  if (rule.name() != name.ToString()) {
    return absl::NotFoundError(absl::StrCat(name.ToString(), " not found"));
  }
  return rule;
}

absl::StatusOr<Page<AccessRule>> AccessRuleManager::List(
    const ListQuery& query, const PageRequest& page) const {
  const AccessRuleScope& parent = query.parent;
  if (parent.identity != 0) {
    CORDON_RETURN_IF_ERROR(CheckRowExists(
        *db_, store::Family::kIdentities,
        store::KeyOf({parent.account, parent.organization, parent.identity}),
        parent.ToString()));
  } else if (parent.organization != 0) {
    CORDON_RETURN_IF_ERROR(
        CheckRowExists(*db_, store::Family::kOrganizations,
                       store::KeyOf({parent.account, parent.organization}),
                       parent.ToString()));
  } else {
    CORDON_RETURN_IF_ERROR(CheckRowExists(*db_, store::Family::kAccounts,
                                          store::KeyOf({parent.account}),
                                          parent.ToString()));
  }
  // The account holds at most kMaxAccessRulesPerAccount rules, so a page
  // examines them all at most once.
  return ScanPage<AccessRule>(
      *db_, store::Family::kAccessRules, store::KeyOf({parent.account}), page,
      "access rule",
      [&](const AccessRule& rule) {
        absl::StatusOr<AccessRuleScope> scope = ScopeOfStored(rule);
        if (!scope.ok() || !SameScope(*scope, parent)) return false;
        return !query.determination ||
               rule.determination() == *query.determination;
      },
      {.token_only_when_rows_remain = true});
}

absl::StatusOr<AccessRule> AccessRuleManager::Update(
    const Actor& actor, const AccessRule& patch,
    const google::protobuf::FieldMask& mask) {
  CORDON_ASSIGN_OR_RETURN(core::AccessRuleName name,
                          core::ParseAccessRuleName(patch.name()));
  const AccessRuleScope scope = AccessRuleScope::Of(name);
  CORDON_ASSIGN_OR_RETURN(
      AccessRule committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<AccessRule> {
            CORDON_ASSIGN_OR_RETURN(
                AccessRule before,
                LockRow<AccessRule>(t, store::Family::kAccessRules,
                                    RuleKey(name.account, name.rule),
                                    name.ToString()));
            if (before.name() != name.ToString()) {
              return absl::NotFoundError(
                  absl::StrCat(name.ToString(), " not found"));
            }
            CORDON_RETURN_IF_ERROR(CheckEtag(patch.etag(), before.etag()));
            AccessRule merged = before;
            CORDON_RETURN_IF_ERROR(
                ApplyUpdateMask(mask, UpdatablePaths(), patch, &merged));
            CORDON_ASSIGN_OR_RETURN(AccessRule after, Prepare(scope, merged));
            after.set_name(before.name());
            *after.mutable_create_time() = before.create_time();
            StampWrite(&after, clock_->Now(), /*creating=*/false);
            t.Put(store::Family::kAccessRules, RuleKey(name.account, name.rule),
                  after);
            CORDON_RETURN_IF_ERROR(audit_->Record(
                t, name.account, actor, after.name(),
                absl::StrCat("changed access rule: ", Describe(before), " -> ",
                             Describe(after))));
            // A rule changed to be in force now, or to decide, covers like a
            // new one.
            CORDON_RETURN_IF_ERROR(ResolveCovered(
                t, actor, name.account, {ToCoreRule(after)}, {after.name()}));
            CORDON_RETURN_IF_ERROR(t.Commit());
            return after;
          }));
  if (on_actions_queued_) on_actions_queued_();
  return committed;
}

absl::Status AccessRuleManager::Delete(const Actor& actor,
                                       const core::AccessRuleName& name,
                                       const std::string& etag) {
  const std::string key = RuleKey(name.account, name.rule);
  return store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(AccessRule stored,
                            LockRow<AccessRule>(t, store::Family::kAccessRules,
                                                key, name.ToString()));
    if (stored.name() != name.ToString()) {
      return absl::NotFoundError(absl::StrCat(name.ToString(), " not found"));
    }
    CORDON_RETURN_IF_ERROR(CheckEtag(etag, stored.etag()));
    t.Delete(store::Family::kAccessRules, key);
    CORDON_RETURN_IF_ERROR(AddChildCount(t, store::Family::kAccessRules,
                                         store::KeyOf({name.account}), -1));
    // Escalations it resolved stay resolved; the next sign-in it no longer
    // covers raises a new one (ESC-7).
    CORDON_RETURN_IF_ERROR(audit_->Record(
        t, name.account, actor, stored.name(),
        absl::StrCat("deleted access rule: ", Describe(stored))));
    return t.Commit();
  });
}

absl::StatusOr<std::vector<core::AccessRule>> AccessRuleManager::AccountRules(
    uint64_t account) const {
  std::vector<core::AccessRule> rules;
  CORDON_RETURN_IF_ERROR(ScanRows<AccessRule>(
      *db_, store::Family::kAccessRules, store::KeyOf({account}),
      kMaxAccessRulesPerAccount, "access rule", [&](const AccessRule& rule) {
        rules.push_back(ToCoreRule(rule));
        return true;
      }));
  return rules;
}

absl::Status AccessRuleManager::CreateRuleAndIsolate(
    store::Transaction& txn, const Actor& actor, const Escalation& escalation,
    AccessRule::Determination determination, EscalationAnswer::Scope scope) {
  if (determination != AccessRule::EXPECTED &&
      determination != AccessRule::UNAUTHORIZED) {
    return core::InvalidField("answer.determination",
                              "required: EXPECTED or UNAUTHORIZED");
  }
  absl::StatusOr<core::OrganizationName> organization =
      core::ParseOrganizationName(escalation.organization());
  absl::StatusOr<core::LoginSubject> subject = core::ParseLoginSubjectKey(
      escalation.organization(), escalation.subject());
  if (!organization.ok() || !subject.ok()) {
    return core::WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            escalation.name(),
            " is not about a sign-in place: it cannot be answered with a "
            "rule")),
        "NOT_A_LOGIN_ESCALATION");
  }
  CORDON_ASSIGN_OR_RETURN(std::vector<AccessRuleScope> scopes,
                          AnswerScopes(*organization, escalation, scope));
  const AccessRule input = AnswerRule(*subject, determination);
  std::vector<core::AccessRule> created;
  for (const AccessRuleScope& rule_scope : scopes) {
    CORDON_ASSIGN_OR_RETURN(AccessRule prepared, Prepare(rule_scope, input));
    absl::StatusOr<AccessRule> rule =
        Insert(txn, actor, rule_scope, prepared, &created);
    // An identity deleted since it signed in needs no rule any more.
    if (absl::IsNotFound(rule.status()) &&
        rule_scope.Kind() == core::RuleScope::kIdentity) {
      continue;
    }
    if (!rule.ok()) return rule.status();
  }
  // ESC-8: UNAUTHORIZED isolates every listed identity (ISO-7 inside).
  const std::vector<std::string> listed(escalation.identities().begin(),
                                        escalation.identities().end());
  for (const core::RuleIsolation& isolation :
       core::IsolationsUnderAnswerRules(created, listed)) {
    CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                            core::ParseIdentityName(isolation.identity));
    IsolationEngine::IsolateRequest request;
    request.trigger = core::IsolationTrigger::kAccessRule;
    request.source = isolation.rule;
    // An admin's answer is a person's decision: not capped (ISO-14).
    request.automated = false;
    absl::StatusOr<std::vector<ResponseAction>> actions =
        isolation_->Isolate(txn, identity, request);
    if (absl::IsNotFound(actions.status())) continue;  // identity deleted
    if (!actions.ok()) return actions.status();
    CORDON_RETURN_IF_ERROR(audit_->Record(
        txn, identity.account, actor, isolation.identity,
        absl::StrCat("ESC-8: ", escalation.name(),
                     " answered UNAUTHORIZED; isolation under ", isolation.rule,
                     ": ", DescribeRuleIsolation(*actions))));
  }
  return ResolveCovered(txn, actor, organization->account, created, {});
}

}  // namespace cordon::engine
