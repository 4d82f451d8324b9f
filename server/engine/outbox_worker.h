#ifndef CORDON_SERVER_ENGINE_OUTBOX_WORKER_H_
#define CORDON_SERVER_ENGINE_OUTBOX_WORKER_H_

#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/core/isolation/retry_policy.h"
#include "server/engine/action_executor.h"
#include "server/engine/isolation_engine.h"
#include "server/engine/outbox.h"
#include "server/ports/clock.h"
#include "server/ports/random_source.h"
#include "server/store/database.h"

namespace cordon::engine {

struct OutboxWorkerOptions {
  // Actions taken per pass; bounds memory and the length of one pass.
  int batch_size = 64;
  // Actions performed at once. Independent actions of one identity (revoke,
  // disable) then cost one round trip together, not one each. The
  // simulator uses 1 so that call order, and so the event log, replays.
  int parallelism = 8;
  core::RetryPolicy retry_policy;
};

// Performs what the outbox holds (DESIGN rule 1): takes the actions due,
// performs each (skipping those an isolate/release made obsolete), and
// records each outcome in one write with any follow-up — done, failed for
// good, or rescheduled with backoff and jitter (Retry-After honoured).
// A crash before the outcome is recorded only means the action is performed
// again after restart, which every action tolerates.
class OutboxWorker {
 public:
  OutboxWorker(store::Database* db, const ports::Clock* clock,
               ports::RandomSource* random, Outbox* outbox,
               ActionExecutor* executor, IsolationEngine* isolation,
               OutboxWorkerOptions options = {});
  ~OutboxWorker();

  // One pass over what is due now. Returns how many actions it handled.
  absl::StatusOr<int> RunOnce();

  // Passes until nothing is due now (at most `max_passes`).
  absl::StatusOr<int> RunUntilIdle(int max_passes = 1000);

  // Background mode for cordon-server: a thread that runs passes whenever
  // something is due or Wake() is called. Stop() waits for the current pass.
  void Start();
  void Stop();
  // Something was queued: look now instead of at the next due time.
  void Wake();

 private:
  absl::Status Finish(const QueuedAction& queued, const ActionResult& result,
                      bool superseded);
  void Loop();
  bool ShouldWake() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return woken_ || !running_;
  }

  store::Database* db_;
  const ports::Clock* clock_;
  ports::RandomSource* random_;
  Outbox* outbox_;
  ActionExecutor* executor_;
  IsolationEngine* isolation_;
  const OutboxWorkerOptions options_;

  mutable absl::Mutex mu_;
  bool running_ ABSL_GUARDED_BY(mu_) = false;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  std::unique_ptr<std::thread> thread_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_WORKER_H_
