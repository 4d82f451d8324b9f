#ifndef CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_ANSWERER_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_ANSWERER_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "cordon/v1/escalation.pb.h"
#include "server/core/escalation/answer.h"
#include "server/core/escalation/escalation_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/escalation/isolation_confirmation.h"
#include "server/engine/escalation/login_answer_effects.h"
#include "server/engine/escalation/psa_delivery_failures.h"
#include "server/engine/isolation/m365_tenant_access.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ESC-8: an admin's answer acts, in one write with the answer itself.
//   - login, determination + scope: LoginAnswerEffects creates the rule (and
//     isolates for UNAUTHORIZED); the escalation resolves (RULE);
//   - login, neither: DISMISSED; the next occurrence opens a new one;
//   - acknowledge (org-wide host isolation): ANSWERED;
//   - integration fixed: the account's pending PSA deliveries are queued
//     again (PsaDeliveryFailures); the escalation stays OPEN, answered
//     (so never OVERDUE), and resolves when the last one is delivered — at
//     once when none is pending;
//   - retry access: a re-test of the tenant is queued (M365TenantAccess); it
//     resolves the escalation on success;
//   - confirm isolations (ISO-14): every held isolation of the account is
//     performed and automated isolation resumes (IsolationConfirmation);
//     ANSWERED.
//   A retry that fails reopens the escalation for an answer.
// Answering a resolved escalation is FAILED_PRECONDITION.
class EscalationAnswerer {
 public:
  // `login_effects` may be null (no access-rule workflow): then a login
  // answer with a determination is FAILED_PRECONDITION. `on_actions_queued`
  // runs after an answer that may have queued outbox actions (UNAUTHORIZED
  // isolates) commits: it wakes the outbox worker.
  // `psa_failures`, `m365_access` and `isolation_confirmation` may be null
  // likewise (then those answers are FAILED_PRECONDITION).
  EscalationAnswerer(store::Database* db, EscalationManager* escalations,
                     AuditLog* audit, LoginAnswerEffects* login_effects,
                     PsaDeliveryFailures* psa_failures,
                     M365TenantAccess* m365_access,
                     IsolationConfirmation* isolation_confirmation,
                     std::function<void()> on_actions_queued = nullptr)
      : db_(db),
        escalations_(escalations),
        audit_(audit),
        login_effects_(login_effects),
        psa_failures_(psa_failures),
        m365_access_(m365_access),
        isolation_confirmation_(isolation_confirmation),
        on_actions_queued_(std::move(on_actions_queued)) {}

  absl::StatusOr<cordon::v1::Escalation> Answer(
      const Actor& actor, const std::string& name,
      const cordon::v1::EscalationAnswer& answer, const std::string& etag);

 private:
  struct AnswerRequest {
    core::EscalationAnswer parsed;
    cordon::v1::EscalationAnswer answer;
    std::string etag;
  };
  // Answer inside one transaction (run again on a lock conflict);
  // *queued tells whether anything was queued for the worker.
  absl::StatusOr<cordon::v1::Escalation> AnswerIn(
      store::Transaction& txn, const Actor& actor,
      const core::EscalationName& name, const AnswerRequest& request,
      bool* queued);
  // The answers that act beyond the escalation after it is written
  // (integration fixed, retry access, confirm isolations); may set
  // effect->resolve_now. Returns whether anything was queued.
  absl::StatusOr<bool> ActOnAnswer(store::Transaction& txn, const Actor& actor,
                                   const cordon::v1::Escalation& escalation,
                                   core::AnswerKind kind,
                                   core::AnswerEffect* effect);
  store::Database* db_;
  EscalationManager* escalations_;
  AuditLog* audit_;
  LoginAnswerEffects* login_effects_;
  PsaDeliveryFailures* psa_failures_;
  M365TenantAccess* m365_access_;
  IsolationConfirmation* isolation_confirmation_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_ANSWERER_H_
