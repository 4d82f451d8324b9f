#include "server/adapters/logging/spdlog_sink.h"

#include <unistd.h>

#include "server/adapters/logging/fd_line_sink.h"

namespace cordon::adapters {
namespace {

spdlog::level::level_enum SpdlogLevel(core::LogLevel level) {
  switch (level) {
    case core::LogLevel::kInfo:
      return spdlog::level::info;
    case core::LogLevel::kWarning:
      return spdlog::level::warn;
    case core::LogLevel::kError:
      return spdlog::level::err;
    case core::LogLevel::kFatal:
      return spdlog::level::critical;
  }
  return spdlog::level::err;
}

}  // namespace

std::unique_ptr<SpdlogSink> SpdlogSink::ToStderr() {
  return std::make_unique<SpdlogSink>(
      std::make_shared<FdLineSink>(STDERR_FILENO));
}

SpdlogSink::SpdlogSink(spdlog::sink_ptr out)
    : logger_("cordon-server", std::move(out)) {
  // The pattern writes the object's opening and "time"; the event brings
  // the rest of its members (already escaped) and the pattern closes it.
  logger_.set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ",%v})",
                      spdlog::pattern_time_type::utc);
  // No flush_on: the sinks given here write every line through (FdLineSink
  // with one write(2)); a flush would only cost a call per line.
  logger_.set_level(spdlog::level::info);
}

void SpdlogSink::Write(const core::LogEvent& event) {
  logger_.log(SpdlogLevel(event.level()),
              spdlog::string_view_t(event.members()));
}

}  // namespace cordon::adapters
