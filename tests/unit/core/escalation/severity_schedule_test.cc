#include "server/core/escalation/severity_schedule.h"

#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/escalation_type.h"

namespace cordon::core {
namespace severity_schedule_test {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kCreated = absl::FromUnixSeconds(1700000000);

absl::Time At(absl::Duration d) { return kCreated + d; }

TEST(SeveritySchedule, Esc1OverduePeriods) {
  EXPECT_EQ(OverduePeriod(Severity::kCritical), absl::Hours(12));
  EXPECT_EQ(OverduePeriod(Severity::kHigh), absl::Hours(48));
  EXPECT_EQ(OverduePeriod(Severity::kLow), absl::Hours(7 * 24));
}

TEST(SeveritySchedule, Esc1DueTimeIsCreatedPlusPeriod) {
  EXPECT_EQ(DueTime(kCreated, Severity::kCritical), At(absl::Hours(12)));
  EXPECT_EQ(DueTime(kCreated, Severity::kHigh), At(absl::Hours(48)));
  EXPECT_EQ(DueTime(kCreated, Severity::kLow), At(absl::Hours(168)));
}

TEST(SeveritySchedule, SeverityNames) {
  EXPECT_EQ(SeverityName(Severity::kLow), "LOW");
  EXPECT_EQ(SeverityName(Severity::kHigh), "HIGH");
  EXPECT_EQ(SeverityName(Severity::kCritical), "CRITICAL");
}

TEST(SeveritySchedule, Esc1CriticalUnansweredFor40HoursIsNotifiedFourTimes) {
  EXPECT_THAT(
      NotificationsDue(kCreated, Severity::kCritical, At(absl::Hours(40))),
      ElementsAre(At(absl::Hours(0)), At(absl::Hours(12)), At(absl::Hours(24)),
                  At(absl::Hours(36))));
  EXPECT_EQ(
      NotificationCountDue(kCreated, Severity::kCritical, At(absl::Hours(40))),
      4);
}

TEST(SeveritySchedule, Esc1LowIsNotifiedAtCreationThenWeekly) {
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kLow, At(absl::Hours(400))),
              ElementsAre(At(absl::Hours(0)), At(absl::Hours(168)),
                          At(absl::Hours(336))));
}

TEST(SeveritySchedule, Esc1HighIsNotifiedEvery48Hours) {
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kHigh, At(absl::Hours(96))),
              ElementsAre(At(absl::Hours(0)), At(absl::Hours(48)),
                          At(absl::Hours(96))));
}

TEST(SeveritySchedule, Esc1NotificationExactlyAtBoundaryIsDue) {
  const absl::Time due = DueTime(kCreated, Severity::kCritical);
  EXPECT_EQ(NotificationCountDue(kCreated, Severity::kCritical,
                                 due - absl::Nanoseconds(1)),
            1);
  EXPECT_EQ(NotificationCountDue(kCreated, Severity::kCritical, due), 2);
}

TEST(SeveritySchedule, Esc1NothingDueBeforeCreation) {
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kCritical,
                               kCreated - absl::Seconds(1)),
              IsEmpty());
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kCritical, kCreated),
              ElementsAre(kCreated));
}

TEST(SeveritySchedule, Esc1AnsweredEscalationIsNotReNotified) {
  // Answered at 30 h: the 36 h re-notification is not due.
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kCritical,
                               At(absl::Hours(40)), At(absl::Hours(30))),
              ElementsAre(At(absl::Hours(0)), At(absl::Hours(12)),
                          At(absl::Hours(24))));
}

TEST(SeveritySchedule, Esc1AnsweredExactlyAtANotificationTimeSuppressesIt) {
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kCritical,
                               At(absl::Hours(40)), At(absl::Hours(12))),
              ElementsAre(At(absl::Hours(0))));
  EXPECT_THAT(
      NotificationsDue(kCreated, Severity::kCritical, At(absl::Hours(40)),
                       At(absl::Hours(12) + absl::Nanoseconds(1))),
      ElementsAre(At(absl::Hours(0)), At(absl::Hours(12))));
}

TEST(SeveritySchedule, Esc1CreationNotificationIsAlwaysDue) {
  EXPECT_THAT(NotificationsDue(kCreated, Severity::kLow, At(absl::Hours(1000)),
                               kCreated),
              ElementsAre(kCreated));
}

TEST(SeveritySchedule, Esc1NotificationTimeIsAnchoredOnCreation) {
  EXPECT_EQ(NotificationTime(kCreated, Severity::kHigh, 0), kCreated);
  EXPECT_EQ(NotificationTime(kCreated, Severity::kHigh, 3),
            At(absl::Hours(144)));
  EXPECT_EQ(NotificationTime(kCreated, Severity::kHigh, -1), kCreated);
}

TEST(SeveritySchedule, Esc1NextNotificationFollowsTheGrid) {
  EXPECT_EQ(NextNotificationTime(kCreated, Severity::kCritical, absl::nullopt),
            kCreated);
  EXPECT_EQ(NextNotificationTime(kCreated, Severity::kCritical, kCreated),
            At(absl::Hours(12)));
  EXPECT_EQ(
      NextNotificationTime(kCreated, Severity::kCritical, At(absl::Hours(12))),
      At(absl::Hours(24)));
}

TEST(SeveritySchedule, Esc1LateNotificationDoesNotShiftTheGrid) {
  // The scheduler was down and sent the 12 h notification at 13 h.
  EXPECT_EQ(
      NextNotificationTime(kCreated, Severity::kCritical, At(absl::Hours(13))),
      At(absl::Hours(24)));
}

TEST(SeveritySchedule, Esc1MissedSlotsCollapseIntoOne) {
  // Down from 1 h to 41 h: one catch-up at 41 h, then back on the grid.
  EXPECT_EQ(
      NextNotificationTime(kCreated, Severity::kCritical, At(absl::Hours(41))),
      At(absl::Hours(48)));
}

TEST(SeveritySchedule, Esc1NotifiedBeforeCreationMeansCreation) {
  EXPECT_EQ(
      NextNotificationTime(kCreated, Severity::kLow, kCreated - absl::Hours(1)),
      kCreated);
}

TEST(SeveritySchedule, Esc1OverdueFromDueTimeWhileUnanswered) {
  const absl::Time due = DueTime(kCreated, Severity::kHigh);
  EXPECT_FALSE(IsOverdue(kCreated, Severity::kHigh, due - absl::Seconds(1),
                         /*answered=*/false));
  EXPECT_TRUE(IsOverdue(kCreated, Severity::kHigh, due, /*answered=*/false));
  EXPECT_FALSE(IsOverdue(kCreated, Severity::kHigh, due, /*answered=*/true));
}

TEST(SeveritySchedule, Esc1TimeZonesAreIrrelevant) {
  // A LOW period spanning the EU DST change (2023-03-26) is still 168 h.
  const absl::Time created = absl::FromCivil(
      absl::CivilSecond(2023, 3, 22, 9, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(DueTime(created, Severity::kLow) - created, absl::Hours(168));
}

TEST(EscalationStatus, Esc9StatusIsDerived) {
  const absl::Time due = DueTime(kCreated, Severity::kCritical);
  EXPECT_EQ(DeriveEscalationStatus(kCreated, Severity::kCritical, kCreated,
                                   false, false),
            EscalationStatus::kOpen);
  EXPECT_EQ(
      DeriveEscalationStatus(kCreated, Severity::kCritical, due, false, false),
      EscalationStatus::kOverdue);
  EXPECT_EQ(
      DeriveEscalationStatus(kCreated, Severity::kCritical, due, true, false),
      EscalationStatus::kOpen);
  EXPECT_EQ(
      DeriveEscalationStatus(kCreated, Severity::kCritical, due, false, true),
      EscalationStatus::kResolved);
}

TEST(EscalationType, Esc2SeveritiesByType) {
  EXPECT_EQ(
      EscalationSeverity(EscalationType::kSystemHealthDefenderRtpDisabled),
      Severity::kHigh);
  EXPECT_EQ(EscalationSeverity(EscalationType::kHostIsolationOrgWide),
            Severity::kCritical);
  EXPECT_EQ(EscalationSeverity(EscalationType::kIntegrationM365Inaccessible),
            Severity::kCritical);
  EXPECT_EQ(EscalationSeverity(EscalationType::kLoginUnexpectedCountry),
            Severity::kLow);
  EXPECT_EQ(EscalationSeverity(EscalationType::kLoginUnexpectedVpn),
            Severity::kLow);
  // Fixed severities ignore a report severity.
  EXPECT_EQ(EscalationSeverity(EscalationType::kLoginUnexpectedVpn,
                               Severity::kCritical),
            Severity::kLow);
}

TEST(EscalationType, Esc2PsaFailureTakesTheReportSeverity) {
  EXPECT_EQ(EscalationSeverity(EscalationType::kIntegrationPsaDeliveryFailed,
                               Severity::kCritical),
            Severity::kCritical);
  EXPECT_EQ(EscalationSeverity(EscalationType::kIntegrationPsaDeliveryFailed,
                               Severity::kLow),
            Severity::kLow);
  EXPECT_EQ(EscalationSeverity(EscalationType::kIntegrationPsaDeliveryFailed),
            Severity::kHigh);
}

TEST(EscalationType, Esc2Names) {
  EXPECT_EQ(EscalationTypeName(EscalationType::kIntegrationPsaDeliveryFailed),
            "INTEGRATION_PSA_DELIVERY_FAILED");
  EXPECT_EQ(
      EscalationTypeName(EscalationType::kSystemHealthDefenderRtpDisabled),
      "SYSTEM_HEALTH_DEFENDER_RTP_DISABLED");
  EXPECT_EQ(EscalationTypeName(EscalationType::kHostIsolationOrgWide),
            "HOST_ISOLATION_ORG_WIDE");
  EXPECT_EQ(EscalationTypeName(EscalationType::kIntegrationM365Inaccessible),
            "INTEGRATION_M365_INACCESSIBLE");
  EXPECT_EQ(EscalationTypeName(EscalationType::kLoginUnexpectedCountry),
            "LOGIN_UNEXPECTED_COUNTRY");
  EXPECT_EQ(EscalationTypeName(EscalationType::kLoginUnexpectedVpn),
            "LOGIN_UNEXPECTED_VPN");
  EXPECT_EQ(EscalationStatusName(EscalationStatus::kOverdue), "OVERDUE");
  EXPECT_EQ(ResolutionName(Resolution::kDismissed), "DISMISSED");
}

TEST(EscalationType, Esc3OnlyTheTwoLoginTypesAreLoginEscalations) {
  EXPECT_TRUE(IsLoginEscalation(EscalationType::kLoginUnexpectedCountry));
  EXPECT_TRUE(IsLoginEscalation(EscalationType::kLoginUnexpectedVpn));
  EXPECT_FALSE(
      IsLoginEscalation(EscalationType::kIntegrationPsaDeliveryFailed));
  EXPECT_FALSE(IsLoginEscalation(EscalationType::kHostIsolationOrgWide));
  EXPECT_FALSE(
      IsLoginEscalation(EscalationType::kSystemHealthDefenderRtpDisabled));
  EXPECT_FALSE(IsLoginEscalation(EscalationType::kIntegrationM365Inaccessible));
}

}  // namespace severity_schedule_test
}  // namespace cordon::core
