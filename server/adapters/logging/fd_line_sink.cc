#include "server/adapters/logging/fd_line_sink.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace cordon::adapters {
namespace {

// `{"time":"2026-12-07T08:40:12.345Z",` for `when`. The part up to the
// seconds is made once per second per thread, not per line.
void AppendTimeMember(std::chrono::system_clock::time_point when,
                      std::string* out) {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached_prefix;
  const absl::Time time = absl::FromChrono(when);
  const int64_t millis = absl::ToUnixMillis(time);
  const int64_t second = millis >= 0 ? millis / 1000 : (millis - 999) / 1000;
  if (second != cached_second) {
    cached_prefix = absl::StrCat(
        R"({"time":")",
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", time, absl::UTCTimeZone()));
    cached_second = second;
  }
  out->append(cached_prefix);
  absl::StrAppendFormat(out, ".%03dZ\",",
                        static_cast<int>(millis - second * 1000));
}

}  // namespace

void FdLineSink::sink_it_(const spdlog::details::log_msg& msg) {
  thread_local std::string line;
  line.clear();
  AppendTimeMember(msg.time, &line);
  line.append(msg.payload.data(), msg.payload.size());
  line.append("}\n");
  WriteLine(line);
}

void FdLineSink::WriteLine(const std::string& line) {
  std::shared_lock<std::shared_mutex> short_line(long_lines_, std::defer_lock);
  std::unique_lock<std::shared_mutex> long_line(long_lines_, std::defer_lock);
  if (line.size() <= PIPE_BUF) {
    short_line.lock();
  } else {
    long_line.lock();
  }
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n =
        ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    // A log that cannot be written (a closed pipe, a full disk) must not
    // stop the server: the line is dropped.
    if (n <= 0) return;
    written += static_cast<size_t>(n);
  }
}

}  // namespace cordon::adapters
