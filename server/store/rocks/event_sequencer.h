#ifndef CORDON_SERVER_STORE_ROCKS_EVENT_SEQUENCER_H_
#define CORDON_SERVER_STORE_ROCKS_EVENT_SEQUENCER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cordon::store {

// Hands out event-log cursors to committing transactions and publishes the
// head: the cursor below which nothing is still in flight.
//
// Why a watermark and not "assign under the commit lock": RocksDB commits
// transactions concurrently (pipelined writes, one fsync for a group), and
// serializing every commit that carries an event would give up group commit
// on the busiest paths (a report's isolation outcomes). Instead a
// transaction takes its cursors just before it commits (Reserve) and
// returns them once the commit has finished, well or badly (Finish). The
// head is one below the smallest cursor still in flight (or the last handed
// out when none is), so it never passes a commit that has not finished: a
// reader bounded by the head sees cursors without gaps that could still
// fill. A failed commit leaves a hole that never fills, which readers step
// over like the cursors of other accounts.
//
// Cursors survive restarts like ids: blocks of `block` cursors are reserved
// with one synced write (`persist(limit)`) before any is used, and a
// restart starts above the last reservation, so a cursor a client saw (even
// a hole's, through a bookmark) is never handed out again. Thread-safe.
class EventSequencer {
 public:
  // The first cursor a new log hands out, so an empty log's head (and so
  // its BOOKMARK) is 1, never 0: WatchEventsRequest.after_cursor = 0 means
  // "from now on", and a client that resumes after the bookmark of an empty
  // log must not skip what was committed while it was away.
  static constexpr uint64_t kFirstCursor = 2;
  using Persist = std::function<absl::Status(uint64_t limit)>;
  // `next`: the first cursor this process may use (the reserved limit of
  // the previous run, at least kFirstCursor).
  EventSequencer(uint64_t next, uint64_t block, Persist persist);

  // `count` consecutive cursors, the first returned; in flight until Finish.
  absl::StatusOr<uint64_t> Reserve(uint64_t count);
  // The transaction that reserved from `first` ended (committed or not).
  void Finish(uint64_t first);

  int64_t Head() const { return head_.load(std::memory_order_acquire); }
  void SetListener(std::function<void(int64_t)> listener);

 private:
  // The head as the in-flight set and next_ say; under mu_.
  uint64_t ComputeHead() const;

  const uint64_t block_;
  const Persist persist_;
  mutable std::mutex mu_;
  uint64_t next_;
  uint64_t reserved_until_;
  std::set<uint64_t> in_flight_;  // first cursor of each reservation
  std::atomic<int64_t> head_;
  std::function<void(int64_t)> listener_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_EVENT_SEQUENCER_H_
