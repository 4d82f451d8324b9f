#include "simulator/serve/directory_sync_timer.h"

namespace cordon::sim::serve {

DirectorySyncTimer::DirectorySyncTimer(World* world, absl::Duration interval)
    : world_(world), interval_(interval), thread_([this] { Run(); }) {}

DirectorySyncTimer::~DirectorySyncTimer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void DirectorySyncTimer::Run() {
  absl::MutexLock lock(&mu_);
  while (true) {
    // Wakes early only to stop.
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
    if (stopping_) return;
    world_->RunDirectorySyncCycleForAllTenants();
  }
}

}  // namespace cordon::sim::serve
