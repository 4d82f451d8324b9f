#include "server/adapters/logging/fd_line_sink.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/adapters/fd_write.h"

namespace cordon::adapters {
namespace {

// `{"time":"2026-12-07T08:40:12.345Z",` for `when`. The part up to the
// seconds is made once per second per thread, not per line.
void AppendTimeMember(std::chrono::system_clock::time_point when,
                      std::string* out) {
  // No real second: the first line of each thread makes the prefix.
  thread_local int64_t cached_second = std::numeric_limits<int64_t>::min();
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

FdLineSink::FdLineSink(int fd) : fd_(fd) {
  pthread_rwlockattr_t attributes;
  pthread_rwlockattr_init(&attributes);
  pthread_rwlockattr_setkind_np(&attributes,
                                PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&long_lines_, &attributes);
  pthread_rwlockattr_destroy(&attributes);
}

FdLineSink::~FdLineSink() { pthread_rwlock_destroy(&long_lines_); }

void FdLineSink::sink_it_(const spdlog::details::log_msg& msg) {
  thread_local std::string line;
  line.clear();
  AppendTimeMember(msg.time, &line);
  line.append(msg.payload.data(), msg.payload.size());
  line.append("}\n");
  WriteLine(line);
}

void FdLineSink::WriteLine(const std::string& line) {
  if (line.size() <= PIPE_BUF) {
    pthread_rwlock_rdlock(&long_lines_);
  } else {
    pthread_rwlock_wrlock(&long_lines_);
  }
  // A log that cannot be written (a closed pipe, a full disk) must not stop
  // the server: the rest of the line is dropped.
  WriteAll(fd_, line);
  pthread_rwlock_unlock(&long_lines_);
}

}  // namespace cordon::adapters
