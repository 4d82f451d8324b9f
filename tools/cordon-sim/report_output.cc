#include "tools/cordon-sim/report_output.h"

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace cordon::sim {

int PrintReport(const ScenarioReport& report, const std::string& format,
                bool print_log, const std::string& replay_command) {
  std::string out;
  if (format == "json") {
    out = ReportToJson(report, print_log);
  } else {
    if (print_log) {
      for (const std::string& line : report.event_log) {
        absl::StrAppend(&out, line, "\n");
      }
    }
    absl::StrAppend(&out, ReportToText(report));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (report.ok()) return 0;
  // DESIGN rule 3: the seed is all it takes to replay the failure.
  std::fprintf(
      stderr, "cordon-sim: scenario %s FAILED with seed %llu; replay: %s\n",
      report.scenario.c_str(), static_cast<unsigned long long>(report.seed),
      replay_command.c_str());
  return 1;
}

}  // namespace cordon::sim
