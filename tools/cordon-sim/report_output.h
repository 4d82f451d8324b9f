#ifndef CORDON_TOOLS_CORDON_SIM_REPORT_OUTPUT_H_
#define CORDON_TOOLS_CORDON_SIM_REPORT_OUTPUT_H_

#include <string>

#include "simulator/scenario_report.h"

namespace cordon::sim {

// Prints a run's report on stdout ("text" or "json", with the event log
// when `print_log`) and, when it failed, one line on stderr naming the
// scenario and seed and the command that replays it. Returns the exit
// status: 0 ok, 1 failed.
int PrintReport(const ScenarioReport& report, const std::string& format,
                bool print_log, const std::string& replay_command);

}  // namespace cordon::sim

#endif  // CORDON_TOOLS_CORDON_SIM_REPORT_OUTPUT_H_
