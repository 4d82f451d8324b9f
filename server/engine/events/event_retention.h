#ifndef CORDON_SERVER_ENGINE_EVENTS_EVENT_RETENTION_H_
#define CORDON_SERVER_ENGINE_EVENTS_EVENT_RETENTION_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/engine/events/event_log.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// Keeps the event log to `retention` (cordon-server --event_retention): a
// PRUNE_EVENTS timer in the outbox, like every timer, so it survives
// restarts and the simulator steps it. Each run deletes up to kPerRun of
// the oldest events older than the retention in the worker's write, with
// the next run: at once when more are left, else kPeriod later. A zero
// retention keeps events for ever and queues nothing.
class EventRetention : public TimerHandler {
 public:
  EventRetention(store::Database* db, const ports::Clock* clock,
                 const EventLog* log, Outbox* outbox, absl::Duration retention)
      : db_(db),
        clock_(clock),
        log_(log),
        outbox_(outbox),
        retention_(retention) {}

  // At start: queues the first run unless one is queued (a meta row marks
  // the chain, written with every run).
  absl::Status Start();

  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;

  static constexpr int kPerRun = 5000;
  static constexpr absl::Duration kPeriod = absl::Hours(1);

 private:
  absl::Status QueueNext(store::Transaction& txn, absl::Time due);

  store::Database* db_;
  const ports::Clock* clock_;
  const EventLog* log_;
  Outbox* outbox_;
  const absl::Duration retention_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_EVENTS_EVENT_RETENTION_H_
