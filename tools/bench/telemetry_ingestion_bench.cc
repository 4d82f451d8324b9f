// Sign-ins per second: TelemetryManager::RecordSignIn on a synced RocksDB,
// from 1 and from 4 threads, each call with its own event id. One call is one
// transaction (the event id that makes ingestion idempotent, plus whatever
// the sign-in causes) synced to the WAL before it returns, as RecordSignIn
// behind the API commits it. The sign-ins rotate over 100 identities of one
// organization whose usage location is US; no access rules exist.
//   countries:0  from the usage location, no VPN: nothing changes but the
//                seen event id;
//   countries:1  from one country that is not the usage location: the first
//                raises the organization's LOW LOGIN_UNEXPECTED_COUNTRY
//                escalation for it, every later one joins it (ESC-7: adds an
//                event to the one open escalation);
//   countries:4  (4 threads) as countries:1, but each thread signs in from a
//                country of its own: four open escalations.
// `prior` sign-ins of the (first) country are recorded before timing, so the
// escalation the timed ones join already holds that many events (at most
// 1000 are kept). 16 threads (issue 14) show what joins of one escalation
// gain from sharing synced commits. See docs/benchmarks.md.

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "tools/bench/bench_cordon.h"

namespace cordon::bench {
namespace {

// The sign-ins rotate over this many identities, so an escalation lists at
// most this many (Escalation.identities).
constexpr int kIdentities = 100;
constexpr char kUsageLocation[] = "US";
constexpr std::array<const char*, 4> kUnexpectedCountries = {"RU", "BR", "CN",
                                                             "NG"};

// A sign-in from the usage location when `countries` is 0, else from
// unexpected country `thread % countries`.
cordon::v1::SignInEvent SignIn(const core::IdentityName& identity,
                               const std::string& event_id, int64_t countries,
                               int thread) {
  cordon::v1::SignInEvent event;
  event.set_event_id(event_id);
  event.set_identity(identity.ToString());
  *event.mutable_time() = engine::ToTimestamp(absl::Now());
  event.set_ip_address("203.0.113.7");
  event.set_country(countries == 0 ? kUsageLocation
                                   : kUnexpectedCountries[thread % countries]);
  return event;
}

class TelemetryIngestion : public SyncedBenchFixture {
 protected:
  // The identities, and any prior sign-ins (range(1)) of the escalation.
  absl::Status Populate(benchmark::State& state) override {
    identities_.clear();
    absl::StatusOr<core::OrganizationName> org =
        core::ParseOrganizationName(cordon_->organization());
    if (!org.ok()) return org.status();
    for (int i = 0; i < kIdentities; ++i) {
      cordon::v1::Identity identity;
      identity.set_upn(absl::StrCat("signin", i, "@contoso.com"));
      identity.set_source(cordon::v1::Identity::CLOUD_ONLY);
      identity.set_usage_location(kUsageLocation);
      absl::StatusOr<cordon::v1::Identity> made =
          cordon_->engine().identities().Create(BenchCordon::Operator(), *org,
                                                identity,
                                                engine::IdempotentCall{});
      if (!made.ok()) return made.status();
      absl::StatusOr<core::IdentityName> name =
          core::ParseIdentityName(made->name());
      if (!name.ok()) return name.status();
      identities_.push_back(*name);
    }
    for (int64_t i = 0; i < state.range(1); ++i) {
      const core::IdentityName& identity = identities_[i % kIdentities];
      absl::StatusOr<engine::Ingestion> recorded =
          cordon_->engine().telemetry().RecordSignIn(
              BenchCordon::Operator(), identity,
              SignIn(identity, absl::StrCat("prior-", i), state.range(0),
                     /*thread=*/0));
      if (!recorded.ok()) return recorded.status();
    }
    return absl::OkStatus();
  }

  std::vector<core::IdentityName> identities_;
};

BENCHMARK_DEFINE_F(TelemetryIngestion, RecordSignIn)(benchmark::State& state) {
  const int64_t countries = state.range(0);
  const int thread = state.thread_index();
  int64_t n = 0;
  for (auto _ : state) {
    if (!Ready(state)) break;
    const core::IdentityName& identity =
        identities_[(n * 4 + thread) % kIdentities];
    // Built inside the timed loop, as the API edge builds it per call.
    const cordon::v1::SignInEvent event =
        SignIn(identity, absl::StrCat("t", thread, "-", n), countries, thread);
    absl::StatusOr<engine::Ingestion> recorded =
        cordon_->engine().telemetry().RecordSignIn(BenchCordon::Operator(),
                                                   identity, event);
    if (!recorded.ok()) {
      state.SkipWithError(std::string(recorded.status().message()).c_str());
      break;
    }
    if (*recorded == engine::Ingestion::kDuplicate) {
      state.SkipWithError("an event id was taken for a duplicate");
      break;
    }
    ++n;
  }
  state.SetItemsProcessed(state.iterations());
  // After the loop's closing barrier every thread is done: count what the
  // sign-ins left (summed over threads, so only thread 0 reports).
  if (thread == 0 && error_.empty() && cordon_ != nullptr) {
    absl::StatusOr<std::vector<cordon::v1::Escalation>> open =
        cordon_->engine().escalations().OpenEscalations(
            identities_.front().account, /*login_only=*/true);
    if (!open.ok()) {
      state.SkipWithError(std::string(open.status().message()).c_str());
      return;
    }
    int64_t events = 0;
    size_t largest = 0;
    for (const cordon::v1::Escalation& escalation : *open) {
      events += escalation.event_count();
      // The stored row: the occurrences live in rows of their own.
      cordon::v1::Escalation row = escalation;
      row.clear_events();
      row.clear_event_count();
      largest = std::max(largest, row.ByteSizeLong());
    }
    state.counters["open_escalations"] = static_cast<double>(open->size());
    state.counters["events"] = static_cast<double>(events);
    // The escalation's stored row, which a join reads (and rewrites only
    // for a new identity).
    state.counters["row_kb"] = static_cast<double>(largest) / 1024;
  }
}

void Common(benchmark::internal::Benchmark* b) {
  b->ArgNames({"countries", "prior"})
      ->Args({0, 0})
      ->Args({1, 0})
      ->Args({1, 1000})
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
}

// Fixed counts (per thread), ~1-8 s per case on a disk that syncs in ~3.5 ms.
BENCHMARK_REGISTER_F(TelemetryIngestion, RecordSignIn)
    ->Apply(Common)
    ->Threads(1)
    ->Iterations(1000);
BENCHMARK_REGISTER_F(TelemetryIngestion, RecordSignIn)
    ->Apply(Common)
    ->Args({4, 0})
    ->Threads(4)
    ->Iterations(500);
BENCHMARK_REGISTER_F(TelemetryIngestion, RecordSignIn)
    ->Apply(Common)
    ->Threads(16)
    ->Iterations(250);

}  // namespace
}  // namespace cordon::bench
