#ifndef CORDON_SERVER_CORE_LOG_H_
#define CORDON_SERVER_CORE_LOG_H_

#include <cstdio>
#include <string>

#include "absl/strings/string_view.h"

namespace cordon::core {

// One line to stderr, the server's log (the only output core and the
// engine make besides a failed CORDON_CHECK). No timestamp: the service manager
// (systemd, docker) stamps lines, and no server code reads the system clock but
// the Clock port.
inline void LogLine(absl::string_view severity, absl::string_view message) {
  std::fprintf(stderr, "cordon-server %.*s: %.*s\n",
               static_cast<int>(severity.size()), severity.data(),
               static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_LOG_H_
