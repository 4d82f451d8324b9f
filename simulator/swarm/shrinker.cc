#include "simulator/swarm/shrinker.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "simulator/scenario_runner.h"
#include "simulator/swarm/quiet_period.h"
#include "simulator/swarm/runner.h"
#include "simulator/swarm/scenario_repair.h"

namespace cordon::sim::swarm {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioStep;

bool InQuietPeriod(const ScenarioStep& step) {
  return absl::StartsWith(step.label(), kQuietPeriodLabel);
}

bool HasQuietPeriod(const Scenario& scenario) {
  return std::any_of(scenario.steps().begin(), scenario.steps().end(),
                     InQuietPeriod);
}

// `scenario` with the steps of its history (its quiet period aside) in
// [begin, end) removed.
Scenario WithoutSteps(const Scenario& scenario, int begin, int end) {
  Scenario candidate = scenario;
  candidate.clear_steps();
  int history_index = 0;
  for (const ScenarioStep& step : scenario.steps()) {
    if (InQuietPeriod(step)) continue;
    const int i = history_index++;
    if (i < begin || i >= end) *candidate.add_steps() = step;
  }
  return candidate;
}

int HistoryLength(const Scenario& scenario) {
  return static_cast<int>(std::count_if(
      scenario.steps().begin(), scenario.steps().end(),
      [](const ScenarioStep& step) { return !InQuietPeriod(step); }));
}

class Shrinker {
 public:
  Shrinker(const Scenario& failing, const FailurePredicate& fails, int max_runs)
      : best_(failing),
        fails_(fails),
        max_runs_(max_runs),
        quiet_period_(HasQuietPeriod(failing)) {}

  ShrinkResult Run() {
    for (bool progress = true; progress && runs_ < max_runs_;) {
      progress = ShrinkSteps();
      progress |= ShrinkEntities();
      progress |= ShrinkFaults();
    }
    return {best_, runs_};
  }

 private:
  // Keeps `candidate` when it still fails.
  bool Try(Scenario candidate) {
    if (runs_ >= max_runs_) return false;
    DropDanglingReferences(candidate);
    if (quiet_period_) CloseHistory(candidate);
    ++runs_;
    if (!fails_(candidate)) return false;
    best_ = std::move(candidate);
    return true;
  }

  // ddmin over the history: chunks of half, a quarter, ... one step.
  bool ShrinkSteps() {
    bool progress = false;
    for (int chunk = std::max(1, HistoryLength(best_) / 2); chunk >= 1;
         chunk /= 2) {
      for (int begin = 0; begin < HistoryLength(best_);) {
        if (Try(WithoutSteps(best_, begin, begin + chunk))) {
          progress = true;  // the next chunk now starts at `begin`
        } else {
          begin += chunk;
        }
      }
    }
    return progress;
  }

  // Tries removing element `i` of the repeated field `field_of` selects,
  // for each i from the last to the first.
  template <typename FieldOf>
  bool RemoveEach(FieldOf field_of) {
    bool progress = false;
    for (int i = field_of(best_).size() - 1; i >= 0; --i) {
      if (i >= field_of(best_).size()) continue;
      Scenario candidate = best_;
      auto& field = field_of(candidate);
      field.erase(field.begin() + i);
      progress |= Try(std::move(candidate));
    }
    return progress;
  }

  bool ShrinkEntities() {
    bool progress = RemoveEach([](Scenario & s) -> auto& {
      return *s.mutable_world()->mutable_tenants();
    });
    progress |= RemoveEach([](Scenario & s) -> auto& {
      return *s.mutable_cordon()->mutable_identities();
    });
    for (int t = 0; t < best_.world().tenants_size(); ++t) {
      progress |= RemoveEach([t](Scenario & s) -> auto& {
        return *s.mutable_world()->mutable_tenants(t)->mutable_users();
      });
    }
    progress |= RemoveEach([](Scenario & s) -> auto& {
      return *s.mutable_cordon()->mutable_users();
    });
    if (best_.cordon().has_psa()) {
      Scenario candidate = best_;
      candidate.mutable_cordon()->clear_psa();
      progress |= Try(std::move(candidate));
    }
    return progress;
  }

  // The whole plan, else knob by knob.
  bool ShrinkFaults() {
    if (!best_.has_faults()) return false;
    Scenario none = best_;
    none.clear_faults();
    if (Try(std::move(none))) return true;
    bool progress = RemoveEach([](Scenario & s) -> auto& {
      return *s.mutable_faults()->mutable_operations();
    });
    const std::vector<void (*)(cordon::sim::v1::ScenarioFaults&)> knobs = {
        [](auto& f) { f.clear_all(); },
        [](auto& f) { f.clear_buggify(); },
        [](auto& f) { f.clear_calls_per_minute(); },
        [](auto& f) { f.clear_tenant_budgets(); },
        [](auto& f) { f.clear_tenant_aadsts(); },
        [](auto& f) {
          f.clear_retry_after_min();
          f.clear_retry_after_max();
        },
        [](auto& f) { f.clear_start_quiet(); },
    };
    for (auto clear : knobs) {
      Scenario candidate = best_;
      clear(*candidate.mutable_faults());
      if (candidate.faults().ShortDebugString() ==
          best_.faults().ShortDebugString()) {
        continue;  // nothing to take away
      }
      progress |= Try(std::move(candidate));
    }
    return progress;
  }

  Scenario best_;
  const FailurePredicate& fails_;
  const int max_runs_;
  const bool quiet_period_;
  int runs_ = 0;
};

}  // namespace

FailurePredicate FailsAs(FailureKind kind, uint64_t seed) {
  return [kind, seed](const Scenario& candidate) {
    return kind != FailureKind::kNone && kind != FailureKind::kInvalid &&
           KindOf(RunScenario(candidate, seed)) == kind;
  };
}

FailurePredicate FailsLike(const Scenario& original, uint64_t seed) {
  return FailsAs(KindOf(RunScenario(original, seed)), seed);
}

ShrinkResult Shrink(const Scenario& failing, const FailurePredicate& fails,
                    int max_runs) {
  return Shrinker(failing, fails, max_runs).Run();
}

}  // namespace cordon::sim::swarm
