#ifndef CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_WORKER_H_
#define CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_WORKER_H_

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/isolation/retry_policy.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/action_log.h"
#include "server/engine/outbox/group_executor.h"
#include "server/engine/outbox/outbox.h"
#include "server/engine/outbox/outbox_metrics.h"
#include "server/engine/outbox/throttle_waits.h"
#include "server/ports/clock.h"
#include "server/ports/random_source.h"
#include "server/store/database.h"
#include "server/store/leadership.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Transient failures (throttling, 5xx, timeouts) of isolation actions are
// retried for about a day at the 5-minute cap rather than the core default
// of 10 attempts: containment must converge after a long Graph outage, and
// the identity and report show every attempt meanwhile. Permanent errors
// still end at once.
inline core::RetryPolicy ContainmentRetryPolicy() {
  core::RetryPolicy policy;
  policy.max_attempts = 300;
  return policy;
}

struct OutboxWorkerOptions {
  // Actions taken per pass; bounds memory and the length of one pass.
  int batch_size = 64;
  // Actions performed at once. Independent actions of one identity (revoke,
  // disable) then cost one round trip together, not one each.
  int parallelism = 8;
  // Runs each group of up to `parallelism` actions; null = a pool of
  // `parallelism` threads (PoolGroupExecutor). The simulator injects one
  // that picks the interleaving from its seed, so that a run with the
  // production parallelism still replays. Outlives the worker.
  GroupExecutor* executor = nullptr;
};

// Performs what the outbox holds (DESIGN rule 1): takes the actions due,
// hands each to the ActionHandler of its kind, performs it (skipping those
// made obsolete while queued), and records each outcome in one write with
// any follow-up — done, failed for
// good, or rescheduled with backoff and jitter (Retry-After honoured).
// A crash before the outcome is recorded only means the action is performed
// again after restart, which every action tolerates.
//
// Retry-After is honoured per tenant, not only by the action that was told:
// Graph throttles an application per tenant, so once a tenant answers 429
// (or 503) with Retry-After, the tenant's other Graph actions wait too. They
// are moved to the end of the wait (all but containment a moment after it,
// so the lock-out goes first then) without a call and without spending an
// attempt; calling early would only earn another 429 each and, in a long
// throttling storm, use up their bounded attempts, so that an isolation
// would be given up although nothing was wrong with it. The wait is kept in
// memory: after a restart the first call finds it out again.
class OutboxWorker {
 public:
  OutboxWorker(store::Database* db, const ports::Clock* clock,
               ports::RandomSource* random, Outbox* outbox,
               const ActionRouter* router, OutboxWorkerOptions options = {});
  ~OutboxWorker();

  // One pass over what is due now. Returns how many actions it handled.
  absl::StatusOr<int> RunOnce();

  // Passes until nothing is due now (at most `max_passes`).
  absl::StatusOr<int> RunUntilIdle(int max_passes = 1000);

  // What a pass does with one due action.
  enum class Step {
    kPerform,
    kSupersede,  // made obsolete while queued (or nobody handles it): no call
    kDefer,      // its tenant asked to wait (Retry-After): no call
    kAbandon,    // this server's lead ended first: no call, nothing recorded
  };

  // RunOnce for the one earliest due action, cut into its two halves so that
  // a crash test can stop the process between the call to the outside world
  // and the write of its outcome: PerformNext performs it (or skips it, see
  // Step), RecordPerformed records the outcome exactly as RunOnce would.
  // PerformNext returns nullopt when nothing is due now.
  struct PerformedAction {
    QueuedAction queued;
    Step step = Step::kPerform;
    ActionResult result;     // kPerform only
    absl::Time defer_until;  // kDefer only
    // The lead the pass acted for (FollowLeadership); 0: unfenced.
    store::LeaderTerm term;
  };
  absl::StatusOr<absl::optional<PerformedAction>> PerformNext();
  absl::Status RecordPerformed(const PerformedAction& performed);

  // BUGGIFY (delayed wake-up): RunOnce does nothing before this time; the
  // infinite past when awake. A simulation steps its clock here too.
  absl::Time LateWakeUntil() const { return late_wake_until_; }
  // The background loop looks at least this often, so a lost Wake() holds
  // a pass back at most this long: a BUGGIFY delayed wake-up is that late.
  static constexpr absl::Duration kIdlePoll = absl::Milliseconds(200);
  // The same when the store tells of every outbox change, other servers'
  // too (store::Database::FollowChanges, issue 15): the look is then only a
  // safety net for a change feed that stalled unnoticed, so it is rare.
  static constexpr absl::Duration kFollowedIdlePoll = absl::Seconds(5);

  // Background mode for cordon-server: a thread that runs passes whenever
  // something is due, Wake() is called or the store tells of an outbox
  // change (on etcd: another replica queued an action). Stop() waits for
  // the current pass.
  void Start();
  void Stop();
  // Something was queued: look now instead of at the next due time.
  void Wake();
  // How many times the background loop has begun to wait between passes.
  // For tests: once it has moved, only a wake-up (Wake(), Lead(), the
  // store's feed) or the poll starts the next pass.
  uint64_t idle_waits() const { return idle_waits_.load(); }

  // Issue 15, servers sharing one store: passes run only while this server
  // leads, from Lead(term) (its Leadership's elected callback) to
  // StepDown() (deposed). A pass acts for the term it began in: no call to
  // the outside world once `leadership` no longer Holds that term, and each
  // outcome is written fenced with it (store::Transaction::FenceWith), so
  // a server that lost the lead records nothing after the next one took
  // over; the action stays queued, and the new leader performs it again
  // (at least once, as after a crash). Without a Leadership (one server
  // per store, the simulator) every pass runs unfenced. Set before
  // Start(); `leadership` outlives the worker.
  void FollowLeadership(const store::Leadership* leadership) {
    leadership_ = leadership;
  }
  void Lead(store::LeaderTerm term);
  void StepDown();

  // Where each call and each end is counted from now on (issue 14); null:
  // nowhere. Set before Start(); outlives the worker.
  void SetMetrics(OutboxMetrics* metrics) { metrics_ = metrics; }

 private:
  absl::Status Finish(const PerformedAction& performed);
  // The term a pass starting now acts for; nullopt when following
  // leadership and another server leads.
  absl::optional<store::LeaderTerm> PassTerm() const;
  // Records `performed` in `txn`; `outcome` says what, for its log line.
  absl::Status FinishIn(store::Transaction& txn,
                        const PerformedAction& performed,
                        ActionOutcome* outcome);
  // The attempt just made at `action` (queued under `key`): done, queued
  // again after a delay, or failed for good (ISO-11's retry policy).
  absl::Status RecordAttempt(store::Transaction& txn, const std::string& key,
                             ActionHandler& handler,
                             cordon::store::OutboxAction& action,
                             const ActionResult& result,
                             ActionOutcome* outcome);
  // Decides the step of a due action at `now` (before any call is made).
  absl::StatusOr<PerformedAction> Plan(QueuedAction queued, absl::Time now);
  // RunOnce's steps: the due actions planned (containment first), one group
  // of them performed and recorded through the executor (`recorded[i]` set
  // for each action the group wrote), and the records' failures logged (the
  // first returned).
  absl::StatusOr<std::vector<PerformedAction>> PlanPass(absl::Time now);
  void RunGroup(std::vector<PerformedAction>& planned, size_t start, size_t end,
                absl::Time now,
                std::vector<absl::optional<absl::Status>>& recorded);
  // The call of one planned action (or its deferral, when a Retry-After
  // now holds it back).
  void PerformOne(PerformedAction& performed, absl::Time now);
  // BUGGIFY (spurious retry): a success taken for a lost answer.
  void MaybeLoseAnswer(PerformedAction& performed);
  // BUGGIFY (delayed wake-up): true while the pass at `now` must not run.
  bool WakesLate(absl::Time now);
  static absl::Status ReportRecordErrors(
      const std::vector<PerformedAction>& planned,
      const std::vector<absl::optional<absl::Status>>& recorded);
  // Lock-out first: containment actions before the rest of the pass, each
  // group in due order.
  void ContainmentFirst(std::vector<QueuedAction>& due) const;
  // Which waits hold the action back, by its handler.
  ThrottledBy ThrottledByOf(const cordon::store::OutboxAction& action) const;
  bool IsContainment(const cordon::store::OutboxAction& action) const;
  // When an action held back by a wait `now` is in may go: the end of the
  // longest such wait, and for an action that is no containment
  // kAfterLockOut later. ContainmentFirst orders only the batch a pass
  // fetched (at most batch_size, earliest first); the stagger makes the
  // tenant's deferred lock-outs sort before its other deferred work when
  // the wait ends, so they get the first calls Graph allows even when that
  // work fills batches.
  absl::optional<absl::Time> WaitUntil(
      const cordon::store::OutboxAction& action, absl::Time now);
  static constexpr absl::Duration kAfterLockOut = absl::Milliseconds(1);
  // Starts or extends the tenant's or the mailbox's wait after a throttled
  // answer.
  void NoteRetryAfter(const cordon::store::OutboxAction& action,
                      const ActionResult& result, absl::Time now);
  void Loop();
  // How long the loop waits after a pass that came to `handled`, unless
  // woken.
  absl::Duration IdleWait(const absl::StatusOr<int>& handled);

  store::Database* db_;
  const ports::Clock* clock_;
  ports::RandomSource* random_;
  Outbox* outbox_;
  const ActionRouter* router_;
  const OutboxWorkerOptions options_;
  // options_.executor, or the pool owned here when none was given.
  std::unique_ptr<GroupExecutor> own_executor_;
  GroupExecutor* executor_;

  ThrottleWaits waits_;
  OutboxMetrics* metrics_ = nullptr;
  const store::Leadership* leadership_ = nullptr;
  // The term this server leads in; 0 while another leads.
  std::atomic<int64_t> term_{0};
  // Touched only by the thread that runs passes (see LateWakeUntil).
  absl::Time late_wake_until_ = absl::InfinitePast();

  // std::mutex: ThreadSanitizer sees it (a non-TSan Abseil's is not).
  std::mutex mu_;
  // Signalled by Wake() and Stop(); the loop waits on it between passes.
  std::condition_variable wake_;
  // Moved under mu_ (see idle_waits()).
  std::atomic<uint64_t> idle_waits_{0};
  // Both guarded by mu_.
  bool running_ = false;
  bool woken_ = false;
  std::unique_ptr<std::thread> thread_;
  // Wakes the loop on every outbox change while it runs; null when the
  // store has no feed (then the loop looks every kIdlePoll).
  std::unique_ptr<store::ChangeFeed> outbox_changes_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_WORKER_H_
