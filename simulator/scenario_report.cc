#include "simulator/scenario_report.h"

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "cordon/sim/v1/report.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/core/check.h"
#include "server/core/validation.h"

namespace cordon::sim {
namespace {

// U+FFFD REPLACEMENT CHARACTER, in UTF-8.
constexpr absl::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// `text` with each byte that does not start a well-formed UTF-8 sequence
// replaced by U+FFFD. Proto string fields must hold valid UTF-8, and
// scenario text (names, labels, aliases in messages) and event log lines
// may carry any byte: the JSON printer would drop such bytes silently.
std::string ValidUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t code_point;
    if (core::DecodeUtf8(text, &pos, &code_point)) {
      absl::StrAppend(&out, text.substr(start, pos - start));
    } else {
      absl::StrAppend(&out, kReplacementCharacter);
      ++pos;
    }
  }
  return out;
}

void AddSteps(const ScenarioReport& report, v1::ScenarioRunReport* out) {
  for (const StepResult& step : report.steps) {
    v1::ScenarioStepResult* result = out->add_steps();
    result->set_index(step.index);
    result->set_step(ValidUtf8(step.description));
    result->set_time(ValidUtf8(step.time));
    result->set_ok(step.ok);
    result->set_message(ValidUtf8(step.message));
  }
}

void AddExpectations(const ScenarioReport& report, v1::ScenarioRunReport* out) {
  v1::ScenarioExpectationResults* expectations = out->mutable_expectations();
  const int failed = report.expectations_failed();
  expectations->set_met(static_cast<int>(report.expectations.size()) - failed);
  expectations->set_failed(failed);
  for (const ExpectationResult& expectation : report.expectations) {
    v1::ScenarioExpectationResult* result = expectations->add_results();
    result->set_step(expectation.step);
    result->set_what(ValidUtf8(expectation.what));
    result->set_met(expectation.met);
    result->set_message(ValidUtf8(expectation.message));
  }
}

void AddInvariants(const ScenarioReport& report, v1::ScenarioRunReport* out) {
  v1::ScenarioInvariantResults* invariants = out->mutable_invariants();
  invariants->set_checks(report.invariant_checks);
  for (const InvariantViolation& violation : report.invariant_violations) {
    v1::ScenarioInvariantViolation* result = invariants->add_violations();
    result->set_step(violation.step);
    result->set_message(ValidUtf8(violation.message));
  }
}

void AddEventLog(const ScenarioReport& report, bool with_log,
                 v1::ScenarioRunReport* out) {
  out->set_event_log_hash(ValidUtf8(report.event_log_hash));
  out->set_event_log_lines(static_cast<int>(report.event_log.size()));
  if (!with_log) return;
  google::protobuf::ListValue* lines = out->mutable_event_log();
  for (const std::string& line : report.event_log) {
    lines->add_values()->set_string_value(ValidUtf8(line));
  }
}

v1::ScenarioRunReport ToProto(const ScenarioReport& report, bool with_log) {
  v1::ScenarioRunReport out;
  out.set_scenario(ValidUtf8(report.scenario));
  out.set_seed(report.seed);
  out.set_ok(report.ok());
  out.set_setup_error(ValidUtf8(report.setup_error));
  AddSteps(report, &out);
  AddExpectations(report, &out);
  AddInvariants(report, &out);
  for (const std::string& site : report.buggify_sites) {
    out.add_buggify_sites(ValidUtf8(site));
  }
  AddEventLog(report, with_log, &out);
  return out;
}

}  // namespace

int ScenarioReport::expectations_failed() const {
  int failed = 0;
  for (const ExpectationResult& result : expectations) failed += !result.met;
  return failed;
}

bool ScenarioReport::ok() const {
  if (!setup_error.empty() || !invariant_violations.empty()) return false;
  for (const StepResult& step : steps) {
    if (!step.ok) return false;
  }
  return expectations_failed() == 0;
}

std::string ReportToJson(const ScenarioReport& report, bool with_log) {
  google::protobuf::util::JsonPrintOptions options;
  // The names and the always-present keys the report has had since it was
  // written by hand (docs/simulator.md): setup_error, not setupError, and
  // "steps":[] rather than no key.
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  // The printer fails only on what this message cannot hold (an Any of an
  // unknown type, a Value without a kind): a bug here, not a bad scenario.
  const auto printed = google::protobuf::util::MessageToJsonString(
      ToProto(report, with_log), &json, options);
  CORDON_CHECK(printed.ok(), "the scenario report prints as JSON");
  json.push_back('\n');
  return json;
}

std::string ReportToText(const ScenarioReport& report) {
  std::string text =
      absl::StrCat("scenario ", report.scenario, " seed ", report.seed, ": ",
                   report.ok() ? "PASS" : "FAIL", "\n");
  if (!report.setup_error.empty()) {
    absl::StrAppend(&text, "  set-up failed: ", report.setup_error, "\n");
  }
  size_t next_expectation = 0;
  for (const StepResult& step : report.steps) {
    absl::StrAppend(&text, "  step ", step.index, " @", step.time, " ",
                    step.ok ? "ok    " : "FAILED", " ", step.description, "\n");
    if (!step.ok) absl::StrAppend(&text, "      ", step.message, "\n");
    for (; next_expectation < report.expectations.size() &&
           report.expectations[next_expectation].step == step.index;
         ++next_expectation) {
      const ExpectationResult& result = report.expectations[next_expectation];
      absl::StrAppend(&text, "      ", result.met ? "met    " : "NOT MET", " ",
                      result.what);
      if (!result.met) absl::StrAppend(&text, ": ", result.message);
      absl::StrAppend(&text, "\n");
    }
  }
  const int failed = report.expectations_failed();
  absl::StrAppend(&text, "  expectations: ",
                  static_cast<int>(report.expectations.size()) - failed,
                  " met, ", failed, " failed\n");
  absl::StrAppend(&text, "  invariants: ", report.invariant_checks, " checks, ",
                  report.invariant_violations.size(), " violations\n");
  for (const InvariantViolation& violation : report.invariant_violations) {
    absl::StrAppend(&text, "    after step ", violation.step, ": ",
                    violation.message, "\n");
  }
  if (!report.buggify_sites.empty()) {
    absl::StrAppend(&text, "  buggify sites: ",
                    absl::StrJoin(report.buggify_sites, ", "), "\n");
  }
  absl::StrAppend(&text, "  event log: ", report.event_log.size(),
                  " lines, hash ", report.event_log_hash, "\n");
  return text;
}

}  // namespace cordon::sim
