// Identity creates per second into an organization that already holds N
// identities, on a synced RocksDB, from one thread (issue 14, "counts, not
// scans"). Each create checks the organization's cap
// (kMaxIdentitiesPerOrganization): it used to count the organization's rows
// under its lock, so creates slowed down as the organization grew; it now
// reads one counter row (engine/common/child_counts.h), and the rate into
// a full organization should match the rate into an empty one. See
// docs/benchmarks.md.

#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "server/store/rocks/rocks_status.h"
#include "tools/bench/bench_cordon.h"

namespace cordon::bench {
namespace {

absl::Status CreateBenchIdentity(BenchCordon& cordon, const std::string& upn) {
  cordon::v1::Identity identity;
  identity.set_upn(upn);
  identity.set_display_name("Bench user");
  identity.set_source(cordon::v1::Identity::CLOUD_ONLY);
  identity.set_usage_location("US");
  return cordon.engine()
      .identities()
      .Create(BenchCordon::Operator(),
              *core::ParseOrganizationName(cordon.organization()), identity,
              engine::IdempotentCall{})
      .status();
}

class IdentityCreate : public SyncedBenchFixture {
 protected:
  // state.range(0) identities already in the organization, written unsynced.
  absl::Status Populate(benchmark::State& state) override {
    for (int64_t i = 0; i < state.range(0); ++i) {
      CORDON_RETURN_IF_ERROR(CreateBenchIdentity(
          *cordon_, absl::StrCat("held", i, "@bench.test")));
    }
    // Compacted before the timed loop: the set-up's writes are not still
    // being flushed and compacted while it runs, so the sizes differ only
    // in what is stored.
    store::RocksDatabase& db = cordon_->db();
    rocksdb::CompactRangeOptions options;
    options.bottommost_level_compaction =
        rocksdb::BottommostLevelCompaction::kForce;
    for (int f = 0; f < static_cast<int>(store::Family::kCount); ++f) {
      CORDON_RETURN_IF_ERROR(store::FromRocks(db.raw()->CompactRange(
          options, db.handle(static_cast<store::Family>(f)), nullptr,
          nullptr)));
    }
    return absl::OkStatus();
  }
};

BENCHMARK_DEFINE_F(IdentityCreate, IntoOrganizationHolding)
(benchmark::State& state) {
  int64_t next = 0;
  for (auto _ : state) {
    if (!Ready(state)) break;
    const absl::Status created = CreateBenchIdentity(
        *cordon_, absl::StrCat("new", next++, "@bench.test"));
    if (!created.ok()) {
      state.SkipWithError(std::string(created.message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Fixed counts: ~1 s of synced creates after the set-up.
BENCHMARK_REGISTER_F(IdentityCreate, IntoOrganizationHolding)
    ->ArgName("identities")
    ->Arg(0)
    ->Arg(1000)
    ->Arg(20000)
    ->Arg(90000)
    ->Iterations(2000)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cordon::bench
