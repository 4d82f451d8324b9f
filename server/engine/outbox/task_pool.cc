#include "server/engine/outbox/task_pool.h"

#include <algorithm>
#include <utility>

namespace cordon::engine {

TaskPool::TaskPool(int threads) {
  const int count = std::max(1, threads);
  threads_.reserve(count);
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Loop(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  has_work_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void TaskPool::RunAll(std::vector<std::function<void()>> tasks) {
  if (tasks.empty()) return;
  std::lock_guard<std::mutex> batch(run_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  unfinished_ += static_cast<int>(tasks.size());
  for (std::function<void()>& task : tasks) queue_.push_back(std::move(task));
  has_work_.notify_all();
  done_.wait(lock, [this] { return unfinished_ == 0; });
}

void TaskPool::Loop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      has_work_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, nothing left
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
    std::lock_guard<std::mutex> lock(mu_);
    // Notified under the lock: RunAll may return, and the pool be
    // destroyed, as soon as the lock is released.
    if (--unfinished_ == 0) done_.notify_all();
  }
}

}  // namespace cordon::engine
