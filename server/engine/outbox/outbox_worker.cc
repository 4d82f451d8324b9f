#include "server/engine/outbox/outbox_worker.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/buggify.h"
#include "server/core/check.h"
#include "server/core/errors.h"
#include "server/core/log.h"
#include "server/engine/outbox/action_log.h"
#include "server/store/transact.h"

namespace cordon::engine {

OutboxWorker::OutboxWorker(store::Database* db, const ports::Clock* clock,
                           ports::RandomSource* random, Outbox* outbox,
                           const ActionRouter* router,
                           OutboxWorkerOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      outbox_(outbox),
      router_(router),
      options_(options),
      own_executor_(options.executor == nullptr
                        ? std::make_unique<PoolGroupExecutor>(
                              std::max(1, options.parallelism))
                        : nullptr),
      executor_(options.executor == nullptr ? own_executor_.get()
                                            : options.executor) {}

OutboxWorker::~OutboxWorker() { Stop(); }

using cordon::store::OutboxAction;

ThrottledBy OutboxWorker::ThrottledByOf(const OutboxAction& action) const {
  const ActionHandler* handler = router_->For(action.kind());
  return handler == nullptr ? ThrottledBy::kNothing
                            : handler->HeldBackBy(action);
}

absl::optional<absl::Time> OutboxWorker::WaitUntil(const OutboxAction& action,
                                                   absl::Time now) {
  const ThrottledBy by = ThrottledByOf(action);
  if (by == ThrottledBy::kNothing) return absl::nullopt;
  absl::optional<absl::Time> until =
      waits_.Until(ThrottleWaits::TenantKey(action.tenant_id()), now);
  if (by == ThrottledBy::kTenantAndMailbox) {
    const absl::optional<absl::Time> mailbox = waits_.Until(
        ThrottleWaits::MailboxKey(action.tenant_id(), action.upn()), now);
    if (mailbox.has_value() && (!until.has_value() || *mailbox > *until)) {
      until = mailbox;
    }
  }
  if (until.has_value() && !IsContainment(action)) *until += kAfterLockOut;
  return until;
}

bool OutboxWorker::IsContainment(const OutboxAction& action) const {
  const ActionHandler* handler = router_->For(action.kind());
  return handler != nullptr && handler->IsContainment(action);
}

void OutboxWorker::NoteRetryAfter(const OutboxAction& action,
                                  const ActionResult& result, absl::Time now) {
  const ThrottledBy by = ThrottledByOf(action);
  if (by == ThrottledBy::kNothing ||
      result.error_class != core::ErrorClass::kThrottled ||
      !result.retry_after.has_value()) {
    return;
  }
  // Rounded up like the action's own retry delay (core::DecideRetry), so the
  // others it holds back never go before the one that was told.
  const absl::Time until =
      now + absl::Ceil(*result.retry_after, absl::Milliseconds(1));
  const bool one_mailbox =
      by == ThrottledBy::kTenantAndMailbox &&
      result.throttle_scope == core::ThrottleScope::kMailbox;
  waits_.Hold(one_mailbox
                  ? ThrottleWaits::MailboxKey(action.tenant_id(), action.upn())
                  : ThrottleWaits::TenantKey(action.tenant_id()),
              until);
}

namespace {

// Graph refused the token the action went with (kTokenRejected): the first
// time the action is retried with a new token, the next time it fails.
ActionResult CountTokenRejection(const ActionResult& performed,
                                 cordon::store::OutboxAction& action) {
  ActionResult result = performed;
  if (result.error_class != core::ErrorClass::kTokenRejected) return result;
  result.error_class = core::ClassOfTokenRejection(action.token_rejections());
  action.set_token_rejections(action.token_rejections() + 1);
  if (result.error_class == core::ErrorClass::kPermanent) {
    result.detail = absl::StrCat(
        "Microsoft Graph refused a newly issued token too: ", result.detail);
  }
  return result;
}

}  // namespace

void OutboxWorker::ContainmentFirst(std::vector<QueuedAction>& due) const {
  std::stable_partition(due.begin(), due.end(), [&](const QueuedAction& q) {
    return IsContainment(q.action);
  });
}

absl::StatusOr<OutboxWorker::PerformedAction> OutboxWorker::Plan(
    QueuedAction queued, absl::Time now) {
  PerformedAction planned;
  const ActionHandler* handler = router_->For(queued.action.kind());
  bool is_current = false;
  if (handler != nullptr) {
    CORDON_ASSIGN_OR_RETURN(is_current, handler->IsCurrent(queued.action));
  }
  if (!is_current) {
    planned.step = Step::kSupersede;
  } else if (absl::optional<absl::Time> until = WaitUntil(queued.action, now);
             until.has_value()) {
    planned.step = Step::kDefer;
    planned.defer_until = *until;
  }
  planned.queued = std::move(queued);
  return planned;
}

absl::Status OutboxWorker::Finish(const PerformedAction& performed) {
  // A send or another record holding the same identity's rows may make
  // this one a deadlock victim; the whole record runs again.
  if (performed.step == Step::kAbandon) return absl::OkStatus();
  ActionOutcome outcome;
  const absl::Status recorded =
      store::Transact(*db_, [&](store::Transaction& txn) {
        outcome = ActionOutcome();
        txn.FenceWith(performed.term);
        return FinishIn(txn, performed, &outcome);
      });
  if (store::IsLeadershipLost(recorded)) {
    // Another server leads now; it performs the action again.
    core::Log(core::LogEvent(core::LogLevel::kWarning, "action_record_fenced")
                  .Message("this server lost the lead before recording an "
                           "action's outcome; it stays queued for the leader")
                  .Int("action_id",
                       static_cast<int64_t>(performed.queued.action.id()))
                  .Str("kind", OutboxAction::Kind_Name(
                                   performed.queued.action.kind())));
    return absl::OkStatus();
  }
  CORDON_RETURN_IF_ERROR(recorded);
  // Logged and counted once committed: a transaction that ran again
  // counts once.
  LogActionOutcome(performed.queued.action, outcome);
  if (metrics_ != nullptr && outcome.outcome != ActionOutcomeClass::kNone) {
    metrics_->RecordEnd(performed.queued.action.kind(), outcome.outcome,
                        outcome.error_class);
  }
  return absl::OkStatus();
}

absl::Status OutboxWorker::FinishIn(store::Transaction& txn,
                                    const PerformedAction& performed,
                                    ActionOutcome* outcome) {
  const QueuedAction& queued = performed.queued;
  cordon::store::OutboxAction action = queued.action;
  const ActionResult result = CountTokenRejection(performed.result, action);
  CORDON_ASSIGN_OR_RETURN(bool taken, outbox_->Take(txn, queued.key));
  if (!taken) return absl::OkStatus();  // another pass finished it
  ActionHandler* handler = router_->For(action.kind());
  if (handler == nullptr) {
    // Written by a newer server version, or damaged: performing it blind
    // could do harm, keeping it would block nothing but grow the queue.
    outcome->outcome = ActionOutcomeClass::kDropped;
    return txn.Commit();
  }
  if (performed.step == Step::kSupersede) {
    ActionResult note;
    note.detail = "superseded while queued";
    outcome->outcome = ActionOutcomeClass::kSuperseded;
    CORDON_RETURN_IF_ERROR(
        handler->RecordEnd(txn, action, ActionEnd::kSuperseded, note));
    return txn.Commit();
  }
  if (performed.step == Step::kDefer) {
    // Nothing was sent, so no attempt is spent.
    CORDON_RETURN_IF_ERROR(
        outbox_->Reschedule(txn, queued.key, action, performed.defer_until));
    outcome->outcome = ActionOutcomeClass::kDeferred;
    return txn.Commit();
  }
  CORDON_RETURN_IF_ERROR(
      RecordAttempt(txn, queued.key, *handler, action, result, outcome));
  return txn.Commit();
}

absl::Status OutboxWorker::RecordAttempt(store::Transaction& txn,
                                         const std::string& key,
                                         ActionHandler& handler,
                                         cordon::store::OutboxAction& action,
                                         const ActionResult& result,
                                         ActionOutcome* outcome) {
  action.set_attempts(action.attempts() + 1);
  const core::RetryDecision decision = core::DecideRetry(
      handler.RetryPolicy(), action.attempts(), result.error_class,
      result.retry_after, random_->Uniform01());
  outcome->error_class = result.error_class;
  outcome->attempt = action.attempts();
  outcome->detail = result.detail;
  switch (decision.verdict) {
    case core::RetryVerdict::kSucceeded:
      outcome->outcome = SuccessClassOf(result);
      CORDON_RETURN_IF_ERROR(
          handler.RecordEnd(txn, action, ActionEnd::kSucceeded, result));
      break;
    case core::RetryVerdict::kRetry:
      if (result.error_class == core::ErrorClass::kRetryable) {
        action.set_effect_uncertain(true);
      }
      outcome->outcome = ActionOutcomeClass::kRetry;
      outcome->retry_in = decision.delay;
      CORDON_RETURN_IF_ERROR(handler.RecordRetry(txn, action, result));
      CORDON_RETURN_IF_ERROR(outbox_->Reschedule(
          txn, key, action, clock_->Now() + decision.delay));
      break;
    default: {
      ActionResult failed = result;
      if (decision.verdict == core::RetryVerdict::kAttemptsExhausted) {
        failed.detail = absl::StrCat("gave up after ", action.attempts(),
                                     " attempts: ", result.detail);
      }
      outcome->outcome = ActionOutcomeClass::kFailed;
      outcome->detail = failed.detail;
      CORDON_RETURN_IF_ERROR(
          handler.RecordEnd(txn, action, ActionEnd::kFailed, failed));
      break;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<OutboxWorker::PerformedAction>>
OutboxWorker::PlanPass(absl::Time now) {
  CORDON_ASSIGN_OR_RETURN(std::vector<QueuedAction> due,
                          outbox_->Due(now, options_.batch_size));
  // BUGGIFY: the pass stops half-way; the rest waits for the next pass (as
  // with a smaller batch), with the lock-out first among what is left.
  if (due.size() > 1 && CORDON_BUGGIFY(core::BuggifySite::kSplitPass)) {
    due.resize((due.size() + 1) / 2);
  }
  ContainmentFirst(due);
  // Decide which are still current before performing any, so that a stale
  // disable and the enable that overtook it never run side by side.
  std::vector<PerformedAction> planned(due.size());
  for (size_t i = 0; i < due.size(); ++i) {
    CORDON_ASSIGN_OR_RETURN(planned[i], Plan(std::move(due[i]), now));
  }
  return planned;
}

void OutboxWorker::PerformOne(PerformedAction& performed, absl::Time now) {
  const OutboxAction& action = performed.queued.action;
  // A tenant that answered Retry-After earlier in this pass is left alone
  // from then on, checked right before each call: another action of the
  // same group may have been told while this one waited for its turn, and
  // calling now could only earn another 429.
  if (absl::optional<absl::Time> until = WaitUntil(action, now);
      until.has_value()) {
    performed.step = Step::kDefer;
    performed.defer_until = *until;
    return;
  }
  if (leadership_ != nullptr && !leadership_->Holds(performed.term)) {
    performed.step = Step::kAbandon;  // the next leader calls instead
    return;
  }
  ActionHandler* handler = router_->For(action.kind());
  CORDON_CHECK(handler != nullptr, "Plan performs only handled kinds");
  const absl::Time called = clock_->Now();
  performed.result = handler->PerformFor(action, performed.term);
  if (metrics_ != nullptr) {
    metrics_->RecordPerform(action.kind(), clock_->Now() - called);
  }
  NoteRetryAfter(action, performed.result, now);
  MaybeLoseAnswer(performed);
}

void OutboxWorker::RunGroup(
    std::vector<PerformedAction>& planned, size_t start, size_t end,
    absl::Time now, std::vector<absl::optional<absl::Status>>& recorded) {
  std::vector<GroupTask> tasks;
  for (size_t i = start; i < end; ++i) {
    if (planned[i].step != Step::kPerform) continue;
    // Each action records its outcome as soon as its own call returns, so
    // the lock-out (revoke + disable) shows as done one round trip after
    // the send rather than after the slowest action of the group;
    // concurrent records share WAL syncs through group commit.
    PerformedAction& performed = planned[i];
    tasks.push_back(
        GroupTask{[this, &performed, now] { PerformOne(performed, now); },
                  [this, &performed, &recorded, i] {
                    // BUGGIFY: time passes before the outcome is written.
                    CORDON_BUGGIFY_STALL(core::BuggifySite::kSlowCommit);
                    recorded[i] = Finish(performed);
                  }});
  }
  if (!tasks.empty()) executor_->RunGroup(std::move(tasks));
}

absl::Status OutboxWorker::ReportRecordErrors(
    const std::vector<PerformedAction>& planned,
    const std::vector<absl::optional<absl::Status>>& recorded) {
  // Every failed record is logged with its cause; the pass reports the
  // first. The action stays queued and is taken again by a later pass.
  absl::Status first_error;
  for (size_t i = 0; i < recorded.size(); ++i) {
    if (recorded[i]->ok()) continue;
    const OutboxAction& action = planned[i].queued.action;
    core::Log(core::LogEvent(core::LogLevel::kError, "action_record_failed")
                  .Message("recording an action's outcome failed; it stays "
                           "queued")
                  .Int("action_id", static_cast<int64_t>(action.id()))
                  .Str("kind", OutboxAction::Kind_Name(action.kind()))
                  .Str("error", recorded[i]->ToString()));
    if (first_error.ok()) first_error = *recorded[i];
  }
  return first_error;
}

void OutboxWorker::MaybeLoseAnswer(PerformedAction& performed) {
  // A timer calls no one, so it has no answer to lose.
  if (performed.result.error_class != core::ErrorClass::kSuccess ||
      Outbox::IsTimer(performed.queued.action.kind()) ||
      !CORDON_BUGGIFY(core::BuggifySite::kSpuriousRetry)) {
    return;
  }
  // BUGGIFY: the call succeeded but its answer is taken for a timeout, so
  // the action is retried; harmless because every action sets a state
  // rather than toggling it (ActionHandler::Perform).
  ActionResult lost;
  lost.error_class = core::ErrorClass::kRetryable;
  lost.detail = "no answer (BUGGIFY: spurious retry after the call succeeded)";
  performed.result = std::move(lost);
}

bool OutboxWorker::WakesLate(absl::Time now) {
  if (now < late_wake_until_) return true;
  if (!CORDON_BUGGIFY(core::BuggifySite::kDelayedWake)) return false;
  late_wake_until_ = now + kIdlePoll;
  return true;
}

absl::StatusOr<int> OutboxWorker::RunOnce() {
  const absl::Time now = clock_->Now();
  // BUGGIFY: the worker has not woken up yet; what is due waits.
  if (WakesLate(now)) return 0;
  const absl::optional<store::LeaderTerm> term = PassTerm();
  if (!term.has_value()) return 0;  // another server leads
  CORDON_ASSIGN_OR_RETURN(std::vector<PerformedAction> planned, PlanPass(now));
  for (PerformedAction& performed : planned) performed.term = *term;
  // Set once the action's outcome was written (or failed to be).
  std::vector<absl::optional<absl::Status>> recorded(planned.size());
  const size_t parallelism =
      static_cast<size_t>(std::max(1, options_.parallelism));
  for (size_t start = 0; start < planned.size(); start += parallelism) {
    RunGroup(planned, start, std::min(planned.size(), start + parallelism), now,
             recorded);
  }
  // Superseded and deferred actions made no call; record them now.
  for (size_t i = 0; i < planned.size(); ++i) {
    if (!recorded[i].has_value()) recorded[i] = Finish(planned[i]);
  }
  CORDON_RETURN_IF_ERROR(ReportRecordErrors(planned, recorded));
  // Abandoned actions were not handled: the next leader handles them.
  return static_cast<int>(std::count_if(
      planned.begin(), planned.end(), [](const PerformedAction& performed) {
        return performed.step != Step::kAbandon;
      }));
}

absl::StatusOr<absl::optional<OutboxWorker::PerformedAction>>
OutboxWorker::PerformNext() {
  const absl::Time now = clock_->Now();
  CORDON_ASSIGN_OR_RETURN(std::vector<QueuedAction> due, outbox_->Due(now, 1));
  if (due.empty()) return absl::nullopt;
  const absl::optional<store::LeaderTerm> term = PassTerm();
  if (!term.has_value()) return absl::nullopt;  // another server leads
  CORDON_ASSIGN_OR_RETURN(PerformedAction performed,
                          Plan(std::move(due.front()), now));
  performed.term = *term;
  if (performed.step == Step::kPerform) PerformOne(performed, now);
  return performed;
}

absl::optional<store::LeaderTerm> OutboxWorker::PassTerm() const {
  if (leadership_ == nullptr) return store::LeaderTerm{};
  const store::LeaderTerm term{term_.load()};
  if (term.number == 0) return absl::nullopt;
  return term;
}

void OutboxWorker::Lead(store::LeaderTerm term) {
  term_ = term.number;
  Wake();
}

void OutboxWorker::StepDown() { term_ = 0; }

absl::Status OutboxWorker::RecordPerformed(const PerformedAction& performed) {
  return Finish(performed);
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
  // Made before the lock: opening it calls the store, and Wake() takes
  // the lock meanwhile.
  std::unique_ptr<store::ChangeFeed> changes =
      db_->FollowChanges(store::Family::kOutbox,
                         [this](const std::vector<std::string>&) { Wake(); });
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return;
  running_ = true;
  outbox_changes_ = std::move(changes);
  thread_ = std::make_unique<std::thread>([this] { Loop(); });
}

void OutboxWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  thread_->join();
  thread_.reset();
  outbox_changes_.reset();
}

void OutboxWorker::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

absl::Duration OutboxWorker::IdleWait(const absl::StatusOr<int>& handled) {
  if (handled.ok() && *handled > 0) return absl::ZeroDuration();
  // A failed pass is tried again soon, whatever wakes the loop.
  const absl::Duration poll = outbox_changes_ != nullptr && handled.ok()
                                  ? kFollowedIdlePoll
                                  : kIdlePoll;
  // Another server leads: what is due is not this server's to do, and
  // Lead() wakes it when that changes.
  if (!PassTerm().has_value()) return poll;
  // This server's term, not confirmed just now (a renewal late): it may
  // be any moment, and nothing wakes the loop when it is.
  if (leadership_ != nullptr &&
      !leadership_->Holds(store::LeaderTerm{term_.load()})) {
    return kIdlePoll;
  }
  if (!handled.ok()) return poll;
  absl::StatusOr<absl::optional<absl::Time>> next = outbox_->NextDue();
  if (!next.ok() || !next->has_value()) return poll;
  return std::clamp(std::max(**next, late_wake_until_) - clock_->Now(),
                    absl::ZeroDuration(), poll);
}

void OutboxWorker::Loop() {
  // Real time only: this mode runs with the system clock. The simulator
  // calls RunOnce/RunUntilIdle itself instead.
  while (true) {
    absl::StatusOr<int> handled = RunOnce();
    if (!handled.ok()) {
      // Never silent: the pass is retried after the idle poll.
      core::Log(core::LogEvent(core::LogLevel::kError, "outbox_pass_failed")
                    .Message("an outbox pass failed; retried after the idle "
                             "poll")
                    .Str("error", handled.status().ToString()));
    }
    const absl::Duration wait = IdleWait(handled);
    std::unique_lock<std::mutex> lock(mu_);
    if (wait > absl::ZeroDuration()) ++idle_waits_;
    wake_.wait_for(lock, absl::ToChronoNanoseconds(wait),
                   [this] { return woken_ || !running_; });
    woken_ = false;
    if (!running_) return;
  }
}

}  // namespace cordon::engine
