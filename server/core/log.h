#ifndef CORDON_SERVER_CORE_LOG_H_
#define CORDON_SERVER_CORE_LOG_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace cordon::core {

// The server's log: one JSON object per line (docs/operations.md, "Logs").
// Core and the engine only build the line; where it goes is a LogSink that
// the binary installs (cordon-server: spdlog on stderr, which adds "time").
// Core reads no clock, so the line carries no time until a sink stamps it.

enum class LogLevel { kInfo, kWarning, kError, kFatal };

// "INFO", "WARNING", "ERROR", "FATAL".
absl::string_view LogLevelName(LogLevel level);

// One log line: the level, a stable event name (snake_case, listed in
// docs/operations.md), a sentence for people and fields for machines.
// Every value is JSON-escaped here, so no input can end the object or the
// line early. Secrets never go in: log names and ids, not tokens.
class LogEvent {
 public:
  LogEvent(LogLevel level, absl::string_view event);

  // The human sentence ("message").
  LogEvent& Message(absl::string_view text);
  LogEvent& Str(absl::string_view key, absl::string_view value);
  LogEvent& Int(absl::string_view key, int64_t value);
  // A number with three decimals (latencies in milliseconds).
  LogEvent& Num(absl::string_view key, double value);
  LogEvent& Bool(absl::string_view key, bool value);

  LogLevel level() const { return level_; }
  // The object's members without braces: "level":"INFO","event":"x",...
  // A sink puts what it adds ("time") in front and closes the object.
  const std::string& members() const { return members_; }

 private:
  void Key(absl::string_view key);

  LogLevel level_;
  std::string members_;
};

// `text` as the inside of a JSON string: quotes, backslashes and control
// characters escaped; bytes that are not valid UTF-8 become U+FFFD, so a
// line always parses.
void AppendJsonEscaped(absl::string_view text, std::string* out);
// `value` with exactly three decimals, as printf's "%.3f" writes it (ties
// rounded away from zero); NaN and values past ±1e15 are written as 0.000.
void AppendFixed3(double value, std::string* out);

// Where log lines go. Write is called from many threads at once.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(const LogEvent& event) = 0;
};

// Installs the process's sink (nullptr: the fallback again). The sink must
// outlive every later Log call. Without one (tests, the simulator), lines
// of level ERROR and above go to stderr as JSON without a time, and the
// rest are dropped, so a simulation's thousands of actions stay quiet.
void SetLogSink(LogSink* sink);

void Log(const LogEvent& event);

// A line with only a message, for code that has no event of its own yet
// (event "log"); new code builds a LogEvent with a name.
void LogLine(absl::string_view severity, absl::string_view message);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_LOG_H_
