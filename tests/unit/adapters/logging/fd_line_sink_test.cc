// Issue 14, structured logs: the sink cordon-server writes stderr through
// puts each line out in one piece with no lock across the write, and lines
// from many threads still never interleave, long ones (past PIPE_BUF)
// included.

#include "server/adapters/logging/fd_line_sink.h"

#include <limits.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/adapters/logging/spdlog_sink.h"

namespace cordon::adapters {
namespace fd_line_sink_test {

// Everything written to a pipe's write end, read until it closes.
class PipeReader {
 public:
  PipeReader() {
    EXPECT_EQ(::pipe(fds_), 0);
    reader_ = std::thread([this] {
      char buffer[8192];
      ssize_t n;
      while ((n = ::read(fds_[0], buffer, sizeof buffer)) > 0) {
        text_.append(buffer, static_cast<size_t>(n));
      }
    });
  }
  ~PipeReader() { ::close(fds_[0]); }

  int write_end() const { return fds_[1]; }
  // Closes the write end and returns all that was written.
  std::vector<std::string> Lines() {
    ::close(fds_[1]);
    reader_.join();
    return absl::StrSplit(text_, '\n', absl::SkipEmpty());
  }

 private:
  int fds_[2] = {-1, -1};
  std::thread reader_;
  std::string text_;
};

TEST(FdLineSinkTest, EachEventIsOneLineStampedWithTheUtcTimeInMilliseconds) {
  PipeReader pipe;
  const absl::Time before = absl::Now();
  {
    SpdlogSink sink(std::make_shared<FdLineSink>(pipe.write_end()));
    sink.Write(core::LogEvent(core::LogLevel::kInfo, "rpc").Num("n", 0.5));
  }
  const absl::Time after = absl::Now();
  const std::vector<std::string> lines = pipe.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind(R"({"time":")", 0), 0u) << lines[0];
  const nlohmann::json line = nlohmann::json::parse(lines[0]);
  absl::Time stamped;
  std::string error;
  ASSERT_TRUE(absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ",
                              line["time"].get<std::string>(),
                              absl::UTCTimeZone(), &stamped, &error))
      << line["time"] << ": " << error;
  EXPECT_GE(stamped,
            absl::Floor(before - absl::UnixEpoch(), absl::Milliseconds(1)) +
                absl::UnixEpoch());
  EXPECT_LE(stamped, after);
  EXPECT_EQ(line["n"], 0.5);
}

TEST(FdLineSinkTest, ShortAndLongLinesFromManyThreadsNeverInterleave) {
  PipeReader pipe;
  constexpr int kThreads = 4, kEach = 300;
  {
    SpdlogSink sink(std::make_shared<FdLineSink>(pipe.write_end()));
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&sink, t] {
        for (int i = 0; i < kEach; ++i) {
          // Every seventh line is longer than one atomic pipe write.
          const size_t size = i % 7 == 0 ? PIPE_BUF * 3 : 200;
          sink.Write(core::LogEvent(core::LogLevel::kWarning, "action")
                         .Int("thread", t)
                         .Str("detail", std::string(size, 'a' + t)));
        }
      });
    }
    for (std::thread& writer : writers) writer.join();
  }
  const std::vector<std::string> lines = pipe.Lines();
  ASSERT_EQ(lines.size(), size_t{kThreads * kEach});
  int long_lines = 0;
  for (const std::string& text : lines) {
    const nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(line.is_discarded()) << text.substr(0, 200);
    const int thread = line["thread"];
    const std::string detail = line["detail"];
    EXPECT_EQ(detail, std::string(detail.size(), 'a' + thread));
    if (detail.size() > PIPE_BUF) ++long_lines;
  }
  EXPECT_EQ(long_lines, kThreads * ((kEach + 6) / 7));
}

}  // namespace fd_line_sink_test
}  // namespace cordon::adapters
