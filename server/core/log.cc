#include "server/core/log.h"

#include <atomic>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cordon::core {
namespace {

std::atomic<LogSink*> installed_log_sink{nullptr};

// The length of the valid UTF-8 sequence at the start of `text`, 0 when it
// is not one (overlong forms, surrogates and values past U+10FFFF
// included, as RFC 3629 says).
size_t Utf8SequenceLength(absl::string_view text) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(0);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  }
  if (length == 0 || text.size() < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

void AppendEscapedAscii(char c, std::string* out) {
  switch (c) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\r':
      out->append("\\r");
      return;
    case '\t':
      out->append("\\t");
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    absl::StrAppendFormat(out, "\\u%04x", static_cast<unsigned char>(c));
  } else {
    out->push_back(c);
  }
}

// Printable ASCII other than '"' and '\\': copied as it is.
bool IsPlainAscii(char c) {
  return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

}  // namespace

absl::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kFatal:
      return "FATAL";
  }
  return "ERROR";
}

void AppendJsonEscaped(absl::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    // Nearly every value is plain: copy each run of it in one append (this
    // runs several times per RPC, for the access log).
    size_t plain = i;
    while (plain < text.size() && IsPlainAscii(text[plain])) ++plain;
    out->append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      AppendEscapedAscii(text[i], out);
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) {
      out->append("\\ufffd");
      ++i;
    } else {
      out->append(text.data() + i, length);
      i += length;
    }
  }
}

void AppendFixed3(double value, std::string* out) {
  // JSON has no NaN or infinity; a latency is never either.
  if (!(value > -1e15 && value < 1e15)) value = 0;
  int64_t thousandths = std::llround(value * 1000);
  if (thousandths < 0) {
    out->push_back('-');
    thousandths = -thousandths;
  }
  const int64_t fraction = thousandths % 1000;
  absl::StrAppend(out, thousandths / 1000, ".");
  out->push_back(static_cast<char>('0' + fraction / 100));
  out->push_back(static_cast<char>('0' + fraction / 10 % 10));
  out->push_back(static_cast<char>('0' + fraction % 10));
}

LogEvent::LogEvent(LogLevel level, absl::string_view event) : level_(level) {
  members_.reserve(160);
  Str("level", LogLevelName(level));
  Str("event", event);
}

void LogEvent::Key(absl::string_view key) {
  if (!members_.empty()) members_.push_back(',');
  members_.push_back('"');
  AppendJsonEscaped(key, &members_);
  members_.append("\":");
}

LogEvent& LogEvent::Message(absl::string_view text) {
  return Str("message", text);
}

LogEvent& LogEvent::Str(absl::string_view key, absl::string_view value) {
  Key(key);
  members_.push_back('"');
  AppendJsonEscaped(value, &members_);
  members_.push_back('"');
  return *this;
}

LogEvent& LogEvent::Int(absl::string_view key, int64_t value) {
  Key(key);
  absl::StrAppend(&members_, value);
  return *this;
}

LogEvent& LogEvent::Num(absl::string_view key, double value) {
  Key(key);
  AppendFixed3(value, &members_);
  return *this;
}

LogEvent& LogEvent::Bool(absl::string_view key, bool value) {
  Key(key);
  members_.append(value ? "true" : "false");
  return *this;
}

void SetLogSink(LogSink* sink) {
  installed_log_sink.store(sink, std::memory_order_release);
}

void Log(const LogEvent& event) {
  if (LogSink* sink = installed_log_sink.load(std::memory_order_acquire)) {
    sink->Write(event);
    return;
  }
  if (event.level() < LogLevel::kError) return;
  const std::string& members = event.members();
  std::fprintf(stderr, "{%.*s}\n", static_cast<int>(members.size()),
               members.data());
  std::fflush(stderr);
}

void LogLine(absl::string_view severity, absl::string_view message) {
  LogLevel level = LogLevel::kInfo;
  if (severity == "WARNING") level = LogLevel::kWarning;
  if (severity == "ERROR") level = LogLevel::kError;
  if (severity == "FATAL") level = LogLevel::kFatal;
  Log(LogEvent(level, "log").Message(message));
}

}  // namespace cordon::core
