#include "server/store/rocks/event_sequencer.h"

#include <utility>

namespace cordon::store {

EventSequencer::EventSequencer(uint64_t next, uint64_t block, Persist persist)
    : block_(block),
      persist_(std::move(persist)),
      next_(next < kFirstCursor ? kFirstCursor : next),
      reserved_until_(next_),
      head_(static_cast<int64_t>(next_ - 1)) {}

absl::StatusOr<uint64_t> EventSequencer::Reserve(uint64_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  if (next_ + count > reserved_until_) {
    const uint64_t limit = next_ + count + block_;
    if (absl::Status status = persist_(limit); !status.ok()) return status;
    reserved_until_ = limit;
  }
  const uint64_t first = next_;
  next_ += count;
  in_flight_.insert(first);
  return first;
}

uint64_t EventSequencer::ComputeHead() const {
  return in_flight_.empty() ? next_ - 1 : *in_flight_.begin() - 1;
}

void EventSequencer::Finish(uint64_t first) {
  std::function<void(int64_t)> listener;
  int64_t head = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.erase(first);
    head = static_cast<int64_t>(ComputeHead());
    if (head == head_.load(std::memory_order_relaxed)) return;
    head_.store(head, std::memory_order_release);
    listener = listener_;
  }
  if (listener) listener(head);
}

void EventSequencer::SetListener(std::function<void(int64_t)> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = std::move(listener);
}

}  // namespace cordon::store
