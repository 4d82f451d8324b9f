#include "simulator/event_log.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/check.h"
#include "server/core/fingerprint.h"

namespace cordon::sim {
namespace {

bool NeedsQuoting(absl::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '=' || c == '"' || c == '\\') {
      return true;
    }
  }
  return false;
}

void AppendValue(absl::string_view value, std::string* line) {
  if (NeedsQuoting(value)) {
    absl::StrAppend(line, "\"", absl::CHexEscape(value), "\"");
  } else {
    absl::StrAppend(line, value);
  }
}

}  // namespace

std::string FormatSimTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

EventLog::EventLog(const ports::Clock* clock) : clock_(clock) {
  CORDON_CHECK(clock_ != nullptr, "EventLog needs a clock");
}

void EventLog::Append(absl::string_view actor, absl::string_view event,
                      const EventFields& fields) {
  std::string line =
      absl::StrCat("t=", FormatSimTime(clock_->Now()), " ", actor, " ", event);
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, " ", key, "=");
    AppendValue(value, &line);
  }
  std::lock_guard<std::mutex> lock(mu_);
  lines_.push_back(std::move(line));
}

std::vector<std::string> EventLog::lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

size_t EventLog::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_.size();
}

std::string EventLog::ToString() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string text;
  for (const std::string& line : lines_) absl::StrAppend(&text, line, "\n");
  return text;
}

std::string EventLog::Hash() const {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t hash = core::kFingerprintSeed;
  for (const std::string& line : lines_) {
    hash = core::Fingerprint(line, hash);
    hash = core::Fingerprint("\n", hash);
  }
  return absl::StrFormat("%016x", hash);
}

size_t EventLog::Count(absl::string_view substring) const {
  return CountIf([substring](absl::string_view line) {
    return absl::StrContains(line, substring);
  });
}

size_t EventLog::CountIf(
    const std::function<bool(absl::string_view)>& predicate) const {
  // On a copy, so that a predicate may itself read the log.
  size_t count = 0;
  for (const std::string& line : lines()) {
    if (predicate(line)) ++count;
  }
  return count;
}

}  // namespace cordon::sim
