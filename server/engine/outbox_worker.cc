#include "server/engine/outbox_worker.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::engine {

OutboxWorker::OutboxWorker(store::Database* db, const ports::Clock* clock,
                           ports::RandomSource* random, Outbox* outbox,
                           ActionExecutor* executor, IsolationEngine* isolation,
                           OutboxWorkerOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      outbox_(outbox),
      executor_(executor),
      isolation_(isolation),
      options_(options) {}

OutboxWorker::~OutboxWorker() { Stop(); }

absl::Status OutboxWorker::Finish(const QueuedAction& queued,
                                  const ActionResult& result, bool superseded) {
  cordon::store::OutboxAction action = queued.action;
  action.set_attempts(action.attempts() + (superseded ? 0 : 1));
  std::unique_ptr<store::Transaction> txn = db_->Begin();
  CORDON_ASSIGN_OR_RETURN(bool taken, outbox_->Take(*txn, queued.key));
  if (!taken) return absl::OkStatus();  // another pass finished it
  if (superseded) {
    ActionResult note;
    note.detail = "superseded by a later isolate or release";
    CORDON_RETURN_IF_ERROR(
        isolation_->RecordEnd(*txn, action, ActionEnd::kSuperseded, note));
    return txn->Commit();
  }
  const core::RetryDecision decision = core::DecideRetry(
      options_.retry_policy, action.attempts(), result.error_class,
      result.retry_after, random_->Uniform01());
  switch (decision.verdict) {
    case core::RetryVerdict::kSucceeded:
      CORDON_RETURN_IF_ERROR(
          isolation_->RecordEnd(*txn, action, ActionEnd::kSucceeded, result));
      break;
    case core::RetryVerdict::kRetry:
      CORDON_RETURN_IF_ERROR(isolation_->RecordRetry(*txn, action, result));
      CORDON_RETURN_IF_ERROR(outbox_->Reschedule(
          *txn, queued.key, action, clock_->Now() + decision.delay));
      break;
    default: {
      ActionResult failed = result;
      if (decision.verdict == core::RetryVerdict::kAttemptsExhausted) {
        failed.detail = absl::StrCat("gave up after ", action.attempts(),
                                     " attempts: ", result.detail);
      }
      CORDON_RETURN_IF_ERROR(
          isolation_->RecordEnd(*txn, action, ActionEnd::kFailed, failed));
      break;
    }
  }
  return txn->Commit();
}

absl::StatusOr<int> OutboxWorker::RunOnce() {
  CORDON_ASSIGN_OR_RETURN(std::vector<QueuedAction> due,
                          outbox_->Due(clock_->Now(), options_.batch_size));
  // Decide which are still current before performing any, so that a stale
  // disable and the enable that overtook it never run side by side.
  std::vector<bool> current(due.size());
  for (size_t i = 0; i < due.size(); ++i) {
    CORDON_ASSIGN_OR_RETURN(bool is_current,
                            isolation_->IsCurrent(due[i].action));
    current[i] = is_current;
  }
  std::vector<ActionResult> results(due.size());
  const size_t parallelism =
      static_cast<size_t>(std::max(1, options_.parallelism));
  for (size_t start = 0; start < due.size(); start += parallelism) {
    const size_t end = std::min(due.size(), start + parallelism);
    if (end - start == 1 || parallelism == 1) {
      for (size_t i = start; i < end; ++i) {
        if (current[i]) results[i] = executor_->Perform(due[i].action);
      }
      continue;
    }
    std::vector<std::thread> threads;
    for (size_t i = start; i < end; ++i) {
      if (!current[i]) continue;
      threads.emplace_back(
          [&, i] { results[i] = executor_->Perform(due[i].action); });
    }
    for (std::thread& thread : threads) thread.join();
  }
  for (size_t i = 0; i < due.size(); ++i) {
    CORDON_RETURN_IF_ERROR(Finish(due[i], results[i], !current[i]));
  }
  return static_cast<int>(due.size());
}

absl::StatusOr<int> OutboxWorker::RunUntilIdle(int max_passes) {
  int total = 0;
  for (int pass = 0; pass < max_passes; ++pass) {
    CORDON_ASSIGN_OR_RETURN(int handled, RunOnce());
    if (handled == 0) break;
    total += handled;
  }
  return total;
}

void OutboxWorker::Start() {
  absl::MutexLock lock(&mu_);
  if (running_) return;
  running_ = true;
  thread_ = std::make_unique<std::thread>([this] { Loop(); });
}

void OutboxWorker::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!running_) return;
    running_ = false;
  }
  thread_->join();
  thread_.reset();
}

void OutboxWorker::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

void OutboxWorker::Loop() {
  // Real time only: this mode runs with the system clock. The simulator
  // calls RunOnce/RunUntilIdle itself instead.
  constexpr absl::Duration kIdlePoll = absl::Milliseconds(200);
  while (true) {
    absl::StatusOr<int> handled = RunOnce();
    absl::Duration wait = kIdlePoll;
    if (handled.ok() && *handled > 0) wait = absl::ZeroDuration();
    if (handled.ok() && *handled == 0) {
      absl::StatusOr<absl::optional<absl::Time>> next = outbox_->NextDue();
      if (next.ok() && next->has_value()) {
        wait =
            std::clamp(**next - clock_->Now(), absl::ZeroDuration(), kIdlePoll);
      }
    }
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(this, &OutboxWorker::ShouldWake),
                         wait);
    woken_ = false;
    if (!running_) return;
  }
}

}  // namespace cordon::engine
