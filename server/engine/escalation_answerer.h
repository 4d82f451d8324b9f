#ifndef CORDON_SERVER_ENGINE_ESCALATION_ANSWERER_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ANSWERER_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "cordon/v1/escalation.pb.h"
#include "server/engine/actor.h"
#include "server/engine/audit_log.h"
#include "server/engine/escalation_manager.h"
#include "server/engine/login_answer_effects.h"
#include "server/store/database.h"

namespace cordon::engine {

// ESC-8: an admin's answer acts, in one write with the answer itself.
//   - login, determination + scope: LoginAnswerEffects creates the rule (and
//     isolates for UNAUTHORIZED); the escalation resolves (RULE);
//   - login, neither: DISMISSED; the next occurrence opens a new one;
//   - acknowledge (org-wide host isolation): ANSWERED;
//   - integration fixed / retry access: the answer is recorded and the
//     escalation stays OPEN (answered, so never OVERDUE) until the retry
//     succeeds.
// Answering a resolved escalation is FAILED_PRECONDITION.
class EscalationAnswerer {
 public:
  // `login_effects` may be null (no access-rule workflow): then a login
  // answer with a determination is FAILED_PRECONDITION. `on_actions_queued`
  // runs after an answer that may have queued outbox actions (UNAUTHORIZED
  // isolates) commits: it wakes the outbox worker.
  EscalationAnswerer(store::Database* db, EscalationManager* escalations,
                     AuditLog* audit, LoginAnswerEffects* login_effects,
                     std::function<void()> on_actions_queued = nullptr)
      : db_(db),
        escalations_(escalations),
        audit_(audit),
        login_effects_(login_effects),
        on_actions_queued_(std::move(on_actions_queued)) {}

  absl::StatusOr<cordon::v1::Escalation> Answer(
      const Actor& actor, const std::string& name,
      const cordon::v1::EscalationAnswer& answer, const std::string& etag);

 private:
  store::Database* db_;
  EscalationManager* escalations_;
  AuditLog* audit_;
  LoginAnswerEffects* login_effects_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ANSWERER_H_
