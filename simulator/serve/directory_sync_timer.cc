#include "simulator/serve/directory_sync_timer.h"

namespace cordon::sim::serve {

DirectorySyncTimer::DirectorySyncTimer(World* world, absl::Duration interval)
    : world_(world), interval_(interval), thread_([this] { Run(); }) {}

DirectorySyncTimer::~DirectorySyncTimer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

void DirectorySyncTimer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Wakes early only to stop.
    if (stop_.wait_for(lock, absl::ToChronoNanoseconds(interval_),
                       [this] { return stopping_; })) {
      return;
    }
    world_->RunDirectorySyncCycleForAllTenants();
  }
}

}  // namespace cordon::sim::serve
