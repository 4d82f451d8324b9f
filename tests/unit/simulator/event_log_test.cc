#include "simulator/event_log.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace cordon::sim {
namespace event_log_test {

using ::testing::ElementsAre;

TEST(EventLogTest, LinesCarrySimulatedTimeActorEventAndFields) {
  ports::FakeClock clock(absl::FromUnixSeconds(1767225600));  // 2026-01-01
  EventLog log(&clock);
  log.Append("graph", "get_user", {{"tenant", "t1"}, {"http", "200"}});
  clock.Advance(absl::Milliseconds(250));
  log.Append("world", "signed_in");
  EXPECT_THAT(log.lines(),
              ElementsAre("t=2026-01-01T00:00:00Z graph get_user tenant=t1 "
                          "http=200",
                          "t=2026-01-01T00:00:00.25Z world signed_in"));
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(log.ToString(), log.lines()[0] + "\n" + log.lines()[1] + "\n");
}

// Lines must stay splittable on spaces and '=' whatever a value holds.
TEST(EventLogTest, AwkwardValuesAreQuotedAndEscaped) {
  ports::FakeClock clock;
  EventLog log(&clock);
  log.Append("agent", "x",
             {{"detail", "agent too old"},
              {"empty", ""},
              {"eq", "a=b"},
              {"quote", "say \"hi\""}});
  EXPECT_THAT(log.lines()[0],
              ::testing::EndsWith(" agent x detail=\"agent too old\" "
                                  "empty=\"\" eq=\"a=b\" "
                                  "quote=\"say \\\"hi\\\"\""));
}

TEST(EventLogTest, HashIsFnv1a64OverLines) {
  ports::FakeClock clock;
  EventLog empty(&clock);
  EXPECT_EQ(empty.Hash(), "cbf29ce484222325");

  EventLog a(&clock);
  EventLog b(&clock);
  a.Append("world", "e", {{"k", "v"}});
  b.Append("world", "e", {{"k", "v"}});
  EXPECT_EQ(a.Hash(), b.Hash());
  EXPECT_EQ(a.Hash().size(), 16u);
  b.Append("world", "e", {{"k", "v"}});
  EXPECT_NE(a.Hash(), b.Hash());
}

TEST(EventLogTest, CountsBySubstringAndPredicate) {
  ports::FakeClock clock;
  EventLog log(&clock);
  log.Append("graph", "get_user", {{"http", "200"}});
  log.Append("graph", "get_user", {{"http", "429"}});
  log.Append("world", "signed_in");
  EXPECT_EQ(log.Count(" graph "), 2u);
  EXPECT_EQ(log.Count("http=429"), 1u);
  EXPECT_EQ(log.Count("nothing"), 0u);
  EXPECT_EQ(log.CountIf([&](absl::string_view line) {
    // A predicate may read the log itself.
    return log.size() == 3 && absl::StrContains(line, "world");
  }),
            1u);
}

}  // namespace event_log_test
}  // namespace cordon::sim
