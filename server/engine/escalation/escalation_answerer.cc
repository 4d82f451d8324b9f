#include "server/engine/escalation/escalation_answerer.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/escalation/access_rule.h"
#include "server/core/escalation/answer.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/escalation/escalation_type.h"
#include "server/core/escalation/login_subject.h"
#include "server/engine/common/etag.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::v1::AccessRule;
using cordon::v1::Escalation;
using cordon::v1::EscalationAnswer;

constexpr char kAnswerField[] = "answer";

Escalation::Resolution ProtoResolution(core::Resolution resolution) {
  switch (resolution) {
    case core::Resolution::kRule:
      return Escalation::RULE;
    case core::Resolution::kDismissed:
      return Escalation::DISMISSED;
    case core::Resolution::kAutomatic:
      return Escalation::AUTOMATIC;
    case core::Resolution::kAnswered:
      return Escalation::ANSWERED;
  }
  return Escalation::RESOLUTION_UNSPECIFIED;
}

// The request field that carries an answer of `kind`, for errors about the
// kind itself (core names an abstract "answer.kind" the API does not have).
absl::string_view FieldOfKind(core::AnswerKind kind) {
  switch (kind) {
    case core::AnswerKind::kLoginDecision:
      return core::kAnswerDeterminationField;
    case core::AnswerKind::kDismiss:
      return kAnswerField;  // an empty answer is a dismissal
    case core::AnswerKind::kIntegrationFixed:
      return "answer.integration_fixed";
    case core::AnswerKind::kRetryAccess:
      return "answer.retry_access";
    case core::AnswerKind::kAcknowledge:
      return "answer.acknowledge";
    case core::AnswerKind::kConfirmIsolations:
      return "answer.confirm_isolations";
  }
  return kAnswerField;
}

// The API's answer message as core's EscalationAnswer. INVALID_ARGUMENT
// naming the field when it holds more than one answer or a value out of
// range.
absl::StatusOr<core::EscalationAnswer> ToCoreAnswer(
    const EscalationAnswer& answer) {
  core::EscalationAnswer parsed;
  if (answer.note().size() > core::kMaxAccessRuleNoteChars) {
    return core::InvalidField(
        "answer.note",
        absl::StrCat("at most ", core::kMaxAccessRuleNoteChars, " bytes"));
  }
  parsed.note = answer.note();
  switch (answer.determination()) {
    case AccessRule::DETERMINATION_UNSPECIFIED:
      break;
    case AccessRule::EXPECTED:
      parsed.determination = core::Determination::kExpected;
      break;
    case AccessRule::UNAUTHORIZED:
      parsed.determination = core::Determination::kUnauthorized;
      break;
    default:
      return core::InvalidField(core::kAnswerDeterminationField,
                                "EXPECTED or UNAUTHORIZED");
  }
  switch (answer.scope()) {
    case EscalationAnswer::SCOPE_UNSPECIFIED:
      break;
    case EscalationAnswer::IDENTITY:
      parsed.scope = core::RuleScope::kIdentity;
      break;
    case EscalationAnswer::ORGANIZATION:
      parsed.scope = core::RuleScope::kOrganization;
      break;
    case EscalationAnswer::ACCOUNT:
      parsed.scope = core::RuleScope::kAccount;
      break;
    default:
      return core::InvalidField(core::kAnswerScopeField,
                                "IDENTITY, ORGANIZATION or ACCOUNT");
  }
  const bool login = parsed.determination || parsed.scope;
  const int kinds = login + answer.integration_fixed() + answer.retry_access() +
                    answer.acknowledge() + answer.confirm_isolations();
  if (kinds > 1) {
    return core::InvalidField(
        kAnswerField,
        "give one answer: a determination with a scope, integration_fixed, "
        "retry_access, acknowledge or confirm_isolations (or nothing, to "
        "dismiss)");
  }
  if (login) {
    parsed.kind = core::AnswerKind::kLoginDecision;
  } else if (answer.integration_fixed()) {
    parsed.kind = core::AnswerKind::kIntegrationFixed;
  } else if (answer.retry_access()) {
    parsed.kind = core::AnswerKind::kRetryAccess;
  } else if (answer.acknowledge()) {
    parsed.kind = core::AnswerKind::kAcknowledge;
  } else if (answer.confirm_isolations()) {
    parsed.kind = core::AnswerKind::kConfirmIsolations;
  } else {
    parsed.kind = core::AnswerKind::kDismiss;
  }
  return parsed;
}

// core::PlanAnswer names "answer.kind" for an answer the type does not take;
// the caller sent a concrete field, so name that one instead.
absl::Status NameTheAnswerField(const absl::Status& status,
                                core::AnswerKind kind) {
  if (core::FieldOf(status) != std::string(core::kAnswerKindField)) {
    return status;
  }
  absl::string_view message = status.message();
  const std::string prefix = absl::StrCat(core::kAnswerKindField, ": ");
  if (absl::StartsWith(message, prefix)) message.remove_prefix(prefix.size());
  return core::InvalidField(FieldOfKind(kind), message,
                            core::ReasonOf(status).value_or("INVALID_FIELD"));
}

absl::Status RetriesUnavailable() {
  return core::WithReason(
      absl::FailedPreconditionError(
          "this server cannot retry deliveries or access checks"),
      "RETRIES_UNAVAILABLE");
}

// The stored escalation as core::PlanAnswer judges it (an unresolved one:
// the caller checked). DATA_LOSS for a login escalation whose subject does
// not parse.
absl::StatusOr<core::AnsweredEscalation> AnsweredOf(
    const Escalation& escalation, const core::EscalationName& name) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationType type,
                          CoreEscalationType(escalation.type()));
  core::AnsweredEscalation answered;
  answered.type = type;
  answered.resolved = false;
  answered.account_id = name.parent().ToString();
  answered.identity_ids.assign(escalation.identities().begin(),
                               escalation.identities().end());
  if (core::IsLoginEscalation(type)) {
    absl::StatusOr<core::LoginSubject> subject = core::ParseLoginSubjectKey(
        escalation.organization(), escalation.subject());
    if (!subject.ok()) {
      return absl::DataLossError(absl::StrCat(
          escalation.name(),
          " has no valid login subject: ", subject.status().message()));
    }
    answered.login_subject = *std::move(subject);
  }
  return answered;
}

// The audit trail's words for an answer.
std::string DescribeAnswer(const core::EscalationAnswer& parsed) {
  return absl::StrCat(
      "answered the escalation: ", core::AnswerKindName(parsed.kind),
      parsed.determination
          ? absl::StrCat(" ", core::DeterminationName(*parsed.determination),
                         " at ", core::RuleScopeName(*parsed.scope), " scope")
          : "");
}

}  // namespace

absl::StatusOr<Escalation> EscalationAnswerer::Answer(
    const Actor& actor, const std::string& name_text,
    const EscalationAnswer& answer, const std::string& etag) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(name_text));
  CORDON_ASSIGN_OR_RETURN(core::EscalationAnswer parsed, ToCoreAnswer(answer));
  bool queued = false;
  CORDON_ASSIGN_OR_RETURN(
      Escalation answered, store::Transact(*db_, [&](store::Transaction& txn) {
        return AnswerIn(txn, actor, name, {parsed, answer, etag}, &queued);
      }));
  if (queued && on_actions_queued_) on_actions_queued_();
  return answered;
}

absl::StatusOr<bool> EscalationAnswerer::ActOnAnswer(
    store::Transaction& txn, const Actor& actor, const Escalation& escalation,
    core::AnswerKind kind, core::AnswerEffect* effect) {
  if (kind == core::AnswerKind::kIntegrationFixed) {
    if (psa_failures_ == nullptr) return RetriesUnavailable();
    CORDON_ASSIGN_OR_RETURN(int retried,
                            psa_failures_->QueueRetries(txn, escalation));
    // Nothing pending any more (delivered meanwhile): fixed indeed.
    if (retried == 0) effect->resolve_now = core::Resolution::kAnswered;
    return retried > 0;
  }
  if (kind == core::AnswerKind::kRetryAccess) {
    if (m365_access_ == nullptr) return RetriesUnavailable();
    CORDON_RETURN_IF_ERROR(m365_access_->QueueCheck(txn, escalation));
    return true;
  }
  if (effect->confirm_isolations) {
    if (isolation_confirmation_ == nullptr) {
      return core::WithReason(absl::FailedPreconditionError(
                                  "this server cannot perform held isolations"),
                              "CONFIRMATION_UNAVAILABLE");
    }
    CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                            core::ParseEscalationName(escalation.name()));
    CORDON_ASSIGN_OR_RETURN(int performed,
                            isolation_confirmation_->ConfirmHeldIsolations(
                                txn, actor, name.account));
    return performed > 0;
  }
  return false;
}

absl::StatusOr<Escalation> EscalationAnswerer::AnswerIn(
    store::Transaction& txn, const Actor& actor,
    const core::EscalationName& name, const AnswerRequest& request,
    bool* queued_out) {
  const core::EscalationAnswer& parsed = request.parsed;
  const EscalationAnswer& answer = request.answer;
  const std::string& etag = request.etag;
  CORDON_ASSIGN_OR_RETURN(Escalation escalation, escalations_->Lock(txn, name));
  CORDON_RETURN_IF_ERROR(CheckEtag(etag, escalation.etag()));
  if (escalation.status() == Escalation::RESOLVED) {
    return core::WithReason(
        absl::FailedPreconditionError(
            absl::StrCat(escalation.name(), " is already resolved (",
                         Escalation::Resolution_Name(escalation.resolution()),
                         "); the next occurrence opens a new escalation")),
        "ESCALATION_RESOLVED");
  }

  CORDON_ASSIGN_OR_RETURN(core::AnsweredEscalation answered,
                          AnsweredOf(escalation, name));
  absl::StatusOr<core::AnswerEffect> effect =
      core::PlanAnswer(answered, parsed);
  if (!effect.ok()) return NameTheAnswerField(effect.status(), parsed.kind);

  if (parsed.kind == core::AnswerKind::kLoginDecision) {
    if (login_effects_ == nullptr) {
      return core::WithReason(
          absl::FailedPreconditionError(
              "access rules not available: this server cannot create the "
              "rule a login answer asks for; dismiss it or try again later"),
          "ACCESS_RULES_UNAVAILABLE");
    }
    CORDON_RETURN_IF_ERROR(login_effects_->CreateRuleAndIsolate(
        txn, actor, escalation, answer.determination(), answer.scope()));
    // The rule may have resolved this escalation already (ESC-4): read it
    // again in this write before recording the answer on it.
    CORDON_ASSIGN_OR_RETURN(escalation, escalations_->Lock(txn, name));
  }

  *escalation.mutable_answer() = answer;
  CORDON_RETURN_IF_ERROR(escalations_->Write(
      txn, &escalation, cordon::v1::Event::ESCALATION_ANSWERED,
      DescribeAnswer(parsed)));
  CORDON_ASSIGN_OR_RETURN(
      bool queued, ActOnAnswer(txn, actor, escalation, parsed.kind, &*effect));
  queued |= parsed.kind == core::AnswerKind::kLoginDecision;
  if (effect->resolve_now) {
    CORDON_RETURN_IF_ERROR(escalations_->Resolve(
        txn, escalation.name(), ProtoResolution(*effect->resolve_now), actor));
  }
  CORDON_RETURN_IF_ERROR(audit_->Record(
      txn, name.account, actor, escalation.name(), DescribeAnswer(parsed)));
  CORDON_ASSIGN_OR_RETURN(escalation, escalations_->Lock(txn, name));
  CORDON_RETURN_IF_ERROR(txn.Commit());
  *queued_out = queued;
  return escalation;
}

}  // namespace cordon::engine
