// One ListIdentities call, as the identity service makes it once the request
// is validated (IdentityManager::List), on an organization of `identities`
// cloud-only, ACTIVE identities, with a page of 50 (issue 14):
//   matching:0  filter `isolation_state = ISOLATED`, which matches nothing:
//               the case that scanned the whole organization in one call;
//   matching:1  filter `source = CLOUD_ONLY`, which matches every identity:
//               the page fills after 50 rows whatever the budget.
// `budget` is the rows one call may examine: 10000 is the bound before issue
// 14, 0 the default now (RowsExaminedBudget: 256 for a page of 50). Each
// iteration is one call; a walk follows the tokens to the end and starts
// again, so the calls of a walk are timed in proportion. Counters:
// `calls_per_walk` and `found` (identities one walk returned, which must be
// the same for every budget). See docs/benchmarks.md.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "server/store/keys.h"
#include "server/store/transaction.h"
#include "tools/bench/bench_cordon.h"

namespace cordon::bench {
namespace {

constexpr int kRowsPerSetUpWrite = 1000;

// A stored identity as IdentityManager::Create writes it (the list reads
// only the identity rows, so the UPN index and audit entries are left out).
cordon::v1::Identity FilteredListIdentity(const core::OrganizationName& org,
                                          uint64_t id) {
  cordon::v1::Identity identity;
  identity.set_name(
      core::IdentityName{org.account, org.organization, id}.ToString());
  identity.set_upn(absl::StrCat("user", id, "@contoso.com"));
  identity.set_display_name(absl::StrCat("User ", id));
  identity.set_source(cordon::v1::Identity::CLOUD_ONLY);
  identity.set_usage_location("NL");
  identity.set_isolation_state(cordon::v1::Identity::ACTIVE);
  *identity.mutable_create_time() = engine::ToTimestamp(absl::Now());
  *identity.mutable_update_time() = identity.create_time();
  identity.set_etag("W/\"1\"");
  return identity;
}

class FilteredList : public SyncedBenchFixture {
 protected:
  absl::Status Populate(benchmark::State& state) override {
    absl::StatusOr<core::OrganizationName> org =
        core::ParseOrganizationName(cordon_->organization());
    if (!org.ok()) return org.status();
    org_ = *org;
    for (int64_t i = 0; i < state.range(0); i += kRowsPerSetUpWrite) {
      std::unique_ptr<store::Transaction> txn = cordon_->db().Begin();
      for (int64_t j = i;
           j < std::min<int64_t>(state.range(0), i + kRowsPerSetUpWrite); ++j) {
        const uint64_t id = static_cast<uint64_t>(j) + 1;
        txn->Put(store::Family::kIdentities,
                 store::KeyOf({org_.account, org_.organization, id}),
                 FilteredListIdentity(org_, id));
      }
      if (absl::Status s = txn->Commit(); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  core::OrganizationName org_;
};

BENCHMARK_DEFINE_F(FilteredList, ListIdentities)(benchmark::State& state) {
  engine::IdentityManager::ListQuery query;
  if (state.range(2) == 0) {
    query.isolation_state = cordon::v1::Identity::ISOLATED;
  } else {
    query.source = cordon::v1::Identity::CLOUD_ONLY;
  }
  engine::PageRequest page;
  page.max_rows_examined = static_cast<int>(state.range(1));
  // What the first complete walk took and returned.
  int64_t walks = 0;
  int64_t calls = 0;
  int64_t found = 0;
  for (auto _ : state) {
    if (!Ready(state)) break;
    absl::StatusOr<engine::Page<cordon::v1::Identity>> result =
        cordon_->engine().identities().List(org_, query, page);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      break;
    }
    if (walks == 0) {
      ++calls;
      found += static_cast<int64_t>(result->items.size());
    }
    page.resume_after_key = result->resume_after_key;
    if (page.resume_after_key.empty()) ++walks;
  }
  state.SetItemsProcessed(state.iterations());
  if (walks > 0) {
    state.counters["calls_per_walk"] = static_cast<double>(calls);
    state.counters["found"] = static_cast<double>(found);
  }
}

BENCHMARK_REGISTER_F(FilteredList, ListIdentities)
    ->ArgNames({"identities", "budget", "matching"})
    ->ArgsProduct({{1000, 10000}, {10000, 0}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cordon::bench
