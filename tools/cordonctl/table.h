#ifndef CORDON_TOOLS_CORDONCTL_TABLE_H_
#define CORDON_TOOLS_CORDONCTL_TABLE_H_

// Aligned text tables for people: a header row, columns two spaces apart,
// and colour (bold headers, states in red/yellow/green) only when asked,
// i.e. when stdout is a terminal and NO_COLOR is unset.

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace cordonctl {

using Row = std::vector<std::string>;

std::string RenderTable(const Row& headers, const std::vector<Row>& rows,
                        bool colour);

// "3m ago", "in 2h", "just now"; "-" for the zero time.
std::string RelativeTime(absl::Time time, absl::Time now);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_TABLE_H_
