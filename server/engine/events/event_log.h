#ifndef CORDON_SERVER_ENGINE_EVENTS_EVENT_LOG_H_
#define CORDON_SERVER_ENGINE_EVENTS_EVENT_LOG_H_

#include <bitset>
#include <cstdint>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cordon/v1/event.pb.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/family.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Which events a stream wants and may see (the API decides who may see
// what; the log only filters).
struct EventFilter {
  // 0: every account (a SOC analyst's accounts/-).
  uint64_t account = 0;
  // 0: every organization.
  uint64_t organization = 0;
  // The types that pass, by cordon.v1.Event.Type number.
  std::bitset<32> types;
};

// What one read found.
struct EventBatch {
  std::vector<cordon::v1::Event> events;
  // Where the next read starts: the head when the read got through to it,
  // else the last cursor it looked at. A stretch the filter drops is read
  // once.
  int64_t read_through = 0;
  // True when nothing up to the head is left unread.
  bool caught_up = true;
};

// The event log (issue 12, cordon.v1.EventService): what happened, written
// by the workflows in the same transaction as the change each event
// describes (DESIGN rule 1), so a stream never shows what did not commit
// and never misses what did. Cursors come from the store at commit, in
// commit order (Database::EventHead, store/rocks/event_sequencer.h).
class EventLog {
 public:
  EventLog(store::Database* db, const ports::Clock* clock)
      : db_(db), clock_(clock) {}

  // Appends `event` to `txn` (time: now; the cursor is given at commit).
  // One row and one index row more in the transaction's batch.
  absl::Status Append(store::Transaction& txn, cordon::v1::Event event) const;
  absl::Status AppendAll(store::Transaction& txn,
                         std::vector<cordon::v1::Event> events) const;

  // Every event up to here is committed or never will be.
  int64_t Head() const { return db_->EventHead(); }
  // Head, confirmed with the store now (store::Database::ConfirmedEventHead).
  int64_t ConfirmedHead() const { return db_->ConfirmedEventHead(); }

  // Up to `limit` (> 0) events with after < cursor <= head that pass
  // `filter`, in cursor order, reading at most kMaxScannedPerRead rows.
  absl::StatusOr<EventBatch> Read(const EventFilter& filter, int64_t after,
                                  int64_t head, int limit) const;

  // Events up to this cursor were deleted by the retention (0: none yet).
  absl::StatusOr<int64_t> PrunedThrough() const;

  // Deletes, in `txn`, up to `limit` of the oldest events written before
  // `before`, and moves PrunedThrough to the last one. True when more old
  // events remain.
  absl::StatusOr<bool> Prune(store::Transaction& txn, absl::Time before,
                             int limit) const;

  static constexpr int kMaxScannedPerRead = 1000;

 private:
  // The event a row stands for when it passes (nullopt when not).
  using Picked = absl::StatusOr<absl::optional<cordon::v1::Event>>;
  // Reads the rows of `family` under `prefix` (a big-endian cursor follows
  // it in each key) after `after`, up to `head`, into `batch` as `pick`
  // says, bounded as Read promises.
  absl::Status ScanRows(
      store::Family family, absl::string_view prefix, int64_t after,
      int64_t head, int limit,
      absl::FunctionRef<Picked(int64_t, absl::string_view)> pick,
      EventBatch* batch) const;

  store::Database* db_;
  const ports::Clock* clock_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_EVENTS_EVENT_LOG_H_
