#include "simulator/swarm/fault_generators.h"

#include "absl/strings/str_cat.h"

namespace cordon::sim::swarm {
namespace {

using cordon::sim::v1::ScenarioErrorMix;
using cordon::sim::v1::ScenarioFaults;
using cordon::sim::v1::ScenarioOperationFaults;

ScenarioFaults& Faults(History& history) {
  return *history.scenario().mutable_faults();
}

// A rate in [lo, hi] in steps of 0.05 (short, readable scenario text).
double Rate(History& history, int lo_20ths, int hi_20ths) {
  return history.Between(lo_20ths, hi_20ths) / 20.0;
}

// Transient kinds mostly; an effect without an answer sometimes; a
// permanent refusal rarely (it must then show, ISO-11).
void RandomMix(History& history, ScenarioErrorMix& mix) {
  mix.set_throttled(history.Between(0, 3));
  mix.set_unavailable(history.Between(0, 2));
  mix.set_concurrency_violation(history.Between(0, 1));
  mix.set_internal_error(history.Between(0, 1));
  mix.set_timeout(history.Between(0, 2));
  mix.set_timeout_after_effect(history.Between(0, 2));
  mix.set_permanent(history.Chance(0.15) ? 1 : 0);
  if (mix.throttled() + mix.unavailable() + mix.timeout() == 0) {
    mix.set_throttled(1);  // never an empty mix
  }
}

void EveryOperation(History& history) {
  ScenarioOperationFaults& all = *Faults(history).mutable_all();
  all.set_error_rate(Rate(history, 1, 8));
  if (history.Chance(0.5)) RandomMix(history, *all.mutable_mix());
}

void SomeOperations(History& history) {
  const int count = history.Between(1, 2);
  for (int i = 0; i < count; ++i) {
    ScenarioOperationFaults& op = *Faults(history).add_operations();
    op.set_operation(static_cast<ScenarioOperationFaults::Operation>(
        history.Between(1, ScenarioOperationFaults::Operation_MAX)));
    op.set_error_rate(Rate(history, 2, 20));
    RandomMix(history, *op.mutable_mix());
  }
}

void RetryAfter(History& history) {
  Faults(history).set_retry_after_min(absl::StrCat(history.Between(1, 5), "s"));
  Faults(history).set_retry_after_max(
      absl::StrCat(history.Between(10, 90), "s"));
}

void Budget(History& history) {
  Faults(history).set_calls_per_minute(history.Between(2, 30));
}

void Buggify(History& history) {
  auto& buggify = *Faults(history).mutable_buggify();
  buggify.set_enabled(true);
  if (history.Chance(0.5)) buggify.set_p_site(Rate(history, 2, 12));
  if (history.Chance(0.5)) buggify.set_p_fire(Rate(history, 1, 6));
}

void StartQuiet(History& history) { Faults(history).set_start_quiet(true); }

// Consent broken from the start in one tenant (fixed in the quiet period).
void TenantAadsts(History& history) {
  const auto& tenants = history.scenario().world().tenants();
  auto& broken = *Faults(history).add_tenant_aadsts();
  broken.set_tenant(
      tenants[history.Pick(static_cast<int>(tenants.size()))].alias());
  broken.set_code("AADSTS65001");
}

}  // namespace

const std::vector<FaultGenerator>& FaultGenerators() {
  static const auto* table = new std::vector<FaultGenerator>{
      {"every_operation", 0.5, EveryOperation},
      {"some_operations", 0.4, SomeOperations},
      {"retry_after", 0.3, RetryAfter},
      {"budget", 0.2, Budget},
      {"buggify", 0.35, Buggify},
      {"start_quiet", 0.15, StartQuiet},
      {"tenant_aadsts", 0.05, TenantAadsts},
  };
  return *table;
}

void GenerateFaults(History& history) {
  for (const FaultGenerator& generator : FaultGenerators()) {
    if (history.Chance(generator.probability)) generator.apply(history);
  }
}

}  // namespace cordon::sim::swarm
