#ifndef CORDON_SERVER_ENGINE_OUTBOX_TASK_POOL_H_
#define CORDON_SERVER_ENGINE_OUTBOX_TASK_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace cordon::engine {

// A fixed set of long-lived threads that runs batches of tasks. The outbox
// worker used to start a thread per concurrent action; RocksDB seeds each
// memtable skip-list node's height from the calling thread, glibc hands out
// the same few thread ids again and again, and under a long burst the skip
// list degenerated (30x slower set-up in cordon-bench). Long-lived threads
// also save the start-up cost on every group of actions.
class TaskPool {
 public:
  explicit TaskPool(int threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Runs every task, at most `threads` at once, and returns when all are
  // done. Not reentrant: a task must not call RunAll.
  void RunAll(std::vector<std::function<void()>> tasks);

 private:
  void Loop();
  bool HasWork() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return !queue_.empty() || stopping_;
  }
  bool Done() const ABSL_SHARED_LOCKS_REQUIRED(mu_) { return unfinished_ == 0; }

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  int unfinished_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // One batch at a time.
  absl::Mutex run_mu_;
  std::vector<std::thread> threads_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_TASK_POOL_H_
