#ifndef CORDON_SIMULATOR_SERVE_DIRECTORY_SYNC_TIMER_H_
#define CORDON_SIMULATOR_SERVE_DIRECTORY_SYNC_TIMER_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "simulator/world.h"

namespace cordon::sim::serve {

// Entra Connect on real time for the served world: a sync cycle in every
// tenant with synced users every `interval` (ISO-9: it overwrites a
// cloud-side disable of a synced user). Tests leave it off and run cycles
// through POST /_sim/directory_sync instead.
class DirectorySyncTimer {
 public:
  // `world` must outlive this; `interval` > 0.
  DirectorySyncTimer(World* world, absl::Duration interval);
  // Stops the timer and waits for a cycle in progress.
  ~DirectorySyncTimer();
  DirectorySyncTimer(const DirectorySyncTimer&) = delete;
  DirectorySyncTimer& operator=(const DirectorySyncTimer&) = delete;

 private:
  void Run();

  World* const world_;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable stop_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_DIRECTORY_SYNC_TIMER_H_
