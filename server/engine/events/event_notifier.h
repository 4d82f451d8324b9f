#ifndef CORDON_SERVER_ENGINE_EVENTS_EVENT_NOTIFIER_H_
#define CORDON_SERVER_ENGINE_EVENTS_EVENT_NOTIFIER_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "absl/time/time.h"

namespace cordon::engine {

// Wakes the open event streams when a commit moved the event log's head
// (the store's listener calls Notify). Streams
// wait in real time on their own server thread, like the agent's
// (AgentPresence); std::mutex rather than absl::Mutex so ThreadSanitizer
// sees the hand-off. Thread-safe.
class EventNotifier {
 public:
  void Notify();
  // How often Notify was called; Wait compares against it.
  uint64_t Generation() const;

  // Waits until Notify is called past `seen_generation` (true) or `timeout`
  // passes (false).
  bool Wait(uint64_t seen_generation, absl::Duration timeout);

 private:
  mutable std::mutex mu_;
  std::condition_variable changed_;
  uint64_t generation_ = 0;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_EVENTS_EVENT_NOTIFIER_H_
