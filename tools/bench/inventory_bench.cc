// Inventory of a large tenant (ISO-12): wall time and peak RSS of the first
// run (a full read: every user becomes an identity, one synced transaction
// per page of 100 users) and the time of a second run (a delta round that
// finds nothing changed), against the in-process SimulatedGraph or, with
// https:1, the real Graph adapter over loopback HTTPS to the served
// simulator. RSS is getrusage's high-water mark: the world and the empty
// database are built first, so the growth counters are the inventory's own.
// See docs/benchmarks.md.

#include <sys/resource.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "tools/bench/bench_cordon.h"

namespace cordon::bench {
namespace {

// The process's peak resident set so far, in MiB (ru_maxrss is in KiB).
double PeakRssMiB() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

absl::Status AddUsers(sim::World& world, int users) {
  for (int n = 0; n < users; ++n) {
    sim::UserSpec user;
    user.upn = absl::StrCat("user", n, "@contoso.com");
    user.usage_location = "NL";
    absl::Status added = world.AddUser(BenchCordon::kTenant, user);
    if (!added.ok()) return added;
  }
  return absl::OkStatus();
}

// Runs the organization's inventory once; its wall time in seconds.
absl::StatusOr<double> TimedRun(BenchCordon& cordon,
                                const core::OrganizationName& org, int* added) {
  const absl::Time start = absl::Now();
  absl::StatusOr<engine::InventoryCounts> counts =
      cordon.engine().inventory().Run(org);
  if (!counts.ok()) return counts.status();
  *added = counts->added;
  return absl::ToDoubleSeconds(absl::Now() - start);
}

// range(0): users in the tenant; range(1): 1 = over loopback HTTPS.
void BM_Inventory(benchmark::State& state) {
  BenchCordonOptions options;
  options.over_https = state.range(1) == 1;
  absl::StatusOr<std::unique_ptr<BenchCordon>> created =
      BenchCordon::Create(options);
  if (!created.ok())
    return state.SkipWithError(created.status().ToString().c_str());
  BenchCordon& cordon = **created;
  absl::Status ready = cordon.SetUpOrganization();
  if (ready.ok()) ready = AddUsers(cordon.world(), state.range(0));
  if (!ready.ok()) return state.SkipWithError(ready.ToString().c_str());
  const core::OrganizationName org =
      *core::ParseOrganizationName(cordon.organization());
  const double world_rss = PeakRssMiB();
  for (auto _ : state) {
    int added = 0;
    absl::StatusOr<double> first = TimedRun(cordon, org, &added);
    const double first_rss = PeakRssMiB();
    if (!first.ok())
      return state.SkipWithError(first.status().ToString().c_str());
    if (added != state.range(0)) return state.SkipWithError("users missing");
    absl::StatusOr<double> second = TimedRun(cordon, org, &added);
    if (!second.ok())
      return state.SkipWithError(second.status().ToString().c_str());
    state.counters["first_run_s"] = *first;
    state.counters["second_run_s"] = *second;
    state.counters["rss_before_MiB"] = world_rss;
    state.counters["rss_growth_first_MiB"] = first_rss - world_rss;
    state.counters["rss_growth_second_MiB"] = PeakRssMiB() - first_rss;
  }
}

BENCHMARK(BM_Inventory)
    ->ArgNames({"users", "https"})
    ->Args({10000, 0})
    ->Args({100000, 0})
    ->Args({10000, 1})
    ->Args({100000, 1})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace cordon::bench
