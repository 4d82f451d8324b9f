#include "simulator/swarm/runner.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "simulator/scenario_runner.h"

namespace cordon::sim::swarm {
namespace {

// ScenarioError's prefix (simulator/scenario_parse.h).
constexpr char kScenarioMistake[] = "scenario: ";

const StepResult* FailedStep(const ScenarioReport& report) {
  for (const StepResult& step : report.steps) {
    if (!step.ok) return &step;
  }
  return nullptr;
}

const ExpectationResult* FailedExpectation(const ScenarioReport& report) {
  for (const ExpectationResult& result : report.expectations) {
    if (!result.met) return &result;
  }
  return nullptr;
}

}  // namespace

FailureKind KindOf(const ScenarioReport& report) {
  if (!report.setup_error.empty()) return FailureKind::kInvalid;
  if (!report.invariant_violations.empty()) return FailureKind::kInvariant;
  if (const StepResult* step = FailedStep(report); step != nullptr) {
    return absl::StrContains(step->message, kScenarioMistake)
               ? FailureKind::kInvalid
               : FailureKind::kStep;
  }
  if (FailedExpectation(report) != nullptr) return FailureKind::kExpectation;
  return FailureKind::kNone;
}

std::string FirstFailure(const ScenarioReport& report) {
  if (!report.setup_error.empty()) {
    return absl::StrCat("set-up: ", report.setup_error);
  }
  if (!report.invariant_violations.empty()) {
    const InvariantViolation& v = report.invariant_violations.front();
    return absl::StrCat("invariant after step ", v.step, ": ", v.message);
  }
  if (const StepResult* step = FailedStep(report); step != nullptr) {
    return absl::StrCat("step ", step->index, " (", step->description,
                        "): ", step->message);
  }
  if (const ExpectationResult* e = FailedExpectation(report); e != nullptr) {
    return absl::StrCat("step ", e->step, " ", e->what, ": ", e->message);
  }
  return "";
}

std::string ScenarioText(const cordon::sim::v1::Scenario& scenario) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(scenario, &text);
  return text;
}

SeedOutcome RunSeed(uint64_t seed, const SwarmOptions& options) {
  const ScenarioReport report =
      RunScenario(GenerateScenario(seed, options), seed);
  SeedOutcome outcome;
  outcome.ok = report.ok();
  outcome.failure = FirstFailure(report);
  outcome.event_log_hash = report.event_log_hash;
  return outcome;
}

std::string ReplayCommand(uint64_t seed) {
  return absl::StrCat("cordon-sim --swarm_seed=", seed, " --print_log");
}

}  // namespace cordon::sim::swarm
