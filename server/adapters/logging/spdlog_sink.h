#ifndef CORDON_SERVER_ADAPTERS_LOGGING_SPDLOG_SINK_H_
#define CORDON_SERVER_ADAPTERS_LOGGING_SPDLOG_SINK_H_

#include <memory>

#include "server/core/log.h"
#include "spdlog/logger.h"

namespace cordon::adapters {

// cordon-server's log: each core::LogEvent as one JSON object per line,
// "time" first (RFC 3339, UTC, milliseconds: spdlog stamps it), then the
// event's members. Lines from concurrent writers never interleave and each
// is written before Write returns (a crash loses none).
class SpdlogSink final : public core::LogSink {
 public:
  // Lines to stderr: the service manager (journald, docker) collects them.
  static std::unique_ptr<SpdlogSink> ToStderr();
  // Lines to `out` (tests).
  explicit SpdlogSink(spdlog::sink_ptr out);

  void Write(const core::LogEvent& event) override;

 private:
  spdlog::logger logger_;
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_LOGGING_SPDLOG_SINK_H_
