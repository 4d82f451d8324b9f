#ifndef CORDON_SERVER_ADAPTERS_LOGGING_FD_LINE_SINK_H_
#define CORDON_SERVER_ADAPTERS_LOGGING_FD_LINE_SINK_H_

#include <shared_mutex>
#include <string>

#include "spdlog/details/log_msg.h"
#include "spdlog/details/null_mutex.h"
#include "spdlog/sinks/base_sink.h"

namespace cordon::adapters {

// An spdlog sink writing each message to a file descriptor as
// `{"time":"<RFC 3339 UTC, milliseconds>",<payload>}` and a newline, in one
// write(2) per line with no lock held across it. spdlog's console sinks
// hold one process-wide mutex over fwrite and fflush, so at thousands of
// access-log lines a second every RPC thread queued behind the one in the
// kernel (measured: a third more futex calls per GetIdentity).
//
// Lines never interleave: a line of at most PIPE_BUF bytes is one write,
// which POSIX makes atomic on a pipe (and Linux on an O_APPEND file); a
// longer one takes the lock exclusively, so no short line lands inside it.
// Every line is written before Write returns (a crash loses none).
class FdLineSink final
    : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  // `fd` stays open for the sink's life; the sink does not close it.
  explicit FdLineSink(int fd) : fd_(fd) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  void WriteLine(const std::string& line);

  const int fd_;
  std::shared_mutex long_lines_;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_LOGGING_FD_LINE_SINK_H_
