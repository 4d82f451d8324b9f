#include "tools/cordon-sim/swarm_mode.h"

#include <cstdio>
#include <fstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_runner.h"
#include "simulator/swarm/generator.h"
#include "simulator/swarm/runner.h"
#include "simulator/swarm/shrinker.h"
#include "tools/cordon-sim/report_output.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::Scenario;

int Usage(const std::string& why) {
  std::fprintf(stderr,
               "cordon-sim: %s\nusage: cordon-sim --swarm --seeds=A..B | "
               "--swarm_seed=N [--write_scenario=F] [--shrink] | --shrink "
               "--scenario=F --seed=N --write_scenario=OUT\n",
               why.c_str());
  return 2;
}

// "A..B" (inclusive) or "N"; false when it is neither, B < A, or A is 0
// (--swarm_seed=0 means "none", so seed 0 could not be replayed).
bool ParseSeeds(const std::string& text, uint64_t* first, uint64_t* last) {
  std::vector<std::string> parts = absl::StrSplit(text, "..");
  if (parts.size() == 1) parts.push_back(parts[0]);
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], first) &&
         absl::SimpleAtoi(parts[1], last) && *first >= 1 && *first <= *last;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

// --swarm --seeds=A..B: every seed, one line per failure, a summary.
int RunSeeds(const SwarmFlags& flags) {
  uint64_t first = 0;
  uint64_t last = 0;
  if (!ParseSeeds(flags.seeds, &first, &last)) {
    return Usage("--seeds must be N or A..B with A <= B");
  }
  const absl::Time start = absl::Now();
  uint64_t failed = 0;
  for (uint64_t seed = first; seed <= last; ++seed) {
    const swarm::SeedOutcome outcome = swarm::RunSeed(seed);
    if (outcome.ok) continue;
    ++failed;
    std::fprintf(stderr, "cordon-sim: swarm seed %llu FAILED: %s; replay: %s\n",
                 static_cast<unsigned long long>(seed), outcome.failure.c_str(),
                 swarm::ReplayCommand(seed).c_str());
  }
  std::printf(
      "cordon-sim swarm: seeds %llu..%llu: %llu run, %llu failed (%.1f s)\n",
      static_cast<unsigned long long>(first),
      static_cast<unsigned long long>(last),
      static_cast<unsigned long long>(last - first + 1),
      static_cast<unsigned long long>(failed),
      absl::ToDoubleSeconds(absl::Now() - start));
  return failed == 0 ? 0 : 1;
}

// Cuts `failing` down and writes it to --write_scenario.
int ShrinkAndWrite(const Scenario& failing, uint64_t seed,
                   const SwarmFlags& flags) {
  if (flags.write_scenario.empty()) {
    return Usage("--shrink needs --write_scenario");
  }
  // One run of the original says how it fails; the shrinker keeps what
  // fails the same way.
  const swarm::FailureKind kind = swarm::KindOf(RunScenario(failing, seed));
  if (kind == swarm::FailureKind::kNone ||
      kind == swarm::FailureKind::kInvalid) {
    std::fprintf(stderr,
                 "cordon-sim: nothing to shrink: the scenario does "
                 "not fail with seed %llu\n",
                 static_cast<unsigned long long>(seed));
    return 2;
  }
  const swarm::ShrinkResult shrunk =
      swarm::Shrink(failing, swarm::FailsAs(kind, seed));
  if (!WriteFile(flags.write_scenario, swarm::ScenarioText(shrunk.scenario))) {
    return Usage(absl::StrCat("cannot write ", flags.write_scenario));
  }
  std::printf(
      "cordon-sim: shrunk %d steps to %d in %d runs: %s; replay: "
      "cordon-sim --scenario=%s --seed=%llu --print_log\n",
      failing.steps_size(), shrunk.scenario.steps_size(), shrunk.runs,
      flags.write_scenario.c_str(), flags.write_scenario.c_str(),
      static_cast<unsigned long long>(seed));
  return 0;
}

// --swarm_seed=N: the seed's scenario, written, shrunk or run.
int RunOneSeed(const SwarmFlags& flags) {
  const uint64_t seed = flags.swarm_seed;
  const Scenario scenario = swarm::GenerateScenario(seed);
  if (flags.shrink) return ShrinkAndWrite(scenario, seed, flags);
  if (!flags.write_scenario.empty() &&
      !WriteFile(flags.write_scenario, swarm::ScenarioText(scenario))) {
    return Usage(absl::StrCat("cannot write ", flags.write_scenario));
  }
  return PrintReport(RunScenario(scenario, seed), flags.report, flags.print_log,
                     swarm::ReplayCommand(seed));
}

}  // namespace

bool WantsSwarm(const SwarmFlags& flags) {
  return flags.swarm || flags.swarm_seed != 0 || flags.shrink;
}

int RunSwarmMode(const SwarmFlags& flags) {
  if (flags.report != "text" && flags.report != "json") {
    return Usage("--report must be text or json");
  }
  if (flags.swarm) return RunSeeds(flags);
  if (flags.swarm_seed != 0) return RunOneSeed(flags);
  if (flags.scenario.empty())
    return Usage("--shrink needs --scenario or --swarm_seed");
  absl::StatusOr<Scenario> scenario = LoadScenario(flags.scenario);
  if (!scenario.ok()) return Usage(std::string(scenario.status().message()));
  return ShrinkAndWrite(*scenario, flags.seed, flags);
}

}  // namespace cordon::sim
