#ifndef CORDON_SERVER_ENGINE_COMMON_RETENTION_TIMER_H_
#define CORDON_SERVER_ENGINE_COMMON_RETENTION_TIMER_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// Keeps a kind of data to `retention`: a timer in the outbox (of `kind`),
// like every timer, so it survives restarts and the simulator steps it.
// Each run deletes, through `prune`, up to kPerRun of the oldest rows
// written before now - retention, in the worker's write, with the next
// run: at once when more are left, else kPeriod later. A zero retention
// keeps everything and queues nothing. Used for the event log
// (--event_retention, PRUNE_EVENTS) and the rows that make retries safe
// (--dedup_retention, PRUNE_DEDUP_ROWS).
class RetentionTimer : public TimerHandler {
 public:
  // Deletes up to `limit` rows older than `before` in `txn`; true when more
  // are left.
  using Prune = std::function<absl::StatusOr<bool>(
      store::Transaction& txn, absl::Time before, int limit)>;

  RetentionTimer(store::Database* db, const ports::Clock* clock, Outbox* outbox,
                 cordon::store::OutboxAction::Kind kind, std::string chain_key,
                 absl::Duration retention, Prune prune)
      : db_(db),
        clock_(clock),
        outbox_(outbox),
        kind_(kind),
        chain_key_(std::move(chain_key)),
        retention_(retention),
        prune_(std::move(prune)) {}

  // At start: queues the first run unless one is queued (a meta row named
  // `chain_key` marks the chain, written with every run).
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
  Outbox* outbox_;
  const cordon::store::OutboxAction::Kind kind_;
  const std::string chain_key_;
  const absl::Duration retention_;
  const Prune prune_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_RETENTION_TIMER_H_
