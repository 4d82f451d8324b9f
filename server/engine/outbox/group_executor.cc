#include "server/engine/outbox/group_executor.h"

#include <utility>

namespace cordon::engine {

PoolGroupExecutor::PoolGroupExecutor(int threads)
    : pool_(threads > 1 ? std::make_unique<TaskPool>(threads) : nullptr) {}

void PoolGroupExecutor::RunGroup(std::vector<GroupTask> tasks) {
  if (pool_ == nullptr || tasks.size() == 1) {
    for (GroupTask& task : tasks) {
      task.perform();
      task.record();
    }
    return;
  }
  std::vector<std::function<void()>> jobs;
  jobs.reserve(tasks.size());
  for (GroupTask& task : tasks) {
    jobs.emplace_back([task = std::move(task)] {
      task.perform();
      task.record();
    });
  }
  pool_->RunAll(std::move(jobs));
}

}  // namespace cordon::engine
