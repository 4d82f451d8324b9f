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
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

void TaskPool::RunAll(std::vector<std::function<void()>> tasks) {
  if (tasks.empty()) return;
  absl::MutexLock batch(&run_mu_);
  absl::MutexLock lock(&mu_);
  unfinished_ += static_cast<int>(tasks.size());
  for (std::function<void()>& task : tasks) queue_.push_back(std::move(task));
  mu_.Await(absl::Condition(this, &TaskPool::Done));
}

void TaskPool::Loop() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &TaskPool::HasWork));
      if (queue_.empty()) return;  // stopping, nothing left
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
    absl::MutexLock lock(&mu_);
    --unfinished_;
  }
}

}  // namespace cordon::engine
