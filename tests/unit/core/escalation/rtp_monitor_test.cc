#include "server/core/escalation/rtp_monitor.h"

#include <algorithm>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace rtp_monitor_test {

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

absl::Time At(absl::Duration d) { return kT0 + d; }

RtpObservation Off(absl::Duration d, AvMode mode = AvMode::kEnforce) {
  return RtpObservation{At(d), mode, /*rtp_on=*/false};
}
RtpObservation On(absl::Duration d, AvMode mode = AvMode::kEnforce) {
  return RtpObservation{At(d), mode, /*rtp_on=*/true};
}

const absl::Duration k1h59 = absl::Hours(1) + absl::Minutes(59);
const absl::Duration k2h01 = absl::Hours(2) + absl::Minutes(1);
// ESC-2 says "more than 2 hours": an alarm is raised at the first whole
// second past 2 h (issue 8 defect 9).
absl::Duration RaisedAfter(absl::Duration off_since) {
  return off_since + absl::Hours(2) + absl::Seconds(1);
}

TEST(RtpMonitor, Esc2OffFor1h59DoesNotRaise) {
  const std::vector<RtpObservation> obs = {Off(absl::ZeroDuration()),
                                           On(k1h59)};
  EXPECT_TRUE(RtpAlarms(obs, At(absl::Hours(10))).empty());
  EXPECT_FALSE(AssessRtp(obs, At(absl::Hours(10))).alarm_active);
}

TEST(RtpMonitor, Esc2StillOffAt1h59HasNotRaisedYet) {
  const std::vector<RtpObservation> obs = {Off(absl::ZeroDuration())};
  EXPECT_TRUE(RtpAlarms(obs, At(k1h59)).empty());
  const RtpStatus status = AssessRtp(obs, At(k1h59));
  EXPECT_TRUE(status.condition_holds);
  EXPECT_FALSE(status.alarm_active);
  EXPECT_EQ(status.off_since, kT0);
  EXPECT_EQ(status.alarm_due, At(RaisedAfter(absl::ZeroDuration())));
}

TEST(RtpMonitor, Esc2OffFor2h01RaisesJustPastTwoHours) {
  const std::vector<RtpObservation> obs = {Off(absl::ZeroDuration()),
                                           On(k2h01)};
  const std::vector<RtpAlarm> alarms = RtpAlarms(obs, At(absl::Hours(10)));
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].off_since, kT0);
  EXPECT_EQ(alarms[0].raised_at, At(RaisedAfter(absl::ZeroDuration())));
  EXPECT_EQ(alarms[0].cleared_at, At(k2h01));
}

TEST(RtpMonitor, Esc2StillOffWithoutFurtherReportsRaises) {
  // Sample and hold: no news means still off.
  const std::vector<RtpObservation> obs = {Off(absl::ZeroDuration())};
  const RtpStatus status = AssessRtp(obs, At(k2h01));
  EXPECT_TRUE(status.alarm_active);
  EXPECT_FALSE(status.alarm_due.has_value());
  const std::vector<RtpAlarm> alarms = RtpAlarms(obs, At(k2h01));
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_FALSE(alarms[0].cleared_at.has_value());
}

// Issue 8 defect 9: exactly 2 hours is not "more than 2 hours".
TEST(RtpMonitor, Esc2ExactlyTwoHoursDoesNotRaise) {
  const std::vector<RtpObservation> still_off = {Off(absl::ZeroDuration())};
  EXPECT_FALSE(AssessRtp(still_off, At(absl::Hours(2))).alarm_active);
  EXPECT_TRUE(RtpAlarms(still_off, At(absl::Hours(2))).empty());
  EXPECT_FALSE(AssessRtp(still_off, At(RaisedAfter(absl::ZeroDuration())) -
                                        absl::Nanoseconds(1))
                   .alarm_active);
  EXPECT_TRUE(
      AssessRtp(still_off, At(RaisedAfter(absl::ZeroDuration()))).alarm_active);
  // Seen on exactly at 2 h, or at 2 h and a fraction of a second: never off
  // at the instant the alarm is due.
  for (absl::Duration back :
       {absl::Hours(2), RaisedAfter(absl::ZeroDuration())}) {
    const std::vector<RtpObservation> back_on = {Off(absl::ZeroDuration()),
                                                 On(back)};
    EXPECT_TRUE(RtpAlarms(back_on, At(absl::Hours(3))).empty());
  }
}

TEST(RtpMonitor, Esc2RepeatedOffReportsKeepTheFirstOffTime) {
  const std::vector<RtpObservation> obs = {
      Off(absl::ZeroDuration()), Off(absl::Hours(1)), Off(absl::Minutes(90))};
  const std::vector<RtpAlarm> alarms = RtpAlarms(obs, At(absl::Hours(3)));
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].raised_at, At(RaisedAfter(absl::ZeroDuration())));
}

TEST(RtpMonitor, Esc2OnlyEnforceCounts) {
  EXPECT_TRUE(
      RtpAlarms({Off(absl::ZeroDuration(), AvMode::kAudit)}, At(absl::Hours(5)))
          .empty());
  EXPECT_TRUE(
      RtpAlarms({Off(absl::ZeroDuration(), AvMode::kOff)}, At(absl::Hours(5)))
          .empty());
  // Off under AUDIT, then switched to ENFORCE: counts from the switch.
  const std::vector<RtpAlarm> alarms = RtpAlarms(
      {Off(absl::ZeroDuration(), AvMode::kAudit), Off(absl::Hours(1))},
      At(absl::Hours(5)));
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].off_since, At(absl::Hours(1)));
  EXPECT_EQ(alarms[0].raised_at, At(RaisedAfter(absl::Hours(1))));
}

TEST(RtpMonitor, Esc2LeavingEnforceClearsTheCondition) {
  const std::vector<RtpObservation> obs = {Off(absl::ZeroDuration()),
                                           Off(absl::Hours(3), AvMode::kAudit)};
  const std::vector<RtpAlarm> alarms = RtpAlarms(obs, At(absl::Hours(5)));
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].cleared_at, At(absl::Hours(3)));
  EXPECT_FALSE(AssessRtp(obs, At(absl::Hours(5))).condition_holds);
}

TEST(RtpMonitor, Esc2ResolvesWhenSeenOnThenCanRaiseAgain) {
  const std::vector<RtpObservation> obs = {
      Off(absl::ZeroDuration()), On(absl::Hours(3)), Off(absl::Hours(4)),
      On(absl::Hours(5)), Off(absl::Hours(6))};
  const std::vector<RtpAlarm> alarms = RtpAlarms(obs, At(absl::Hours(9)));
  ASSERT_EQ(alarms.size(), 2u);
  EXPECT_EQ(alarms[0].raised_at, At(RaisedAfter(absl::ZeroDuration())));
  EXPECT_EQ(alarms[0].cleared_at, At(absl::Hours(3)));
  // 4 h..5 h was only one hour off.
  EXPECT_EQ(alarms[1].off_since, At(absl::Hours(6)));
  EXPECT_EQ(alarms[1].raised_at, At(RaisedAfter(absl::Hours(6))));
  EXPECT_FALSE(alarms[1].cleared_at.has_value());
}

TEST(RtpMonitor, Esc2OutOfOrderArrivalGivesTheSameAnswer) {
  std::vector<RtpObservation> obs = {Off(absl::ZeroDuration()),
                                     Off(absl::Hours(1)), On(k2h01),
                                     Off(absl::Hours(4)), On(absl::Hours(7))};
  const std::vector<RtpAlarm> expected = RtpAlarms(obs, At(absl::Hours(9)));
  ASSERT_EQ(expected.size(), 2u);
  std::reverse(obs.begin(), obs.end());
  const std::vector<RtpAlarm> reversed = RtpAlarms(obs, At(absl::Hours(9)));
  ASSERT_EQ(reversed.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(reversed[i].off_since, expected[i].off_since);
    EXPECT_EQ(reversed[i].raised_at, expected[i].raised_at);
    EXPECT_EQ(reversed[i].cleared_at, expected[i].cleared_at);
  }
}

TEST(RtpMonitor, Esc2LateOnSplitsAnEpisodeSoItNeverRaised) {
  // Off at 0 and 3 h arrive first: looks off for 3 h.
  std::vector<RtpObservation> obs = {Off(absl::ZeroDuration()),
                                     Off(absl::Hours(3))};
  EXPECT_EQ(RtpAlarms(obs, At(absl::Minutes(200))).size(), 1u);
  // A delayed report shows RTP on at 1 h: 0..1 h and 3 h..3 h 20 min only.
  obs.push_back(On(absl::Hours(1)));
  EXPECT_TRUE(RtpAlarms(obs, At(absl::Minutes(200))).empty());
  const RtpStatus status = AssessRtp(obs, At(absl::Minutes(200)));
  EXPECT_TRUE(status.condition_holds);
  EXPECT_EQ(status.off_since, At(absl::Hours(3)));
  EXPECT_EQ(status.alarm_due, At(RaisedAfter(absl::Hours(3))));
}

TEST(RtpMonitor, Esc2LateOffExtendsAnEpisodeBackwards) {
  // Off seen at 1 h; a delayed report says it was already off at 0.
  std::vector<RtpObservation> obs = {Off(absl::Hours(1))};
  EXPECT_FALSE(AssessRtp(obs, At(k2h01)).alarm_active);
  obs.push_back(Off(absl::ZeroDuration()));
  EXPECT_TRUE(AssessRtp(obs, At(k2h01)).alarm_active);
}

TEST(RtpMonitor, Esc2ObservationsAfterNowAreIgnored) {
  const std::vector<RtpObservation> obs = {Off(absl::ZeroDuration()),
                                           On(absl::Hours(1))};
  // At 30 min the "on" at 1 h has not happened yet.
  const RtpStatus status = AssessRtp(obs, At(absl::Minutes(30)));
  EXPECT_TRUE(status.condition_holds);
}

TEST(RtpMonitor, Esc2TieAtOneInstantFavoursTheAlarmingState) {
  std::vector<RtpObservation> obs = {On(absl::ZeroDuration()),
                                     Off(absl::ZeroDuration())};
  EXPECT_TRUE(AssessRtp(obs, At(k2h01)).alarm_active);
  std::reverse(obs.begin(), obs.end());
  EXPECT_TRUE(AssessRtp(obs, At(k2h01)).alarm_active);
}

TEST(RtpMonitor, Esc2NoObservationsNoAlarm) {
  EXPECT_TRUE(RtpAlarms({}, At(absl::Hours(100))).empty());
  EXPECT_FALSE(AssessRtp({}, At(absl::Hours(100))).condition_holds);
}

TEST(RtpMonitor, AvModeNames) {
  EXPECT_EQ(AvModeName(AvMode::kEnforce), "ENFORCE");
  EXPECT_EQ(AvModeName(AvMode::kAudit), "AUDIT");
  EXPECT_EQ(AvModeName(AvMode::kOff), "OFF");
}

}  // namespace rtp_monitor_test
}  // namespace cordon::core
