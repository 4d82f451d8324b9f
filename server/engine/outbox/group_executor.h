#ifndef CORDON_SERVER_ENGINE_OUTBOX_GROUP_EXECUTOR_H_
#define CORDON_SERVER_ENGINE_OUTBOX_GROUP_EXECUTOR_H_

#include <functional>
#include <memory>
#include <vector>

#include "server/engine/outbox/task_pool.h"

namespace cordon::engine {

// One action of a group, in its two halves: the call to the outside world,
// then the write of its outcome. These are the points where the order of
// concurrent actions matters (who reaches Graph first, whose Retry-After is
// noted before whose call, whose write commits first).
struct GroupTask {
  std::function<void()> perform;
  std::function<void()> record;
};

// How the outbox worker runs the actions of one group, which may all be in
// flight at once. Injected so that the simulator can choose the
// interleaving from its seed (a replayable one) where the server leaves it
// to its threads.
class GroupExecutor {
 public:
  virtual ~GroupExecutor() = default;
  // Runs every task's perform and, after it, its record; returns when all
  // are done. Tasks must not call RunGroup.
  virtual void RunGroup(std::vector<GroupTask> tasks) = 0;
};

// The server's: a TaskPool of `threads` threads, each task performed and
// recorded in one go by one thread, so that each outcome is written as soon
// as its own call returns. With one thread, or one task, on the calling
// thread.
class PoolGroupExecutor final : public GroupExecutor {
 public:
  explicit PoolGroupExecutor(int threads);
  void RunGroup(std::vector<GroupTask> tasks) override;

 private:
  std::unique_ptr<TaskPool> pool_;  // null with one thread
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_GROUP_EXECUTOR_H_
