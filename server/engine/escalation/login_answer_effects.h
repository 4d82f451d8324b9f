#ifndef CORDON_SERVER_ENGINE_ESCALATION_LOGIN_ANSWER_EFFECTS_H_
#define CORDON_SERVER_ENGINE_ESCALATION_LOGIN_ANSWER_EFFECTS_H_

#include "absl/status/status.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "server/engine/common/actor.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// What a login escalation's answer does beyond the escalation itself (ESC-8):
// create the access rule the admin chose and, for UNAUTHORIZED, isolate the
// identities the escalation lists. Implemented by the access-rule workflow;
// the EscalationAnswerer calls it inside the answer's transaction so the
// rule, the isolation and the resolved escalation commit together.
class LoginAnswerEffects {
 public:
  virtual ~LoginAnswerEffects() = default;

  // Creates the rule(s) of `determination` at `scope` for `escalation`'s
  // subject (core::PlanAnswer's rules_to_create), isolates its identities
  // when UNAUTHORIZED, and resolves every open login escalation the new
  // rules cover (ESC-4), which may include `escalation` itself. The answerer
  // resolves `escalation` (RULE) afterwards if it is still open.
  virtual absl::Status CreateRuleAndIsolate(
      store::Transaction& txn, const Actor& actor,
      const cordon::v1::Escalation& escalation,
      cordon::v1::AccessRule::Determination determination,
      cordon::v1::EscalationAnswer::Scope scope) = 0;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_LOGIN_ANSWER_EFFECTS_H_
