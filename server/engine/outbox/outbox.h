#ifndef CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_H_
#define CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_H_

#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// A queued action with its store key.
struct QueuedAction {
  std::string key;
  cordon::store::OutboxAction action;
};

// The durable queue of side effects (DESIGN rule 1). Actions are written in
// the same transaction as the state change that needs them; the key starts
// with the due time, so "what is due by now" is one bounded range scan and
// costs nothing for actions due later. Timers are actions with a later due
// time.
class Outbox {
 public:
  explicit Outbox(store::Database* db) : db_(db) {}

  // Queues `action` (its id is assigned here) to be due at `due`.
  absl::Status Enqueue(store::Transaction& txn,
                       cordon::store::OutboxAction action, absl::Time due);

  // Up to `limit` actions due at or before `now`, earliest first.
  absl::StatusOr<std::vector<QueuedAction>> Due(absl::Time now,
                                                int limit) const;

  // The due time of the earliest queued action, if any.
  absl::StatusOr<absl::optional<absl::Time>> NextDue() const;

  // Timers (escalation notices, the RTP check) wait for a time rather than
  // for the outside world: an escalation keeps one queued while it is open.
  static bool IsTimer(cordon::store::OutboxAction::Kind kind);

  // The due time of the earliest queued action that is not a timer: what a
  // simulation's "everything has converged" waits for. Looks through at most
  // `max_scanned` timers (RESOURCE_EXHAUSTED beyond), so it is for tests and
  // the simulator, not for the server's loop.
  absl::StatusOr<absl::optional<absl::Time>> NextDueWork(
      int max_scanned = 100000) const;

  // Removes a performed action; locks it so two workers cannot both finish
  // it. Returns false when it was already gone.
  absl::StatusOr<bool> Take(store::Transaction& txn, const std::string& key);

  // Moves an action to a later due time (a retry).
  absl::Status Reschedule(store::Transaction& txn, const std::string& key,
                          cordon::store::OutboxAction action, absl::Time due);

  static absl::Time DueTimeOf(const std::string& key);

  // See floor_ below.
  static constexpr absl::Duration kCommitSlack = absl::Seconds(10);
  static constexpr absl::Duration kFullScanPeriod = absl::Minutes(1);

 private:
  // Where Due starts reading. A performed action leaves a RocksDB
  // tombstone at its key until compaction, and those keys sort before
  // everything still queued (they were due earlier), so a scan from the
  // start would step over every recent one on every pass. Due therefore
  // starts at a floor: the earliest action it last found, but never later
  // than its `now` minus kCommitSlack, since actions are queued at or after
  // the clock's now and one queued by a write that has not committed yet
  // must stay above the floor. Every kFullScanPeriod (or when the clock went
  // back) a scan starts from the beginning anyway, so an action below the
  // floor (a write slower than the slack, a clock step) waits at most that
  // long, and is never lost.
  store::Database* db_;
  // std::mutex: ThreadSanitizer sees it (a non-TSan Abseil's is not).
  mutable std::mutex floor_mu_;
  // Both guarded by floor_mu_.
  mutable absl::Time floor_ = absl::InfinitePast();
  mutable absl::Time last_full_scan_ = absl::InfinitePast();
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_H_
