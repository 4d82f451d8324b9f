#include "server/engine/telemetry/telemetry_manager.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/login_evaluation.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/telemetry/telemetry_event_id.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::v1::Identity;
using cordon::v1::ResponseAction;
using cordon::v1::SignInEvent;

// The engine workflow the SOC alert is recorded under.
constexpr char kTelemetryMethod[] = "telemetry";

// "sign-in at <time> from <ip>, country <c>, VPN <v>".
std::string DescribeSignIn(const SignInEvent& event) {
  return absl::StrCat(
      "sign-in at ", absl::FormatTime(FromTimestamp(event.time())), " from ",
      event.ip_address().empty() ? "an unknown IP" : event.ip_address(),
      ", country ", event.country().empty() ? "unknown" : event.country(),
      event.vpn_provider().empty()
          ? ", no VPN"
          : absl::StrCat(", VPN \"", event.vpn_provider(), "\""),
      " (event ", event.event_id(), ")");
}

std::string Question(const core::LoginEscalationTrigger& trigger,
                     const std::string& organization) {
  if (trigger.subject.kind == core::LoginSubjectKind::kCountry) {
    return absl::StrCat(
        "Identities of ", organization, " signed in from ",
        trigger.subject.value,
        ", which is not their usage location. Are sign-ins from ",
        trigger.subject.value, " expected?");
  }
  return absl::StrCat("Identities of ", organization,
                      " signed in through the VPN provider \"",
                      trigger.subject.value,
                      "\", which no EXPECTED rule covers. Is this VPN "
                      "expected?");
}

// The sign-in as the ESC-4 decision sees it.
core::SignIn ToCoreSignIn(const core::IdentityName& identity,
                          const SignInEvent& event) {
  core::SignIn sign_in;
  sign_in.account_id = identity.parent().parent().ToString();
  sign_in.organization_id = identity.parent().ToString();
  sign_in.identity_id = identity.ToString();
  // Out-of-order events are judged at their own time (rule windows).
  sign_in.time = FromTimestamp(event.time());
  sign_in.ip_address = event.ip_address();
  sign_in.country = event.country();
  sign_in.vpn_provider = event.vpn_provider();
  return sign_in;
}

// A LOW login escalation for one trigger of one sign-in (ESC-2).
EscalationOccurrence LoginOccurrence(
    const core::IdentityName& identity, const cordon::v1::Identity& row,
    const SignInEvent& event, const core::LoginEscalationTrigger& trigger) {
  const std::string identity_name = identity.ToString();
  EscalationOccurrence occurrence;
  occurrence.account = identity.account;
  occurrence.organization = identity.organization;
  occurrence.type = trigger.type == core::EscalationType::kLoginUnexpectedVpn
                        ? cordon::v1::LOGIN_UNEXPECTED_VPN
                        : cordon::v1::LOGIN_UNEXPECTED_COUNTRY;
  occurrence.severity = cordon::v1::LOW;  // ESC-2
  occurrence.subject = trigger.subject.Key();
  occurrence.question = Question(trigger, identity.parent().ToString());
  occurrence.identity = identity_name;
  *occurrence.event.mutable_time() = event.time();
  occurrence.event.set_subject(identity_name);
  occurrence.event.set_summary(absl::StrCat(
      DescribeSignIn(event), " of ", row.upn(), " (usage location ",
      row.usage_location().empty() ? "not set" : row.usage_location(), ")"));
  return occurrence;
}

}  // namespace

absl::Status TelemetryManager::IsolateUnauthorized(
    store::Transaction& txn, const Actor& actor,
    const core::IdentityName& identity, const Identity& row,
    const SignInEvent& event, const core::AccessRule& rule) {
  // ESC-4: isolation-worthy. ISO-7 exclusions apply inside Isolate.
  IsolationEngine::IsolateRequest request;
  request.trigger = core::IsolationTrigger::kAccessRule;
  request.source = rule.id;
  CORDON_ASSIGN_OR_RETURN(std::vector<ResponseAction> actions,
                          isolation_->Isolate(txn, identity, request));
  const std::string identity_name = identity.ToString();
  const std::string what =
      absl::StrCat(DescribeSignIn(event), " of ", row.upn(),
                   " matched UNAUTHORIZED ", core::RuleTargetName(rule.target),
                   " rule ", rule.id, "; ", DescribeRuleIsolation(actions));
  CORDON_RETURN_IF_ERROR(audit_->Record(txn, identity.account, actor,
                                        identity_name,
                                        absl::StrCat("ESC-4: ", what)));
  // The SOC's CRITICAL alert, where the SOC reads (ListSocAlerts), in the
  // write that isolates.
  cordon::v1::SocAlert alert;
  alert.set_severity(cordon::v1::CRITICAL);
  alert.set_kind("UNAUTHORIZED_SIGN_IN");
  alert.set_account(identity.parent().parent().ToString());
  alert.set_identity(identity_name);
  alert.set_source(rule.id);
  alert.set_summary(what);
  return soc_alerts_->Raise(txn, std::move(alert)).status();
}

absl::StatusOr<Ingestion> TelemetryManager::RecordSignIn(
    const Actor& actor, const core::IdentityName& identity,
    const SignInEvent& event) {
  bool acted = false;
  CORDON_ASSIGN_OR_RETURN(
      Ingestion ingestion, store::Transact(*db_, [&](store::Transaction& txn) {
        return RecordSignInIn(txn, actor, identity, event, &acted);
      }));
  // Isolation actions, escalation notifications: the worker looks now.
  if (acted && on_actions_queued_) on_actions_queued_();
  return ingestion;
}

absl::StatusOr<Ingestion> TelemetryManager::RecordSignInIn(
    store::Transaction& txn, const Actor& actor,
    const core::IdentityName& identity, const SignInEvent& event, bool* acted) {
  const std::string event_key =
      SignInEventKey(identity.account, event.event_id());
  CORDON_ASSIGN_OR_RETURN(bool duplicate, LockEventId(txn, event_key));
  if (duplicate) {
    return Ingestion::kDuplicate;
  }
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIdentities,
                       store::KeyOf({identity.account, identity.organization,
                                     identity.identity}),
                       &row));
  if (!found) {
    return absl::NotFoundError(absl::StrCat(identity.ToString(), " not found"));
  }
  CORDON_ASSIGN_OR_RETURN(std::vector<core::AccessRule> rules,
                          access_rules_->AccountRules(identity.account));
  const core::SignIn sign_in = ToCoreSignIn(identity, event);
  const core::LoginEvaluation evaluation =
      core::EvaluateLogin(sign_in, row.usage_location(), rules);

  switch (evaluation.verdict) {
    case core::LoginVerdict::kNone:
      break;
    case core::LoginVerdict::kIsolate:
      CORDON_RETURN_IF_ERROR(IsolateUnauthorized(
          txn, actor, identity, row, event, *evaluation.unauthorized_rule));
      break;
    case core::LoginVerdict::kUnexpectedCountry:
    case core::LoginVerdict::kUnexpectedVpn:
    case core::LoginVerdict::kUnexpectedCountryAndVpn:
      for (const core::LoginEscalationTrigger& trigger :
           evaluation.escalations) {
        CORDON_RETURN_IF_ERROR(
            escalations_
                ->Raise(txn, LoginOccurrence(identity, row, event, trigger))
                .status());
      }
      break;
  }
  RememberEventId(txn, event_key, clock_->Now());
  CORDON_RETURN_IF_ERROR(txn.Commit());
  *acted = evaluation.verdict != core::LoginVerdict::kNone;
  return Ingestion::kRecorded;
}

}  // namespace cordon::engine
