// Issue 14, structured logs: cordon-server's sink writes each event as one
// JSON object per line with "time" first (RFC 3339, UTC, milliseconds),
// and lines from many threads never interleave.

#include "server/adapters/logging/spdlog_sink.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "spdlog/sinks/ostream_sink.h"

namespace cordon::adapters {
namespace spdlog_sink_test {

std::vector<std::string> LinesOf(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(SpdlogSinkTest, EachEventIsOneJsonLineStampedWithUtcTime) {
  std::ostringstream out;
  SpdlogSink sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  sink.Write(core::LogEvent(core::LogLevel::kInfo, "rpc")
                 .Str("method", "/cordon.v1.IdentityService/GetIdentity")
                 .Num("latency_ms", 0.5));
  const std::vector<std::string> lines = LinesOf(out.str());
  ASSERT_EQ(lines.size(), 1u) << out.str();
  EXPECT_EQ(lines[0].rfind(R"({"time":")", 0), 0u) << lines[0];
  const nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_TRUE(
      std::regex_match(line["time"].get<std::string>(),
                       std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << line["time"];
  EXPECT_EQ(line["level"], "INFO");
  EXPECT_EQ(line["event"], "rpc");
  EXPECT_EQ(line["latency_ms"], 0.5);
}

TEST(SpdlogSinkTest, ConcurrentWritersNeverInterleaveLines) {
  std::ostringstream out;
  SpdlogSink sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  constexpr int kThreads = 4, kEach = 200;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&sink, t] {
      for (int i = 0; i < kEach; ++i) {
        sink.Write(core::LogEvent(core::LogLevel::kWarning, "action")
                       .Int("thread", t)
                       .Str("detail", std::string(300, 'a' + t)));
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  const std::vector<std::string> lines = LinesOf(out.str());
  ASSERT_EQ(lines.size(), size_t{kThreads * kEach});
  for (const std::string& text : lines) {
    const nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(line.is_discarded()) << text;
    const int thread = line["thread"];
    EXPECT_EQ(line["detail"], std::string(300, 'a' + thread));
  }
}

}  // namespace spdlog_sink_test
}  // namespace cordon::adapters
