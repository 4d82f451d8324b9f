#ifndef CORDON_SERVER_CORE_ESCALATION_ANSWER_H_
#define CORDON_SERVER_CORE_ESCALATION_ANSWER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/core/escalation/access_rule.h"
#include "server/core/escalation/escalation_type.h"
#include "server/core/escalation/login_subject.h"

namespace cordon::core {

// ESC-8: the kinds of answer an admin can give.
enum class AnswerKind {
  kLoginDecision,      // login: determination + scope -> creates that rule
  kDismiss,            // login: neither determination nor scope
  kIntegrationFixed,   // PSA delivery failed: retry the pending deliveries
  kRetryAccess,        // M365 inaccessible: re-test access to the tenant
  kAcknowledge,        // org-wide host isolation
  kConfirmIsolations,  // isolation cap reached: perform the held ones
};
absl::string_view AnswerKindName(AnswerKind kind);  // "LOGIN_DECISION", ...

// The workflow of a type (ESC-8): the answers it allows, in display order.
//   LOGIN_UNEXPECTED_COUNTRY / _VPN      LOGIN_DECISION, DISMISS
//   INTEGRATION_PSA_DELIVERY_FAILED      INTEGRATION_FIXED
//   INTEGRATION_M365_INACCESSIBLE        RETRY_ACCESS
//   HOST_ISOLATION_ORG_WIDE              ACKNOWLEDGE
//   ISOLATION_CAP_REACHED                CONFIRM_ISOLATIONS (ISO-14). No
//     "decline": an admin who does not want a held isolation closes its
//     report or releases the identity (ISO-4, ISO-6), which drops it from
//     the hold; confirming then performs the rest.
//   SYSTEM_HEALTH_DEFENDER_RTP_DISABLED  none: it resolves by itself when RTP
//     is seen on again. An acknowledge would close an escalation whose unsafe
//     condition still holds, and either silence it for good or reopen it at
//     the next status report; re-notification is the point.
std::vector<AnswerKind> AllowedAnswers(EscalationType type);

struct EscalationAnswer {
  AnswerKind kind = AnswerKind::kDismiss;
  // kLoginDecision only, and then both are required. (An API whose answer
  // message has just these two fields maps "neither set" to kDismiss.)
  absl::optional<Determination> determination;
  absl::optional<RuleScope> scope;
  // Copied into the created rule(s).
  std::string note;
};

inline constexpr char kAnswerKindField[] = "answer.kind";
inline constexpr char kAnswerDeterminationField[] = "answer.determination";
inline constexpr char kAnswerScopeField[] = "answer.scope";

// What the answer is applied to.
struct AnsweredEscalation {
  EscalationType type = EscalationType::kLoginUnexpectedCountry;
  bool resolved = false;
  std::string account_id;
  // Login types: the (organization, country / VPN) subject (ESC-7).
  absl::optional<LoginSubject> login_subject;
  // Login types: the identities the escalation lists.
  std::vector<std::string> identity_ids;
};

// What the engine must do for an accepted answer. Every accepted answer
// counts as "answered": the escalation stops being OVERDUE and is no longer
// re-notified (ESC-1), even while it waits for a retry to succeed.
struct AnswerEffect {
  // kLoginDecision: the rule(s) to create, normalized (NormalizeAccessRule)
  // and without id. Identity scope: one rule per listed identity;
  // organization scope: the escalation's organization; account scope: the
  // account. No window. Creating them resolves this escalation (RULE) and
  // every other open login escalation they cover (ESC-4, RulesCover).
  std::vector<AccessRule> rules_to_create;
  // UNAUTHORIZED: every listed identity (sorted, unique), whatever the
  // scope; an isolation with trigger kAccessRule and the created rule as
  // its hold source, subject to ISO-7.
  std::vector<std::string> identities_to_isolate;
  bool retry_pending_deliveries = false;  // kIntegrationFixed
  bool retest_access = false;             // kRetryAccess
  // kConfirmIsolations (ISO-14): perform every held isolation of the
  // account and resume automated isolation; resolves now (ANSWERED).
  bool confirm_isolations = false;
  // Resolve now with this resolution (login decision: RULE, dismiss:
  // DISMISSED, acknowledge and confirm isolations: ANSWERED).
  absl::optional<Resolution> resolve_now;
  // Resolve with this resolution once the retried deliveries / the access
  // re-test succeed (ANSWERED); on failure it stays open (answered).
  absl::optional<Resolution> resolve_on_success;
};

// ESC-8. Checked in this order:
//   1. the answer itself: INVALID_ARGUMENT naming "answer.determination" /
//      "answer.scope" when a login decision lacks one, or another kind
//      carries one;
//   2. the answer against the type: INVALID_ARGUMENT naming "answer.kind"
//      (reason "ANSWER_NOT_ALLOWED") when the type does not allow it (and
//      for every answer to RTP), or "answer.scope" for an identity-scope
//      decision on an escalation that lists no identity;
//   3. the state: FAILED_PRECONDITION (reason "ESCALATION_RESOLVED") when
//      the escalation is resolved.
// An answered but unresolved escalation (PSA / M365 waiting for a retry)
// may be answered again: that retries again.
absl::StatusOr<AnswerEffect> PlanAnswer(const AnsweredEscalation& escalation,
                                        const EscalationAnswer& answer);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_ANSWER_H_
