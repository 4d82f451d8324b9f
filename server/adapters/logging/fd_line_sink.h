#ifndef CORDON_SERVER_ADAPTERS_LOGGING_FD_LINE_SINK_H_
#define CORDON_SERVER_ADAPTERS_LOGGING_FD_LINE_SINK_H_

#include <pthread.h>

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
// longer one takes the lock exclusively, so no short line lands inside it,
// and a waiting long line goes before new short ones (the lock prefers
// writers). Every line is written before Write returns (a crash loses
// none). A write cut short part-way (a stream socket interrupted by a
// signal; cordon-server blocks its signals in every thread) is finished
// by further writes, between which another line could land.
class FdLineSink final
    : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  // `fd` stays open for the sink's life; the sink does not close it.
  explicit FdLineSink(int fd);
  ~FdLineSink() override;
  FdLineSink(const FdLineSink&) = delete;
  FdLineSink& operator=(const FdLineSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  void WriteLine(const std::string& line);

  const int fd_;
  // Shared by short lines, exclusive for long ones; writer-preferring.
  pthread_rwlock_t long_lines_;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_LOGGING_FD_LINE_SINK_H_
