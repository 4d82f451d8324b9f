#ifndef CORDON_SERVER_ENGINE_OUTBOX_TASK_POOL_H_
#define CORDON_SERVER_ENGINE_OUTBOX_TASK_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

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

  // std::mutex rather than absl::Mutex: ThreadSanitizer sees pthread
  // hand-offs but not those of a non-TSan Abseil (docs/reliability.md).
  std::mutex mu_;
  // Signalled when a task is queued or the pool stops (threads wait on it).
  std::condition_variable has_work_;
  // Signalled when the last task of a batch finishes (RunAll waits on it).
  std::condition_variable done_;
  // The three below are guarded by mu_.
  std::deque<std::function<void()>> queue_;
  int unfinished_ = 0;
  bool stopping_ = false;
  // One batch at a time.
  std::mutex run_mu_;
  std::vector<std::thread> threads_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_TASK_POOL_H_
