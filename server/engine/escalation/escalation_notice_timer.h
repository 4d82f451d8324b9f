#ifndef CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_NOTICE_TIMER_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_NOTICE_TIMER_H_

#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// ESC-1, ESC-3, ESC-6: the notification schedule of escalations, as a chain
// of ESCALATION_NOTICE_DUE timers in the outbox (one per open escalation,
// due at created + k x period). The worker only ever reads what is due, so
// a pass costs the same with one open escalation or a hundred thousand.
//
// When a timer is due and its escalation is still unanswered, it queues that
// round's deliveries — to the PSA, or by e-mail to each recipient, never
// both: the channel is fixed on the escalation the first time — records
// each as PENDING in the escalation's notification history, and queues the
// next timer. A server that was down collapses missed rounds into one (the
// round number says how many periods have passed). An answered escalation
// sends nothing but keeps its timer, since a failed retry can make it
// unanswered again; a resolved one ends the chain.
class EscalationNoticeTimer : public TimerHandler {
 public:
  EscalationNoticeTimer(store::Database* db, const ports::Clock* clock,
                        EscalationManager* escalations, Outbox* outbox)
      : db_(db), clock_(clock), escalations_(escalations), outbox_(outbox) {}

  void RouteAll(ActionRouter& router);

  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;

 private:
  store::Database* db_;
  const ports::Clock* clock_;
  EscalationManager* escalations_;
  Outbox* outbox_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_NOTICE_TIMER_H_
