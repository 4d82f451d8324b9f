// Issue 14, structured logs: every line is one JSON object whatever the
// values hold (quotes, newlines, control characters, bytes that are not
// UTF-8), with level and event first, numbers as numbers.

#include "server/core/log.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "server/core/check.h"
#include "testing/captured_log.h"

namespace cordon::core {
namespace log_test {

nlohmann::json Parsed(const LogEvent& event) {
  return nlohmann::json::parse("{" + event.members() + "}");
}

TEST(LogTest, LevelAndEventComeFirstThenTheFieldsInOrder) {
  LogEvent event(LogLevel::kWarning, "action");
  event.Message("REVOKE_SESSIONS retry")
      .Str("identity", "accounts/1/organizations/2/identities/3")
      .Int("attempt", 2)
      .Num("retry_in_ms", 1500.25)
      .Bool("drift", false);
  EXPECT_EQ(event.members(),
            R"("level":"WARNING","event":"action",)"
            R"("message":"REVOKE_SESSIONS retry",)"
            R"("identity":"accounts/1/organizations/2/identities/3",)"
            R"("attempt":2,"retry_in_ms":1500.250,"drift":false)");
  EXPECT_EQ(Parsed(event)["retry_in_ms"], 1500.25);
}

// A value cannot end the string, the object or the line early.
TEST(LogTest, QuotesBackslashesAndControlCharactersAreEscaped) {
  const std::string nasty =
      std::string("a\"b\\c\nd\re\tf") + '\x01' + '\x7f' + "\"}\n{\"level\":";
  LogEvent event(LogLevel::kInfo, "rpc");
  event.Str("method", nasty).Str(nasty, "key too");
  EXPECT_EQ(event.members().find('\n'), std::string::npos);
  const nlohmann::json line = Parsed(event);
  EXPECT_EQ(line["method"], nasty);
  EXPECT_EQ(line[nasty], "key too");
  EXPECT_EQ(line.size(), 4u);
}

TEST(LogTest, ValidUtf8IsKeptAndEveryInvalidSequenceBecomesOneReplacement) {
  const std::string valid = "Zoë 東京 €5 \xF0\x9F\x94\x92";
  std::string escaped;
  AppendJsonEscaped(valid, &escaped);
  EXPECT_EQ(escaped, valid);

  // A lone continuation byte, an overlong '/', a UTF-16 surrogate, a
  // sequence cut short, a value past U+10FFFF.
  for (const std::string& bad :
       {std::string("\x80"), std::string("\xC0\xAF"),
        std::string("\xED\xA0\x80"), std::string("\xE2\x82"),
        std::string("\xF4\x90\x80\x80"), std::string("\xFF")}) {
    std::string out;
    AppendJsonEscaped("x" + bad + "y", &out);
    EXPECT_EQ(out.substr(0, 1), "x");
    EXPECT_EQ(out.substr(out.size() - 1), "y");
    EXPECT_EQ(out.find_first_not_of("xyu\\fd"), std::string::npos) << out;
    LogEvent event(LogLevel::kInfo, "rpc");
    event.Str("upn", bad);
    EXPECT_NO_THROW(Parsed(event)) << event.members();
  }
}

TEST(LogTest, NumbersThatJsonCannotHoldAreWrittenAsZero) {
  LogEvent event(LogLevel::kInfo, "rpc");
  event.Num("latency_ms", std::numeric_limits<double>::infinity())
      .Num("other", std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(Parsed(event)["latency_ms"], 0);
  EXPECT_EQ(Parsed(event)["other"], 0);
}

TEST(LogTest, NumbersHaveThreeDecimalsAsPrintfWritesThem) {
  for (double value :
       {0.0, 0.0004, 0.0005, 1.5, 12.3456, 999.9996, -2.25, 123456789.125}) {
    std::string written;
    AppendFixed3(value, &written);
    EXPECT_EQ(written, absl::StrFormat("%.3f", value)) << value;
  }
}

TEST(LogTest, PlainRunsBetweenEscapesAreKeptWhole) {
  std::string out;
  AppendJsonEscaped("abc\"def\\ghi\x01jkl\xc3\xa9m", &out);
  EXPECT_EQ(out, "abc\\\"def\\\\ghi\\u0001jkl\xc3\xa9m");
}

TEST(LogTest, LinesGoToTheInstalledSink) {
  testing::CapturedLog captured;
  Log(LogEvent(LogLevel::kError, "outbox_pass_failed").Message("why"));
  LogLine("INFO", "a line without an event of its own");
  const auto passes = captured.Events("outbox_pass_failed");
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_EQ(passes[0]["level"], "ERROR");
  EXPECT_EQ(passes[0]["message"], "why");
  const auto plain = captured.Events("log");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0]["level"], "INFO");
}

TEST(LogDeathTest, BrokenInvariantIsAFatalJsonLineThenAbort) {
  EXPECT_DEATH(CORDON_CHECK(1 + 1 == 3, "arithmetic broke"),
               R"(\{"level":"FATAL","event":"check_failed",)"
               R"("message":"arithmetic broke","condition":"1 \+ 1 == 3")");
}

}  // namespace log_test
}  // namespace cordon::core
