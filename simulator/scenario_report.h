#ifndef CORDON_SIMULATOR_SCENARIO_REPORT_H_
#define CORDON_SIMULATOR_SCENARIO_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::sim {

// How one step of a scenario went.
struct StepResult {
  int index = 0;            // 0-based position in the file
  std::string description;  // the label, or the step's text
  std::string time;         // simulated time after the step
  bool ok = true;           // performed as the scenario said
  std::string message;      // why not, when !ok
};

// One checked expectation.
struct ExpectationResult {
  int step = 0;      // the expect step it belongs to
  std::string what;  // "identity alice isolation_state"
  bool met = true;
  std::string message;  // expected vs. actual
};

// An invariant that did not hold after a step (DESIGN rule 3).
struct InvariantViolation {
  int step = 0;  // -1 = after the set-up
  std::string message;
};

// Everything a run found, enough to judge and to replay it.
struct ScenarioReport {
  std::string scenario;
  uint64_t seed = 0;
  // Set when the scenario could not be set up (bad alias, bad duration,
  // invalid faults...): no step ran.
  std::string setup_error;
  std::vector<StepResult> steps;
  std::vector<ExpectationResult> expectations;
  int invariant_checks = 0;
  std::vector<InvariantViolation> invariant_violations;
  // FNV-1a 64 of the event log: equal hashes, equal runs.
  std::string event_log_hash;
  std::vector<std::string> event_log;
  // The BUGGIFY sites this seed switched on, to print with the seed.
  std::vector<std::string> buggify_sites;

  int expectations_failed() const;
  bool ok() const;
};

// The report as one JSON object, the message cordon.sim.v1.ScenarioRunReport
// (protos/cordon/sim/v1/report.proto, docs/simulator.md) printed by
// protobuf's JSON printer, with a newline; the event log is included only
// when `with_log`. Text that is not valid UTF-8 is printed with U+FFFD in
// place of each bad byte, so the JSON is always valid.
std::string ReportToJson(const ScenarioReport& report, bool with_log);
// The report for people: one line per step and expectation, failures
// first-class, the seed and the replay command at the end.
std::string ReportToText(const ScenarioReport& report);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_REPORT_H_
