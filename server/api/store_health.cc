#include "server/api/store_health.h"

#include "server/core/log.h"

namespace cordon::api {

void StoreHealth::Check() {
  std::lock_guard<std::mutex> lock(check_mu_);
  const bool serving = try_resume_();
  if (serving == serving_) return;
  serving_ = serving;
  health_->SetServingStatus(serving);
  core::Log(
      core::LogEvent(serving ? core::LogLevel::kInfo : core::LogLevel::kError,
                     "health")
          .Message(serving ? "health: SERVING again, the store accepts "
                             "writes"
                           : "health: NOT_SERVING, the store refuses "
                             "writes")
          .Bool("serving", serving));
}

void StoreHealth::Start(absl::Duration interval) {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_ || interval <= absl::ZeroDuration()) return;
  running_ = true;
  thread_ = std::make_unique<std::thread>([this, interval] { Loop(interval); });
}

void StoreHealth::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  stop_.notify_all();
  thread_->join();
  thread_.reset();
}

void StoreHealth::Loop(absl::Duration interval) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_.wait_for(lock, absl::ToChronoNanoseconds(interval),
                         [this] { return !running_; })) {
    lock.unlock();
    Check();
    lock.lock();
  }
}

}  // namespace cordon::api
