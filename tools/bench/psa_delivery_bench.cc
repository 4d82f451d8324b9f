// Report-to-ticket latency (ESC-3): from IncidentManager::Send of a CRITICAL
// incident report in an account with a PSA integration until the PSA has
// answered the create with its ticket id, with the outbox worker's own
// thread (parallelism 8) on a synced RocksDB. psa:1..3 deliver through the
// real ConnectWise, Autotask and HaloPSA adapters over loopback HTTPS to the
// fakes cordon-sim --serve serves (HttpsPsa); psa:0 through the in-process
// SimulatedPsa. Each run also times the bare adapter call (CreateTicket on
// the same port, no engine) so the engine's share is a ratio measured on the
// same noisy machine at the same time. See docs/benchmarks.md.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "server/core/errors.h"
#include "server/engine/escalation/account_delivery.h"
#include "simulator/event_log.h"
#include "simulator/simulated_psa.h"
#include "tools/bench/bench_cordon.h"
#include "tools/bench/https_psa.h"
#include "tools/bench/observed_psa.h"
#include "tools/bench/samples.h"

namespace cordon::bench {
namespace {

using cordon::v1::PsaIntegration;

// Every wait is bounded: a broken worker or PSA fails the benchmark instead
// of hanging it.
constexpr absl::Duration kTimeout = absl::Seconds(10);

// psa:N -> the product; 0 is the in-process SimulatedPsa behind a
// ConnectWise integration.
PsaIntegration::Kind KindOf(int64_t psa) {
  switch (psa) {
    case 2:
      return PsaIntegration::AUTOTASK;
    case 3:
      return PsaIntegration::HALOPSA;
    default:
      return PsaIntegration::CONNECTWISE;
  }
}

// From just before Send: when it returned (the synced write is done) and
// when the PSA answered the create with its ticket.
struct Milestones {
  absl::Duration acked;
  absl::Duration ticket;
};

// The PSA the benchmark delivers to, observed, and a BenchCordon whose
// account has an integration with it.
struct PsaBench {
  ports::SystemClock clock;
  sim::EventLog log{&clock};
  std::unique_ptr<HttpsPsa> https;
  std::unique_ptr<sim::SimulatedPsa> simulated;
  ports::Psa* inner = nullptr;
  std::unique_ptr<ObservedPsa> observed;
  std::unique_ptr<BenchCordon> cordon;

  absl::Status Start(int64_t psa) {
    absl::StatusOr<std::unique_ptr<HttpsPsa>> served = HttpsPsa::Start(&clock);
    if (!served.ok()) return served.status();
    https = std::move(*served);
    inner = &https->psa();
    if (psa == 0) {
      simulated = std::make_unique<sim::SimulatedPsa>(&clock, &log);
      inner = simulated.get();
    }
    observed = std::make_unique<ObservedPsa>(inner);
    BenchCordonOptions options;
    options.psa = observed.get();
    options.psa_integration = https->Integration(KindOf(psa));
    absl::StatusOr<std::unique_ptr<BenchCordon>> created =
        BenchCordon::Create(options);
    if (!created.ok()) return created.status();
    cordon = std::move(*created);
    return cordon->SetUpOrganization();
  }

  // Drafts a CRITICAL report (not isolation-worthy: no Graph call; the
  // draft is not timed), then sends it and waits for its ticket.
  absl::StatusOr<Milestones> ReportToTicket(int n) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName org,
        core::ParseOrganizationName(cordon->organization()));
    cordon::v1::IncidentReport report;
    report.set_title(absl::StrCat("Password spray against the tenant #", n));
    report.set_severity(cordon::v1::CRITICAL);
    CORDON_ASSIGN_OR_RETURN(
        cordon::v1::IncidentReport draft,
        cordon->engine().incidents().Create(BenchCordon::Operator(), org,
                                            report, engine::IdempotentCall{}));
    CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                            core::ParseIncidentReportName(draft.name()));
    const absl::Time start = absl::Now();
    CORDON_RETURN_IF_ERROR(cordon->engine()
                               .incidents()
                               .Send(BenchCordon::Operator(), name, "")
                               .status());
    const absl::Time acked = absl::Now();
    const absl::optional<absl::Time> created =
        observed->AwaitCreated(draft.name(), start + kTimeout);
    if (!created.has_value()) {
      return absl::DeadlineExceededError(
          absl::StrCat("no ticket for ", draft.name(), " within ",
                       absl::FormatDuration(kTimeout)));
    }
    return Milestones{acked - start, *created - start};
  }

  // The adapter alone: one CreateTicket on the same port, as the worker
  // makes it (the tag lookup before the create included).
  absl::StatusOr<absl::Duration> BareCreate(int n) {
    // The connection the engine's delivery reads (the stored secret).
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName org,
        core::ParseOrganizationName(cordon->organization()));
    CORDON_ASSIGN_OR_RETURN(absl::optional<ports::PsaConnection> connection,
                            engine::ReadPsaConnection(cordon->db(), org.account,
                                                      &cordon->sealer()));
    if (!connection.has_value()) {
      return absl::FailedPreconditionError("the account has no PSA");
    }
    ports::PsaTicket ticket;
    ticket.reference = absl::StrCat("bench/bare/", n);
    ticket.title = absl::StrCat("[Cordon] Incident: bare call #", n);
    ticket.body = "cordon-bench";
    const absl::Time start = absl::Now();
    const ports::PsaCallOutcome outcome =
        inner->CreateTicket(*connection, ticket);
    const absl::Duration took = absl::Now() - start;
    if (outcome.http_status / 100 != 2 || outcome.ticket_id.empty()) {
      return absl::InternalError(
          absl::StrCat("bare create answered ", outcome.http_status));
    }
    return took;
  }
};

// Arg: 0 = in-process SimulatedPsa; 1 ConnectWise, 2 Autotask, 3 HaloPSA
// through the real adapter over loopback HTTPS. Manual time =
// send-to-ticket-created.
void BM_ReportToTicket(benchmark::State& state) {
  PsaBench bench;
  if (absl::Status s = bench.Start(state.range(0)); !s.ok()) {
    return state.SkipWithError(std::string(s.message()).c_str());
  }
  bench.cordon->engine().worker().Start();
  // The first delivery and the first bare call open the TLS connection and
  // fill the discovery and token caches: not measured.
  absl::Status warm = bench.ReportToTicket(0).status();
  if (warm.ok()) warm = bench.BareCreate(0).status();
  if (!warm.ok()) {
    bench.cordon->engine().worker().Stop();
    return state.SkipWithError(std::string(warm.message()).c_str());
  }
  Samples acked("ack"), ticket("ticket"), bare("bare");
  int n = 1;
  for (auto _ : state) {
    absl::StatusOr<Milestones> took = bench.ReportToTicket(n);
    // Interleaved, so both see the same moments of a noisy machine.
    absl::StatusOr<absl::Duration> alone = bench.BareCreate(n++);
    if (!took.ok() || !alone.ok()) {
      const absl::Status& failed = took.ok() ? alone.status() : took.status();
      state.SkipWithError(std::string(failed.message()).c_str());
      break;
    }
    state.SetIterationTime(absl::ToDoubleSeconds(took->ticket));
    acked.Add(took->acked);
    ticket.Add(took->ticket);
    bare.Add(*alone);
  }
  bench.cordon->engine().worker().Stop();
  for (const Samples* samples : {&acked, &ticket, &bare}) {
    samples->Report(state);
  }
  if (bare.Percentile(50) > 0) {
    state.counters["ticket_over_bare_p50"] =
        ticket.Percentile(50) / bare.Percentile(50);
  }
}

// 200 reports per product keep a run to a few seconds on a 2-core machine;
// p99 is the 2nd worst.
BENCHMARK(BM_ReportToTicket)
    ->ArgNames({"psa"})
    ->DenseRange(0, 3)
    ->Iterations(200)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cordon::bench
