#include "server/adapters/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace cordon::adapters {
namespace {

// /proc/self/stat's fields after the command name, which may itself hold
// spaces and parentheses: everything after its closing parenthesis.
std::optional<std::vector<std::string>> ProcStatFields() {
  std::ifstream in("/proc/self/stat");
  std::stringstream content;
  content << in.rdbuf();
  const std::string stat = content.str();
  const size_t name_end = stat.rfind(')');
  if (!in || name_end == std::string::npos || name_end + 2 > stat.size()) {
    return std::nullopt;
  }
  return absl::StrSplit(stat.substr(name_end + 2), ' ', absl::SkipEmpty());
}

// Field `number` of proc(5)'s numbering (1 = pid); the fields given start
// at field 3 (state).
bool ProcStatField(const std::vector<std::string>& fields, size_t number,
                   uint64_t* value) {
  return number >= 3 && number - 3 < fields.size() &&
         absl::SimpleAtoi(fields[number - 3], value);
}

uint64_t CountOpenFds() {
  std::error_code error;
  uint64_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end;
       !error && it != end; it.increment(error)) {
    ++count;
  }
  return count;
}

// One gauge or counter family of a ProcessStats field.
metrics::Registry::Registration AddProcessFamily(
    metrics::Registry* registry, const std::string& name,
    const std::string& help, metrics::MetricType type,
    std::function<double(const ProcessStats&)> field) {
  return registry->AddComputed(
      name, help, type, {},
      [field = std::move(field)]() -> std::vector<metrics::Sample> {
        std::optional<ProcessStats> stats = ReadProcessStats();
        if (!stats.has_value()) return {};
        return {{{}, field(*stats)}};
      });
}

}  // namespace

std::optional<ProcessStats> ReadProcessStats() {
  std::optional<std::vector<std::string>> fields = ProcStatFields();
  if (!fields.has_value()) return std::nullopt;
  uint64_t user_ticks = 0, system_ticks = 0, threads = 0, vsize = 0, rss = 0;
  if (!ProcStatField(*fields, 14, &user_ticks) ||
      !ProcStatField(*fields, 15, &system_ticks) ||
      !ProcStatField(*fields, 20, &threads) ||
      !ProcStatField(*fields, 23, &vsize) ||
      !ProcStatField(*fields, 24, &rss)) {
    return std::nullopt;
  }
  ProcessStats stats;
  stats.resident_bytes = rss * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  stats.virtual_bytes = vsize;
  stats.cpu_seconds = static_cast<double>(user_ticks + system_ticks) /
                      static_cast<double>(sysconf(_SC_CLK_TCK));
  stats.threads = threads;
  stats.open_fds = CountOpenFds();
  rlimit limit = {};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) stats.max_fds = limit.rlim_cur;
  return stats;
}

ProcessMetrics::ProcessMetrics(metrics::Registry* registry) {
  using metrics::MetricType;
  auto add = [&](const std::string& name, const std::string& help,
                 MetricType type,
                 std::function<double(const ProcessStats&)> field) {
    registrations_.push_back(
        AddProcessFamily(registry, name, help, type, std::move(field)));
  };
  add("process_resident_memory_bytes", "Resident memory size in bytes.",
      MetricType::kGauge, [](const ProcessStats& s) {
        return static_cast<double>(s.resident_bytes);
      });
  add("process_virtual_memory_bytes", "Virtual memory size in bytes.",
      MetricType::kGauge, [](const ProcessStats& s) {
        return static_cast<double>(s.virtual_bytes);
      });
  add("process_cpu_seconds_total", "User and system CPU time in seconds.",
      MetricType::kCounter,
      [](const ProcessStats& s) { return s.cpu_seconds; });
  add("process_open_fds", "Open file descriptors.", MetricType::kGauge,
      [](const ProcessStats& s) { return static_cast<double>(s.open_fds); });
  add("process_max_fds", "The limit of open file descriptors (RLIMIT_NOFILE).",
      MetricType::kGauge,
      [](const ProcessStats& s) { return static_cast<double>(s.max_fds); });
  add("cordon_process_threads", "Threads of the cordon-server process.",
      MetricType::kGauge,
      [](const ProcessStats& s) { return static_cast<double>(s.threads); });
}

}  // namespace cordon::adapters
