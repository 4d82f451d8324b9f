// ESC-2 SYSTEM_HEALTH_DEFENDER_RTP_DISABLED: how the reported alarms of an
// endpoint follow the alarms its observations show (resolve by itself, raise
// late alarms once, one timer per due time, bounded reports).

#include "server/core/telemetry/rtp_reports.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace rtp_reports_test {

using ::testing::ElementsAreArray;

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

absl::Time At(int minutes) { return kT0 + absl::Minutes(minutes); }

RtpAlarm Active(int off_since) {
  return RtpAlarm{At(off_since), At(off_since) + kRtpRaiseAfter, absl::nullopt};
}
RtpAlarm Ended(int off_since, int cleared) {
  return RtpAlarm{At(off_since), At(off_since) + kRtpRaiseAfter, At(cleared)};
}

ReportedRtpAlarm Open(int off_since, std::string escalation = "e1") {
  return ReportedRtpAlarm{At(off_since), absl::nullopt, std::move(escalation)};
}
ReportedRtpAlarm Closed(int off_since, int cleared,
                        std::string escalation = "e1") {
  return ReportedRtpAlarm{At(off_since), At(cleared), std::move(escalation)};
}

RtpObservation Off(int minutes) {
  return RtpObservation{At(minutes), AvMode::kEnforce, /*rtp_on=*/false};
}
RtpObservation On(int minutes) {
  return RtpObservation{At(minutes), AvMode::kEnforce, /*rtp_on=*/true};
}
RtpObservation Audit(int minutes) {
  return RtpObservation{At(minutes), AvMode::kAudit, /*rtp_on=*/false};
}

// --- EndedRtpReports -------------------------------------------------------

struct EndedCase {
  const char* name;
  std::vector<ReportedRtpAlarm> reports;
  std::vector<RtpAlarm> alarms;
  std::vector<RtpObservation> observations;
  // (report index, cleared minute)
  std::vector<std::pair<size_t, int>> expected;
};

class EndedRtpReportsTest : public ::testing::TestWithParam<EndedCase> {};

TEST_P(EndedRtpReportsTest, Esc2ResolvesByItselfOnceTheEpisodeEnds) {
  const EndedCase& c = GetParam();
  const absl::Time now = At(1000);
  std::vector<std::pair<size_t, absl::Time>> got;
  for (const EndedRtpReport& ended :
       EndedRtpReports(c.reports, c.alarms, c.observations, now)) {
    got.emplace_back(ended.report, ended.cleared);
  }
  std::vector<std::pair<size_t, absl::Time>> want;
  for (const auto& [report, minute] : c.expected) {
    want.emplace_back(report, minute < 0 ? now : At(minute));
  }
  EXPECT_THAT(got, ElementsAreArray(want)) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, EndedRtpReportsTest,
    ::testing::Values(
        EndedCase{"an alarm that still holds keeps its report open",
                  {Open(0)},
                  {Active(0)},
                  {Off(0)},
                  {}},
        EndedCase{"an ended alarm ends its report when RTP was seen on",
                  {Open(0)},
                  {Ended(0, 150)},
                  {Off(0), On(150)},
                  {{0, 150}}},
        EndedCase{"a late 'on' split the episode: the latest clear counts",
                  {Open(0)},
                  {Ended(0, 130), Ended(140, 300)},
                  {Off(0), On(130), Off(140), On(300)},
                  {{0, 300}}},
        EndedCase{"one part of a split episode still holds",
                  {Open(0)},
                  {Ended(0, 130), Active(140)},
                  {Off(0), On(130), Off(140)},
                  {}},
        EndedCase{"no alarm any more: ended at the first safe observation",
                  {Open(0)},
                  {},
                  {Off(0), On(60), Off(70), Audit(90)},
                  {{0, 60}}},
        EndedCase{"a mode change away from ENFORCE is safe too",
                  {Open(0)},
                  {},
                  {Off(0), Audit(45)},
                  {{0, 45}}},
        EndedCase{"no safe observation after the start: ended now",
                  {Open(0)},
                  {},
                  {Off(0)},
                  {{0, -1}}},
        EndedCase{"ended reports are left alone",
                  {Closed(0, 150), Open(200, "e2")},
                  {Ended(0, 150), Ended(200, 400)},
                  {Off(0), On(150), Off(200), On(400)},
                  {{1, 400}}}));

// --- RtpAlarmReported ------------------------------------------------------

struct ReportedCase {
  const char* name;
  RtpAlarm alarm;
  std::vector<ReportedRtpAlarm> reports;
  bool expected;
};

class RtpAlarmReportedTest : public ::testing::TestWithParam<ReportedCase> {};

TEST_P(RtpAlarmReportedTest, Esc2AnAlarmIsRaisedOnce) {
  EXPECT_EQ(RtpAlarmReported(GetParam().alarm, GetParam().reports),
            GetParam().expected)
      << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RtpAlarmReportedTest,
    ::testing::Values(
        ReportedCase{"nothing reported", Active(0), {}, false},
        ReportedCase{
            "an open report covers the alarm", Active(0), {Open(0)}, true},
        ReportedCase{"an open report covers an alarm that ended since",
                     Ended(0, 150),
                     {Open(0)},
                     true},
        ReportedCase{"an ended report covers an ended alarm",
                     Ended(0, 150),
                     {Closed(0, 150)},
                     true},
        ReportedCase{"an ended report does not cover a new episode",
                     Active(100),
                     {Closed(0, 150)},
                     false},
        ReportedCase{"a report ended at the alarm's start does not overlap",
                     Ended(150, 400),
                     {Closed(0, 150)},
                     false},
        ReportedCase{"a report from after the alarm ended does not overlap",
                     Ended(0, 150),
                     {Open(150)},
                     false}));

// --- RtpAlarmResolvesAtOnce ------------------------------------------------

struct AtOnceCase {
  const char* name;
  RtpAlarm alarm;
  std::vector<ReportedRtpAlarm> reports;
  std::string escalation;
  bool expected;
};

class RtpAlarmResolvesAtOnceTest : public ::testing::TestWithParam<AtOnceCase> {
};

TEST_P(RtpAlarmResolvesAtOnceTest, Esc7ALateAlarmResolvesUnlessItJoined) {
  const AtOnceCase& c = GetParam();
  EXPECT_EQ(RtpAlarmResolvesAtOnce(c.alarm, c.reports, c.escalation),
            c.expected)
      << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RtpAlarmResolvesAtOnceTest,
    ::testing::Values(
        AtOnceCase{
            "an alarm that holds stays open", Active(0), {}, "e1", false},
        AtOnceCase{"an alarm over before its events came resolves",
                   Ended(0, 150),
                   {},
                   "e1",
                   true},
        AtOnceCase{"one that joined the escalation of a holding alarm waits",
                   Ended(0, 150),
                   {Open(300, "e1")},
                   "e1",
                   false},
        AtOnceCase{"an open report of another escalation does not matter",
                   Ended(0, 150),
                   {Open(300, "e2")},
                   "e1",
                   true},
        AtOnceCase{"an ended report of the same escalation does not matter",
                   Ended(0, 150),
                   {Closed(300, 500, "e1")},
                   "e1",
                   true}));

// --- RtpTimerNeeded --------------------------------------------------------

struct TimerCase {
  const char* name;
  absl::optional<absl::Time> alarm_due;
  absl::optional<absl::Time> queued_due;
  bool expected;
};

class RtpTimerNeededTest : public ::testing::TestWithParam<TimerCase> {};

TEST_P(RtpTimerNeededTest, Esc2OneTimerPerDueTime) {
  EXPECT_EQ(RtpTimerNeeded(GetParam().alarm_due, GetParam().queued_due),
            GetParam().expected)
      << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RtpTimerNeededTest,
    ::testing::Values(
        TimerCase{"nothing due, nothing queued", absl::nullopt, absl::nullopt,
                  false},
        TimerCase{"nothing due any more", absl::nullopt, At(121), false},
        TimerCase{"due, nothing queued", At(121), absl::nullopt, true},
        TimerCase{"due, queued for that time", At(121), At(121), false},
        TimerCase{"due at another time than queued", At(200), At(121), true}));

// --- RtpReportsKept --------------------------------------------------------

struct KeptCase {
  const char* name;
  std::vector<ReportedRtpAlarm> reports;
  std::vector<RtpObservation> observations;
  int max_reports;
  std::vector<size_t> expected;
};

class RtpReportsKeptTest : public ::testing::TestWithParam<KeptCase> {};

TEST_P(RtpReportsKeptTest, Esc2ReportsStayBounded) {
  const KeptCase& c = GetParam();
  EXPECT_THAT(
      RtpReportsKept(c.reports, c.observations, At(1000), c.max_reports),
      ElementsAreArray(c.expected))
      << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RtpReportsKeptTest,
    ::testing::Values(
        KeptCase{"within the bound all stay",
                 {Closed(0, 150), Open(200)},
                 {Off(0)},
                 16,
                 {0, 1}},
        KeptCase{"ended before the earliest observation goes",
                 {Closed(0, 150), Closed(160, 300), Open(400)},
                 {On(300), Off(400)},
                 16,
                 {1, 2}},
        KeptCase{
            "an open report stays however old", {Open(0)}, {Off(500)}, 16, {0}},
        KeptCase{"with no observation, ended before now goes",
                 {Closed(0, 150), Closed(900, 1000)},
                 {},
                 16,
                 {1}},
        KeptCase{"beyond the bound the oldest ended goes first",
                 {Open(0, "e1"), Closed(10, 20), Closed(30, 40)},
                 {Off(0)},
                 2,
                 {0, 2}},
        KeptCase{"beyond the bound with none ended the oldest goes",
                 {Open(0, "e1"), Open(10, "e2"), Open(20, "e3")},
                 {Off(0)},
                 2,
                 {1, 2}}));

}  // namespace rtp_reports_test
}  // namespace cordon::core
