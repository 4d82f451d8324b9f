#include "tools/cordonctl/errors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cordonctl/api.h"

namespace cordonctl {
namespace {

constexpr char kUsagePayload[] = "cordonctl/usage";

}  // namespace

absl::Status UsageError(const std::string& message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

int ExitCode(const absl::Status& status) {
  if (status.ok()) return 0;
  if (IsUsageError(status)) return kUsageExit;
  return static_cast<int>(status.code());
}

std::string ErrorLine(const absl::Status& status) {
  if (IsUsageError(status)) {
    return absl::StrCat("cordonctl: ", status.message());
  }
  std::string line =
      absl::StrCat("error: ", absl::StatusCodeToString(status.code()), ": ",
                   status.message().empty() ? "(the server sent no message)"
                                            : status.message());
  const std::string reason = ErrorReason(status);
  const std::vector<std::string> fields = BadFields(status);
  if (!reason.empty()) absl::StrAppend(&line, " (reason ", reason);
  if (!fields.empty()) {
    absl::StrAppend(&line, reason.empty() ? " (" : ", ", "field ",
                    absl::StrJoin(fields, ", "));
  }
  if (!reason.empty() || !fields.empty()) line += ")";
  // One line, whatever the server put in its message.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

}  // namespace cordonctl
