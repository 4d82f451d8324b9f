#include "simulator/scenario_report.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace cordon::sim {
namespace {

void AppendJsonString(absl::string_view value, std::string* out) {
  out->push_back('"');
  for (const char c : value) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out->append("\\u00");
          out->push_back(kHex[(c >> 4) & 0xf]);
          out->push_back(kHex[c & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::string JsonString(absl::string_view value) {
  std::string out;
  AppendJsonString(value, &out);
  return out;
}

std::string JsonStrings(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const std::string& value : values) quoted.push_back(JsonString(value));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

const char* JsonBool(bool value) { return value ? "true" : "false"; }

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
  std::vector<std::string> steps;
  for (const StepResult& step : report.steps) {
    steps.push_back(absl::StrCat(
        "{\"index\":", step.index, ",\"step\":", JsonString(step.description),
        ",\"time\":", JsonString(step.time), ",\"ok\":", JsonBool(step.ok),
        ",\"message\":", JsonString(step.message), "}"));
  }
  std::vector<std::string> expectations;
  for (const ExpectationResult& result : report.expectations) {
    expectations.push_back(absl::StrCat(
        "{\"step\":", result.step, ",\"what\":", JsonString(result.what),
        ",\"met\":", JsonBool(result.met),
        ",\"message\":", JsonString(result.message), "}"));
  }
  std::vector<std::string> violations;
  for (const InvariantViolation& violation : report.invariant_violations) {
    violations.push_back(
        absl::StrCat("{\"step\":", violation.step,
                     ",\"message\":", JsonString(violation.message), "}"));
  }
  const int failed = report.expectations_failed();
  std::string json = absl::StrCat(
      "{\"scenario\":", JsonString(report.scenario), ",\"seed\":", report.seed,
      ",\"ok\":", JsonBool(report.ok()),
      ",\"setup_error\":", JsonString(report.setup_error), ",\"steps\":[",
      absl::StrJoin(steps, ","), "],\"expectations\":{\"met\":",
      static_cast<int>(report.expectations.size()) - failed,
      ",\"failed\":", failed, ",\"results\":[",
      absl::StrJoin(expectations, ","),
      "]},\"invariants\":{\"checks\":", report.invariant_checks,
      ",\"violations\":[", absl::StrJoin(violations, ","),
      "]},\"buggify_sites\":", JsonStrings(report.buggify_sites),
      ",\"event_log_hash\":", JsonString(report.event_log_hash),
      ",\"event_log_lines\":", report.event_log.size());
  if (with_log) {
    absl::StrAppend(&json, ",\"event_log\":", JsonStrings(report.event_log));
  }
  absl::StrAppend(&json, "}\n");
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
