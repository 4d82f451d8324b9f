#include "server/core/escalation/answer.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace {

absl::Status CheckShape(const EscalationAnswer& answer) {
  if (answer.kind == AnswerKind::kLoginDecision) {
    if (!answer.determination.has_value()) {
      return InvalidField(kAnswerDeterminationField,
                          "required with a scope (EXPECTED or UNAUTHORIZED)");
    }
    if (!answer.scope.has_value()) {
      return InvalidField(
          kAnswerScopeField,
          "required with a determination (IDENTITY, ORGANIZATION or "
          "ACCOUNT)");
    }
    return absl::OkStatus();
  }
  if (answer.determination.has_value()) {
    return InvalidField(kAnswerDeterminationField,
                        "only a login decision takes a determination");
  }
  if (answer.scope.has_value()) {
    return InvalidField(kAnswerScopeField,
                        "only a login decision takes a scope");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AccessRule>> RulesFor(
    const AnsweredEscalation& escalation, const EscalationAnswer& answer,
    const std::vector<std::string>& identities) {
  const LoginSubject& subject = *escalation.login_subject;
  AccessRule rule;
  rule.target = subject.kind == LoginSubjectKind::kCountry
                    ? RuleTarget::kCountry
                    : RuleTarget::kVpnProvider;
  rule.value = subject.value;
  rule.determination = *answer.determination;
  rule.scope = *answer.scope;
  rule.note = answer.note;
  std::vector<std::string> scope_ids;
  switch (rule.scope) {
    case RuleScope::kIdentity:
      scope_ids = identities;
      break;
    case RuleScope::kOrganization:
      scope_ids = {subject.organization_id};
      break;
    case RuleScope::kAccount:
      scope_ids = {escalation.account_id};
      break;
  }
  std::vector<AccessRule> rules;
  for (std::string& scope_id : scope_ids) {
    rule.scope_id = std::move(scope_id);
    absl::StatusOr<AccessRule> normalized = NormalizeAccessRule(rule);
    if (!normalized.ok()) return normalized.status();
    rules.push_back(*std::move(normalized));
  }
  return rules;
}

}  // namespace

absl::string_view AnswerKindName(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::kLoginDecision:
      return "LOGIN_DECISION";
    case AnswerKind::kDismiss:
      return "DISMISS";
    case AnswerKind::kIntegrationFixed:
      return "INTEGRATION_FIXED";
    case AnswerKind::kRetryAccess:
      return "RETRY_ACCESS";
    case AnswerKind::kAcknowledge:
      return "ACKNOWLEDGE";
    case AnswerKind::kConfirmIsolations:
      return "CONFIRM_ISOLATIONS";
  }
  return "UNKNOWN";
}

std::vector<AnswerKind> AllowedAnswers(EscalationType type) {
  switch (type) {
    case EscalationType::kLoginUnexpectedCountry:
    case EscalationType::kLoginUnexpectedVpn:
      return {AnswerKind::kLoginDecision, AnswerKind::kDismiss};
    case EscalationType::kIntegrationPsaDeliveryFailed:
      return {AnswerKind::kIntegrationFixed};
    case EscalationType::kIntegrationM365Inaccessible:
      return {AnswerKind::kRetryAccess};
    case EscalationType::kHostIsolationOrgWide:
      return {AnswerKind::kAcknowledge};
    case EscalationType::kIsolationCapReached:
      return {AnswerKind::kConfirmIsolations};
    case EscalationType::kSystemHealthDefenderRtpDisabled:
      return {};
  }
  return {};
}

namespace {

// ANSWER_NOT_ALLOWED naming the answers the type takes.
absl::Status CheckAllowed(EscalationType type, AnswerKind kind) {
  const std::vector<AnswerKind> allowed = AllowedAnswers(type);
  if (std::find(allowed.begin(), allowed.end(), kind) != allowed.end()) {
    return absl::OkStatus();
  }
  std::string description;
  if (allowed.empty()) {
    description = absl::StrCat(EscalationTypeName(type),
                               " takes no answer: it resolves by itself");
  } else {
    description = absl::StrCat(AnswerKindName(kind), " is not an answer to ",
                               EscalationTypeName(type), "; it takes ");
    for (size_t i = 0; i < allowed.size(); ++i) {
      absl::StrAppend(&description, i == 0 ? "" : " or ",
                      AnswerKindName(allowed[i]));
    }
  }
  return InvalidField(kAnswerKindField, description, "ANSWER_NOT_ALLOWED");
}

// The escalation's identities, sorted, without blanks or repeats.
std::vector<std::string> DistinctIdentities(std::vector<std::string> ids) {
  ids.erase(std::remove(ids.begin(), ids.end(), ""), ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

absl::StatusOr<AnswerEffect> PlanAnswer(const AnsweredEscalation& escalation,
                                        const EscalationAnswer& answer) {
  CORDON_RETURN_IF_ERROR(CheckShape(answer));

  CORDON_RETURN_IF_ERROR(CheckAllowed(escalation.type, answer.kind));
  const std::vector<std::string> identities =
      DistinctIdentities(escalation.identity_ids);
  if (answer.kind == AnswerKind::kLoginDecision &&
      *answer.scope == RuleScope::kIdentity && identities.empty()) {
    return InvalidField(kAnswerScopeField, "the escalation lists no identity");
  }

  if (escalation.resolved) {
    return WithReason(
        absl::FailedPreconditionError("the escalation is already resolved"),
        "ESCALATION_RESOLVED");
  }

  AnswerEffect effect;
  switch (answer.kind) {
    case AnswerKind::kLoginDecision: {
      if (!escalation.login_subject.has_value()) {
        return absl::InternalError("a login escalation without its subject");
      }
      absl::StatusOr<std::vector<AccessRule>> rules =
          RulesFor(escalation, answer, identities);
      if (!rules.ok()) return rules.status();
      effect.rules_to_create = *std::move(rules);
      if (*answer.determination == Determination::kUnauthorized) {
        effect.identities_to_isolate = identities;
      }
      effect.resolve_now = Resolution::kRule;
      break;
    }
    case AnswerKind::kDismiss:
      effect.resolve_now = Resolution::kDismissed;
      break;
    case AnswerKind::kIntegrationFixed:
      effect.retry_pending_deliveries = true;
      effect.resolve_on_success = Resolution::kAnswered;
      break;
    case AnswerKind::kRetryAccess:
      effect.retest_access = true;
      effect.resolve_on_success = Resolution::kAnswered;
      break;
    case AnswerKind::kAcknowledge:
      effect.resolve_now = Resolution::kAnswered;
      break;
    case AnswerKind::kConfirmIsolations:
      effect.confirm_isolations = true;
      effect.resolve_now = Resolution::kAnswered;
      break;
  }
  return effect;
}

}  // namespace cordon::core
