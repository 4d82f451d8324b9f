#include "server/core/check.h"

#include <cstdlib>

#include "server/core/log.h"

namespace cordon::core {

void CheckFailed(const char* file, int line, const char* condition,
                 const char* message) {
  // FATAL passes the fallback's threshold too: a test or a simulation that
  // breaks an invariant says where, with or without a sink.
  Log(LogEvent(LogLevel::kFatal, "check_failed")
          .Message(message)
          .Str("condition", condition)
          .Str("file", file)
          .Int("line", line));
  std::abort();
}

}  // namespace cordon::core
