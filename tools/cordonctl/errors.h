#ifndef CORDON_TOOLS_CORDONCTL_ERRORS_H_
#define CORDON_TOOLS_CORDONCTL_ERRORS_H_

// How cordonctl ends: exit 0 on success, the gRPC status code's number for
// an error the server (or the channel) answered, 2 for a usage or
// configuration error found before any call. Every error is one line on
// stderr: the code, the message, the ErrorInfo reason and the bad field.

#include <string>

#include "absl/status/status.h"

namespace cordonctl {

inline constexpr int kUsageExit = 2;

// An error in the command line or the configuration (exit 2).
absl::Status UsageError(const std::string& message);
bool IsUsageError(const absl::Status& status);

int ExitCode(const absl::Status& status);
// The one line (no newline) that describes `status`.
std::string ErrorLine(const absl::Status& status);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_ERRORS_H_
