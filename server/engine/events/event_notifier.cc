#include "server/engine/events/event_notifier.h"

#include <chrono>

namespace cordon::engine {

void EventNotifier::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
  }
  changed_.notify_all();
}

uint64_t EventNotifier::Generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

bool EventNotifier::Wait(uint64_t seen_generation, absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                           [&] { return generation_ != seen_generation; });
}

}  // namespace cordon::engine
