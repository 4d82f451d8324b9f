#ifndef CORDON_SERVER_ADAPTERS_PROCESS_METRICS_H_
#define CORDON_SERVER_ADAPTERS_PROCESS_METRICS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "server/metrics/registry.h"

namespace cordon::adapters {

// What Linux says of this process in /proc/self.
struct ProcessStats {
  uint64_t resident_bytes = 0;
  uint64_t virtual_bytes = 0;
  double cpu_seconds = 0;  // user + system
  uint64_t threads = 0;
  uint64_t open_fds = 0;
  uint64_t max_fds = 0;  // the soft RLIMIT_NOFILE
};

// Reads /proc/self/stat and /proc/self/fd; nullopt when /proc cannot be
// read (not Linux, or /proc not mounted).
std::optional<ProcessStats> ReadProcessStats();

// The process_* families client libraries export (resident and virtual
// memory, CPU seconds, open and maximum file descriptors) and
// cordon_process_threads, read from /proc at each scrape. Unregistered when
// this goes away.
class ProcessMetrics {
 public:
  explicit ProcessMetrics(metrics::Registry* registry);

 private:
  std::vector<metrics::Registry::Registration> registrations_;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_PROCESS_METRICS_H_
