#ifndef CORDON_TESTING_CAPTURED_LOG_H_
#define CORDON_TESTING_CAPTURED_LOG_H_

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/core/log.h"

namespace cordon::testing {

// The server's log lines while this lives (core::SetLogSink), each parsed
// as the JSON object a sink would write, so tests read what an operator's
// log shipper would. One at a time per process.
class CapturedLog final : public core::LogSink {
 public:
  CapturedLog() { core::SetLogSink(this); }
  ~CapturedLog() override { core::SetLogSink(nullptr); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  void Write(const core::LogEvent& event) override {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.push_back("{" + event.members() + "}");
  }

  // Every line so far, as written.
  std::vector<std::string> Lines() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
  }
  // The lines whose "event" is `event`, parsed (a line that does not parse
  // comes back as a JSON null, which no test expects).
  std::vector<nlohmann::json> Events(const std::string& event) const {
    std::vector<nlohmann::json> found;
    for (const std::string& line : Lines()) {
      nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
      if (parsed.is_discarded()) {
        found.push_back(nullptr);
      } else if (parsed.value("event", "") == event) {
        found.push_back(std::move(parsed));
      }
    }
    return found;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTING_CAPTURED_LOG_H_
