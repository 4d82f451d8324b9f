// The cost of one scheduler pass (OutboxWorker::RunOnce) when exactly one
// escalation notice timer is due, with 1 and with 100,000 open escalations
// whose timers are all due later. The outbox key starts with the due time and
// a pass reads only what is due, so the two should cost about the same.
//
// Set-up, once per size (kept in a static across cases and repetitions):
// `open` LOW escalations, each of its own subject, raised 1000 per
// transaction on an unsynced database, then one worker run at the raise time
// does every escalation's round-0 notice and e-mail, which leaves each
// escalation's next timer 7 days out. The database is then reopened synced.
//
// One iteration, on the system clock:
//   untimed  raise one more escalation now: its round-0 timer is the one
//            action due;
//   timed    RunOnce: the due scan, and the timer's synced write (it queues
//            the e-mail to the account's admin and the next timer, 7 days
//            on);
//   untimed  a second Outbox::Due scan (counter `scan`), a pass that sends
//            the e-mail, and the escalation resolved, so `open` stay open.
// With compacted:1 the outbox family is compacted once before timing (see
// docs/benchmarks.md for why that matters).

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "rocksdb/db.h"
#include "server/core/errors.h"
#include "server/core/escalation/login_subject.h"
#include "server/core/resource_name.h"
#include "server/store/rocks/rocks_status.h"
#include "tools/bench/bench_cordon.h"
#include "tools/bench/samples.h"

namespace cordon::bench {
namespace {

constexpr int64_t kRaisedPerTransaction = 1000;

// A BenchCordon with `open` open escalations whose round-0 notices are done.
struct OpenEscalations {
  int64_t open = 0;
  bool compacted = false;
  std::unique_ptr<BenchCordon> cordon;
  uint64_t account = 0;
  uint64_t organization = 0;
  int64_t next_subject = 0;
  absl::Duration setup_time;

  // A LOW LOGIN_UNEXPECTED_VPN occurrence of a subject no other has.
  engine::EscalationOccurrence NextOccurrence() {
    engine::EscalationOccurrence occurrence;
    occurrence.account = account;
    occurrence.organization = organization;
    occurrence.type = cordon::v1::LOGIN_UNEXPECTED_VPN;
    occurrence.severity = cordon::v1::LOW;
    occurrence.subject =
        core::VpnSubjectKey(absl::StrCat("bench-vpn-", next_subject++));
    occurrence.event.set_subject(occurrence.subject);
    occurrence.event.set_summary("cordon-bench occurrence");
    return occurrence;
  }
};

absl::StatusOr<std::unique_ptr<OpenEscalations>> Build(int64_t open) {
  const absl::Time start = absl::Now();
  auto world = std::make_unique<OpenEscalations>();
  world->open = open;
  BenchCordonOptions options;
  options.sync_writes = false;
  // Round 0 drained inline, in batches of 4096: in passes of 64 it would
  // take ~3,000 passes, each scanning past the tombstones of every action
  // done before it; and cordon-server's new thread per action would seed
  // RocksDB's memtable skiplist heights alike in every thread (see
  // docs/benchmarks.md), which makes this set-up take minutes.
  options.worker.batch_size = 4096;
  options.worker.parallelism = 1;
  CORDON_ASSIGN_OR_RETURN(world->cordon, BenchCordon::Create(options));
  BenchCordon& cordon = *world->cordon;
  CORDON_RETURN_IF_ERROR(cordon.SetUpOrganization());
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName org,
                          core::ParseOrganizationName(cordon.organization()));
  world->account = org.account;
  world->organization = org.organization;
  // One account admin: each notice then queues one e-mail (ESC-6).
  cordon::v1::User admin;
  admin.set_email("admin@msp.example");
  admin.set_display_name("Ada");
  admin.set_role(cordon::v1::ACCOUNT_ADMIN);
  CORDON_RETURN_IF_ERROR(cordon.engine()
                             .users()
                             .Create(BenchCordon::Operator(), org.account,
                                     admin, engine::IdempotentCall{})
                             .status());
  for (int64_t first = 0; first < open; first += kRaisedPerTransaction) {
    std::unique_ptr<store::Transaction> txn = cordon.db().Begin();
    const int64_t end = std::min(open, first + kRaisedPerTransaction);
    for (int64_t i = first; i < end; ++i) {
      CORDON_RETURN_IF_ERROR(cordon.engine()
                                 .escalations()
                                 .Raise(*txn, world->NextOccurrence())
                                 .status());
    }
    CORDON_RETURN_IF_ERROR(txn->Commit());
  }
  // Round 0 at the raise time: every notice timer, then every e-mail it
  // queued.
  CORDON_ASSIGN_OR_RETURN(int handled, cordon.engine().worker().RunUntilIdle(
                                           /*max_passes=*/1000));
  if (handled != 2 * open) {
    return absl::InternalError(absl::StrCat("round 0 handled ", handled,
                                            " actions, expected ", 2 * open));
  }
  CORDON_RETURN_IF_ERROR(cordon.Reopen(/*sync_writes=*/true));
  world->setup_time = absl::Now() - start;
  return world;
}

std::unique_ptr<OpenEscalations>& Cached() {
  static std::unique_ptr<OpenEscalations>* const cached =
      new std::unique_ptr<OpenEscalations>();
  return *cached;
}

// Built on first use, rebuilt only when the size changes or a compacted one
// is asked for uncompacted (the cases are registered so that neither
// happens). Closed at exit, which removes its data directory.
absl::StatusOr<OpenEscalations*> Acquire(int64_t open, bool compacted) {
  std::unique_ptr<OpenEscalations>& cached = Cached();
  if (cached == nullptr || cached->open != open ||
      (cached->compacted && !compacted)) {
    cached.reset();
    CORDON_ASSIGN_OR_RETURN(cached, Build(open));
    // Registered after RocksDB's own statics exist, so it runs before they
    // are destroyed.
    static const int cleanup = std::atexit([] { Cached().reset(); });
    (void)cleanup;
  }
  OpenEscalations& world = *cached;
  if (compacted && !world.compacted) {
    store::RocksDatabase& db = world.cordon->db();
    rocksdb::CompactRangeOptions options;
    options.bottommost_level_compaction =
        rocksdb::BottommostLevelCompaction::kForce;
    CORDON_RETURN_IF_ERROR(store::FromRocks(db.raw()->CompactRange(
        options, db.handle(store::Family::kOutbox), nullptr, nullptr)));
    world.compacted = true;
  }
  return &world;
}

void EscalationScheduler(benchmark::State& state) {
  absl::StatusOr<OpenEscalations*> acquired =
      Acquire(state.range(0), state.range(1) != 0);
  if (!acquired.ok()) {
    state.SkipWithError(std::string(acquired.status().message()).c_str());
    return;
  }
  OpenEscalations& world = **acquired;
  engine::Engine& engine = world.cordon->engine();
  store::RocksDatabase& db = world.cordon->db();
  Samples commits("raise_commit");
  Samples passes("pass");
  Samples scans("scan");
  for (auto _ : state) {
    std::unique_ptr<store::Transaction> txn = db.Begin();
    absl::StatusOr<cordon::v1::Escalation> raised =
        engine.escalations().Raise(*txn, world.NextOccurrence());
    absl::Status status = raised.status();
    if (status.ok()) {
      const absl::Time commit_start = absl::Now();
      status = txn->Commit();
      commits.Add(absl::Now() - commit_start);
    }
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      break;
    }

    const absl::Time start = absl::Now();
    absl::StatusOr<int> handled = engine.worker().RunOnce();
    const absl::Duration pass = absl::Now() - start;
    if (!handled.ok() || *handled != 1) {
      state.SkipWithError(
          handled.ok() ? "the pass did not handle exactly one timer"
                       : std::string(handled.status().message()).c_str());
      break;
    }
    state.SetIterationTime(absl::ToDoubleSeconds(pass));
    passes.Add(pass);

    // The same read the pass starts with; now only the e-mail is due.
    const absl::Time scan_start = absl::Now();
    absl::StatusOr<std::vector<engine::QueuedAction>> due =
        engine.outbox().Due(absl::Now(), 64);
    scans.Add(absl::Now() - scan_start);
    if (!due.ok() || due->size() != 1) {
      state.SkipWithError("expected exactly the notice's e-mail to be due");
      break;
    }
    handled = engine.worker().RunOnce();
    if (!handled.ok() || *handled != 1) {
      state.SkipWithError("the e-mail pass did not handle exactly one action");
      break;
    }
    txn = db.Begin();
    status = engine.escalations().Resolve(*txn, raised->name(),
                                          cordon::v1::Escalation::DISMISSED,
                                          BenchCordon::Operator());
    if (status.ok()) status = txn->Commit();
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      break;
    }
  }
  commits.Report(state);
  passes.Report(state);
  scans.Report(state);
  state.counters["setup_s"] = absl::ToDoubleSeconds(world.setup_time);
}

// Registered smallest first, uncompacted before compacted: each size is set
// up once. ~4 synced writes per iteration.
BENCHMARK(EscalationScheduler)
    ->ArgNames({"open", "compacted"})
    ->Args({1, 0})
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Iterations(200)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cordon::bench
