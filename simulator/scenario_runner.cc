#include "simulator/scenario_runner.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "simulator/event_log.h"
#include "simulator/invariants.h"
#include "simulator/scenario_setup.h"
#include "simulator/scenario_state.h"
#include "simulator/scenario_steps.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioStep;

// expect_code names one code or alternatives separated by "|".
bool CodeAccepted(absl::string_view expect_code, absl::string_view got) {
  for (absl::string_view code : absl::StrSplit(expect_code, '|')) {
    if (code == got) return true;
  }
  return false;
}

// Runs one scenario: sets it up, performs its steps until one fails, and
// checks the invariants after the set-up and after every step.
class Runner {
 public:
  Runner(const Scenario& scenario, uint64_t seed,
         const ScenarioRunOptions& options)
      : scenario_(scenario), seed_(seed), options_(options) {
    report_.scenario = scenario.name();
    report_.seed = seed;
  }

  ScenarioReport Run() {
    if (absl::Status s =
            SetUpScenario(scenario_, seed_, state_, options_.open_store);
        !s.ok()) {
      report_.setup_error = std::string(s.message());
    } else {
      invariants_ = std::make_unique<InvariantChecker>(state_.sim.get());
      if (options_.cross_check_invariants) {
        full_invariants_ = std::make_unique<InvariantChecker>(state_.sim.get());
      }
      CheckInvariants(-1, /*full=*/true);
      for (int i = 0; i < scenario_.steps_size(); ++i) {
        if (!RunStep(scenario_.steps(i), i)) break;
      }
    }
    // A set-up that failed half-way still shows what it did.
    if (state_.sim != nullptr) {
      report_.event_log_hash = state_.sim->log().Hash();
      report_.event_log = state_.sim->log().lines();
      report_.buggify_sites = state_.sim->faults().EnabledBuggifySites();
    }
    return std::move(report_);
  }

 private:
  // Returns false when the run must stop: a step that did not happen makes
  // the rest meaningless.
  bool RunStep(const ScenarioStep& step, int index) {
    StepResult result;
    result.index = index;
    result.description =
        step.label().empty() ? step.ShortDebugString() : step.label();
    absl::Status mistake;
    const absl::Status answer =
        PerformStep(step, index, state_, &report_.expectations, &mistake);
    if (!mistake.ok()) {
      result.ok = false;
      result.message = std::string(mistake.message());
    } else if (!step.expect_code().empty()) {
      const std::string got = absl::StatusCodeToString(answer.code());
      if (!CodeAccepted(step.expect_code(), got)) {
        result.ok = false;
        result.message = absl::StrCat("expected ", step.expect_code(), ", got ",
                                      answer.ok() ? "OK" : answer.ToString());
      }
    } else if (!answer.ok()) {
      result.ok = false;
      result.message = answer.ToString();
    }
    result.time = FormatSimTime(state_.sim->clock().Now());
    report_.steps.push_back(std::move(result));
    const bool ok = report_.steps.back().ok;
    // Quiet points and the end of the run get a full rescan.
    CheckInvariants(index, step.has_settle() || step.has_quiet() || !ok ||
                               index + 1 == scenario_.steps_size());
    return ok;
  }

  void CheckInvariants(int step, bool full) {
    ++report_.invariant_checks;
    absl::StatusOr<std::vector<std::string>> violations =
        full ? invariants_->CheckAll() : invariants_->Check();
    if (full_invariants_ != nullptr) CrossCheck(step, violations);
    if (!violations.ok()) {
      report_.invariant_violations.push_back(
          {step, absl::StrCat("invariant check failed: ",
                              violations.status().ToString())});
      return;
    }
    for (std::string& violation : *violations) {
      report_.invariant_violations.push_back({step, std::move(violation)});
    }
  }

  // Reports a difference between `found` and a full rescan's answer.
  void CrossCheck(int step,
                  const absl::StatusOr<std::vector<std::string>>& found) {
    const absl::StatusOr<std::vector<std::string>> full =
        full_invariants_->CheckAll();
    if (full.ok() == found.ok() && (!full.ok() || *full == *found)) return;
    auto text = [](const absl::StatusOr<std::vector<std::string>>& v) {
      return v.ok() ? absl::StrCat("[", absl::StrJoin(*v, "; "), "]")
                    : v.status().ToString();
    };
    report_.invariant_violations.push_back(
        {step, absl::StrCat("the incremental invariant check found ",
                            text(found), ", a full one ", text(full))});
  }

  const Scenario& scenario_;
  const uint64_t seed_;
  const ScenarioRunOptions options_;
  ScenarioReport report_;
  ScenarioState state_;
  std::unique_ptr<InvariantChecker> invariants_;
  // With cross_check_invariants: a checker that always rescans everything.
  std::unique_ptr<InvariantChecker> full_invariants_;
};

}  // namespace

ScenarioReport RunScenario(const Scenario& scenario, uint64_t seed,
                           const ScenarioRunOptions& options) {
  return Runner(scenario, seed, options).Run();
}

}  // namespace cordon::sim
