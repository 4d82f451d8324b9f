// Escalation notifications and incident-report delivery over a real loopback
// channel, with the simulated PSA and mailbox behind the ports and the
// outbox worker stepped on the fake clock: ESC-1 (re-notification on the
// creation-anchored grid), ESC-3 (PSA xor e-mail), ESC-6 (recipients),
// ESC-9 (the notification history), ESC-2 types 1 and 4 with their ESC-8
// retries.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/escalation/escalation_manager.h"
#include "simulator/sample_psa.h"
#include "tests/support/api_client.h"
#include "tests/support/raise_escalation.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace escalation_notification_test {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Property;
using ::testing::SizeIs;
using v1::Escalation;
using v1::EscalationNotification;
using v1::IncidentReport;
using v1::ReportDelivery;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000aa";

class EscalationNotificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    admin_ = api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
    admin_token_ = api_.KeyFor(admin_);
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
    ASSERT_TRUE(
        server_.world().AddUser(kTenant, {.upn = "alice@contoso.com"}).ok());
    alice_ = api_.CreateIdentity(org_, "alice@contoso.com");
    RunWorker();
  }

  std::string AdminEmail() {
    v1::GetUserRequest request;
    request.set_name(admin_);
    v1::User user;
    EXPECT_TRUE(api_.users().GetUser(api_.Soc().get(), request, &user).ok());
    return user.email();
  }

  void ConnectPsa() {
    v1::UpdateAccountRequest request;
    request.mutable_account()->set_name(account_);
    *request.mutable_account()->mutable_settings()->mutable_psa_integration() =
        sim::SamplePsaIntegration(v1::PsaIntegration::CONNECTWISE, "Security");
    request.mutable_update_mask()->add_paths("settings.psa_integration");
    v1::AccountChange change;
    grpc::Status status =
        api_.accounts().UpdateAccount(api_.Soc().get(), request, &change);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  Escalation Raise(v1::EscalationType type, const std::string& subject,
                   v1::Severity severity = v1::SEVERITY_UNSPECIFIED) {
    const core::OrganizationName org = *core::ParseOrganizationName(org_);
    engine::EscalationOccurrence occurrence;
    occurrence.account = org.account;
    occurrence.organization = org.organization;
    occurrence.type = type;
    occurrence.severity = severity;
    occurrence.subject = subject;
    occurrence.identity = alice_;
    occurrence.event.set_subject(alice_);
    occurrence.event.set_summary("seen");
    return testing::RaiseEscalation(server_.database(), server_.engine(),
                                    occurrence);
  }

  Escalation Get(const std::string& name) {
    v1::GetEscalationRequest request;
    request.set_name(name);
    Escalation out;
    grpc::Status status = api_.escalations().GetEscalation(
        api_.Context(admin_token_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Answer(const Escalation& escalation,
                      const v1::EscalationAnswer& answer, Escalation* out) {
    v1::AnswerEscalationRequest request;
    request.set_name(escalation.name());
    *request.mutable_answer() = answer;
    return api_.escalations().AnswerEscalation(api_.Context(admin_token_).get(),
                                               request, out);
  }

  IncidentReport SendReport(v1::Severity severity) {
    v1::CreateIncidentReportRequest create;
    create.set_parent(org_);
    create.mutable_incident_report()->set_title("Mailbox rule exfiltration");
    create.mutable_incident_report()->set_severity(severity);
    create.mutable_incident_report()->add_identities(alice_);
    IncidentReport draft, sent;
    EXPECT_TRUE(api_.incidents()
                    .CreateIncidentReport(api_.Soc().get(), create, &draft)
                    .ok());
    v1::SendIncidentReportRequest send;
    send.set_name(draft.name());
    EXPECT_TRUE(api_.incidents()
                    .SendIncidentReport(api_.Soc().get(), send, &sent)
                    .ok());
    return sent;
  }

  IncidentReport GetReport(const std::string& name) {
    v1::GetIncidentReportRequest request;
    request.set_name(name);
    IncidentReport out;
    EXPECT_TRUE(api_.incidents()
                    .GetIncidentReport(api_.Soc().get(), request, &out)
                    .ok());
    return out;
  }

  std::vector<Escalation> ListOpen(v1::EscalationType type) {
    v1::ListEscalationsRequest request;
    request.set_parent(account_);
    request.set_filter("type = " + v1::EscalationType_Name(type));
    v1::ListEscalationsResponse response;
    EXPECT_TRUE(api_.escalations()
                    .ListEscalations(api_.Context(admin_token_).get(), request,
                                     &response)
                    .ok());
    std::vector<Escalation> open;
    for (const Escalation& e : response.escalations()) {
      if (e.status() != Escalation::RESOLVED) open.push_back(e);
    }
    return open;
  }

  void RunWorker() {
    absl::StatusOr<int> handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }
  // Moves the clock in steps of `step`, performing what falls due.
  void AdvanceBy(absl::Duration total, absl::Duration step) {
    for (absl::Duration done; done < total; done += step) {
      server_.clock().Advance(step);
      RunWorker();
    }
  }

  static std::vector<int> Rounds(const Escalation& escalation,
                                 EscalationNotification::Outcome outcome) {
    std::vector<int> rounds;
    for (const EscalationNotification& n : escalation.notifications()) {
      if (n.outcome() == outcome) rounds.push_back(n.round());
    }
    return rounds;
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, admin_, admin_token_, org_, alice_;
};

TEST_F(
    EscalationNotificationTest,
    Esc1CriticalUnansweredFortyHoursIsNotifiedAtZeroTwelveTwentyFourThirtySix) {
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  ASSERT_EQ(raised.severity(), v1::CRITICAL);
  RunWorker();
  AdvanceBy(absl::Hours(40), absl::Minutes(30));

  const Escalation now = Get(raised.name());
  EXPECT_EQ(now.status(), Escalation::OVERDUE);
  EXPECT_EQ(now.delivery_channel(), EscalationNotification::EMAIL);
  EXPECT_THAT(Rounds(now, EscalationNotification::DELIVERED),
              ElementsAre(0, 1, 2, 3));
  // ESC-6: by default every account admin, here the one admin.
  EXPECT_THAT(now.notifications(),
              Each(Property(&EscalationNotification::recipient, AdminEmail())));
  const auto mails = server_.mailbox().MessagesTo(AdminEmail());
  ASSERT_THAT(mails, SizeIs(4));
  const absl::Time created =
      absl::FromUnixSeconds(raised.create_time().seconds());
  for (int k = 0; k < 4; ++k) {
    // On the creation-anchored grid, within the 30-minute stepping.
    EXPECT_GE(mails[k].time, created + k * absl::Hours(12));
    EXPECT_LT(mails[k].time, created + k * absl::Hours(12) + absl::Minutes(31));
  }
  EXPECT_THAT(mails[1].subject, ::testing::HasSubstr("Reminder 1, overdue"));
  EXPECT_TRUE(server_.psa().tickets().empty());
}

TEST_F(EscalationNotificationTest, Esc1AServerDownForDaysSendsOneReminder) {
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  RunWorker();
  server_.clock().Advance(absl::Hours(50));  // rounds 1..4 missed
  RunWorker();
  const Escalation now = Get(raised.name());
  EXPECT_THAT(Rounds(now, EscalationNotification::DELIVERED),
              ElementsAre(0, 4));
  AdvanceBy(absl::Hours(12), absl::Hours(1));  // back on the grid: 60 h
  EXPECT_THAT(Rounds(Get(raised.name()), EscalationNotification::DELIVERED),
              ElementsAre(0, 4, 5));
}

TEST_F(EscalationNotificationTest, Esc1AnAnsweredEscalationIsNotRenotified) {
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  RunWorker();
  v1::EscalationAnswer acknowledge;
  acknowledge.set_acknowledge(true);
  Escalation out;
  ASSERT_TRUE(Answer(raised, acknowledge, &out).ok());
  AdvanceBy(absl::Hours(40), absl::Hours(1));
  EXPECT_THAT(Rounds(Get(raised.name()), EscalationNotification::DELIVERED),
              ElementsAre(0));
  EXPECT_THAT(server_.mailbox().messages(), SizeIs(1));
}

TEST_F(EscalationNotificationTest, Esc3LoginEscalationGoesToThePsaOnly) {
  ConnectPsa();
  const Escalation raised = Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU");
  RunWorker();
  AdvanceBy(absl::Hours(24 * 8), absl::Hours(6));  // LOW: overdue at 7 days
  const Escalation now = Get(raised.name());
  EXPECT_EQ(now.delivery_channel(), EscalationNotification::PSA);
  EXPECT_THAT(now.notifications(),
              Each(Property(&EscalationNotification::channel,
                            EscalationNotification::PSA)));
  EXPECT_THAT(Rounds(now, EscalationNotification::DELIVERED),
              ElementsAre(0, 1));
  ASSERT_THAT(server_.psa().tickets(), SizeIs(1));
  EXPECT_EQ(server_.psa().tickets()[0].reference, raised.name());
  EXPECT_EQ(server_.psa().tickets()[0].board, "Security");
  EXPECT_THAT(server_.psa().tickets()[0].notes, SizeIs(1));  // the reminder
  EXPECT_EQ(now.psa_ticket_id(), server_.psa().tickets()[0].id);
  EXPECT_THAT(server_.mailbox().messages(), IsEmpty());
}

TEST_F(EscalationNotificationTest,
       Esc3LoginEscalationWithoutPsaGoesByEmailOnly) {
  Raise(v1::LOGIN_UNEXPECTED_VPN, "vpn:nordvpn");
  RunWorker();
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(1));
  EXPECT_TRUE(server_.psa().tickets().empty());
}

TEST_F(EscalationNotificationTest, Esc3OtherTypesGoByEmailEvenWithAPsa) {
  ConnectPsa();
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  RunWorker();
  EXPECT_EQ(Get(raised.name()).delivery_channel(),
            EscalationNotification::EMAIL);
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(1));
  EXPECT_TRUE(server_.psa().tickets().empty());
}

TEST_F(EscalationNotificationTest, Esc9EveryFailedAttemptIsInTheHistory) {
  server_.mailbox().FailNext(2, sim::MailFailure::kRetryable);
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  AdvanceBy(absl::Minutes(10), absl::Seconds(10));
  const Escalation now = Get(raised.name());
  ASSERT_THAT(now.notifications(), SizeIs(3));
  EXPECT_EQ(now.notifications(0).outcome(), EscalationNotification::FAILED);
  EXPECT_THAT(now.notifications(0).detail(), ::testing::HasSubstr("retrying"));
  EXPECT_EQ(now.notifications(1).outcome(), EscalationNotification::FAILED);
  EXPECT_EQ(now.notifications(2).outcome(), EscalationNotification::DELIVERED);
  EXPECT_THAT(now.notifications(),
              Each(Property(&EscalationNotification::round, 0)));
}

// ESC-9: a message written to the development spool reached nobody; the
// history says SPOOLED, never DELIVERED, and it is not retried.
TEST_F(EscalationNotificationTest, Esc9SpooledMailShowsSpooledNotDelivered) {
  server_.mailbox().SetSpooling(true);
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  RunWorker();
  const Escalation now = Get(raised.name());
  ASSERT_THAT(now.notifications(), SizeIs(1));
  EXPECT_EQ(now.notifications(0).outcome(), EscalationNotification::SPOOLED);
  EXPECT_THAT(now.notifications(0).detail(), ::testing::HasSubstr("not sent"));

  const IncidentReport sent = SendReport(v1::HIGH);
  RunWorker();
  EXPECT_EQ(GetReport(sent.name()).delivery().state(), ReportDelivery::SPOOLED);
  EXPECT_EQ(GetReport(sent.name()).delivery().attempts(), 1);
}

// ESC-9: a 5xx is FAILED for good at once (one attempt, no retry), with the
// server's words in the history and in the report's delivery.
TEST_F(EscalationNotificationTest, Esc9PermanentRefusalFailsWithoutRetry) {
  server_.mailbox().Bounce(AdminEmail());
  const Escalation raised = Raise(v1::HOST_ISOLATION_ORG_WIDE, "manual:1");
  AdvanceBy(absl::Minutes(10), absl::Seconds(10));
  const Escalation now = Get(raised.name());
  ASSERT_THAT(now.notifications(), SizeIs(1));
  EXPECT_EQ(now.notifications(0).outcome(), EscalationNotification::FAILED);
  EXPECT_THAT(now.notifications(0).detail(), ::testing::HasSubstr("550"));

  const IncidentReport sent = SendReport(v1::HIGH);
  RunWorker();
  const IncidentReport report = GetReport(sent.name());
  EXPECT_EQ(report.delivery().state(), ReportDelivery::FAILED);
  EXPECT_THAT(report.delivery().detail(), ::testing::HasSubstr("550"));
  EXPECT_THAT(report.delivery().refused_recipients(),
              ElementsAre(AdminEmail() + ": 550 mailbox unavailable"));
}

TEST_F(EscalationNotificationTest,
       Esc2ReportWithoutPsaIsEmailedAndNeverRaisesDeliveryFailed) {
  const IncidentReport sent = SendReport(v1::HIGH);
  EXPECT_EQ(sent.delivery().channel(), ReportDelivery::EMAIL);
  EXPECT_EQ(sent.delivery().state(), ReportDelivery::PENDING);
  RunWorker();
  EXPECT_EQ(GetReport(sent.name()).delivery().state(),
            ReportDelivery::DELIVERED);
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(1));
  EXPECT_THAT(ListOpen(v1::INTEGRATION_PSA_DELIVERY_FAILED), IsEmpty());
}

TEST_F(EscalationNotificationTest,
       Esc2PsaRefusesTheReportThenIntegrationFixedDeliversAndResolves) {
  ConnectPsa();
  server_.psa().SetFailure(sim::PsaFailure::kExpiredCredentials);
  const IncidentReport sent = SendReport(v1::CRITICAL);
  EXPECT_EQ(sent.delivery().channel(), ReportDelivery::PSA);
  RunWorker();

  IncidentReport report = GetReport(sent.name());
  EXPECT_EQ(report.delivery().state(), ReportDelivery::PENDING);
  EXPECT_THAT(report.delivery().detail(), ::testing::HasSubstr("API key"));
  std::vector<Escalation> open = ListOpen(v1::INTEGRATION_PSA_DELIVERY_FAILED);
  ASSERT_THAT(open, SizeIs(1));
  // ESC-2: the report's severity; ESC-3: not through the broken PSA.
  EXPECT_EQ(open[0].severity(), v1::CRITICAL);
  EXPECT_EQ(open[0].delivery_channel(), EscalationNotification::EMAIL);
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(1));

  // Answered before the fix: the retry fails and the escalation awaits an
  // answer again.
  v1::EscalationAnswer fixed;
  fixed.set_integration_fixed(true);
  Escalation out;
  ASSERT_TRUE(Answer(open[0], fixed, &out).ok());
  EXPECT_EQ(out.status(), Escalation::OPEN);
  RunWorker();
  Escalation reopened = Get(open[0].name());
  EXPECT_EQ(reopened.status(), Escalation::OPEN);
  EXPECT_FALSE(reopened.has_answer());
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(2));
  // The reopened escalation stays on its one schedule: rounds 1 and 2 at
  // 12 h and 24 h, each once (the notice on reopening starts no second
  // chain).
  AdvanceBy(absl::Hours(25), absl::Hours(1));
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(4));

  // Two days later the admin renews the key: this time it works.
  server_.clock().Advance(absl::Hours(23));
  server_.psa().Fix();
  ASSERT_TRUE(Answer(reopened, fixed, &out).ok());
  RunWorker();
  report = GetReport(sent.name());
  EXPECT_EQ(report.delivery().state(), ReportDelivery::DELIVERED);
  ASSERT_THAT(server_.psa().tickets(), SizeIs(1));
  EXPECT_EQ(report.delivery().psa_ticket_id(), server_.psa().tickets()[0].id);
  const Escalation resolved = Get(open[0].name());
  EXPECT_EQ(resolved.status(), Escalation::RESOLVED);
  EXPECT_EQ(resolved.resolution(), Escalation::ANSWERED);
}

TEST_F(EscalationNotificationTest,
       Esc2AadstsRaisesM365InaccessibleAndRetryAccessResolvesOnceFixed) {
  server_.faults().SetTenantAadsts(kTenant, "AADSTS65001");
  v1::IsolateIdentityRequest isolate;
  isolate.set_name(alice_);
  isolate.set_reason("token theft suspected");
  v1::Identity identity;
  ASSERT_TRUE(api_.identities()
                  .IsolateIdentity(api_.Soc().get(), isolate, &identity)
                  .ok());
  RunWorker();
  std::vector<Escalation> open = ListOpen(v1::INTEGRATION_M365_INACCESSIBLE);
  ASSERT_THAT(open, SizeIs(1));
  EXPECT_EQ(open[0].severity(), v1::CRITICAL);
  EXPECT_EQ(open[0].organization(), org_);
  EXPECT_THAT(open[0].events(0).summary(), ::testing::HasSubstr("AADSTS65001"));

  v1::EscalationAnswer retry;
  retry.set_retry_access(true);
  Escalation out;
  ASSERT_TRUE(Answer(open[0], retry, &out).ok());
  RunWorker();
  EXPECT_FALSE(Get(open[0].name()).has_answer());  // still failing: reopened

  server_.faults().SetTenantAadsts(kTenant, "");
  ASSERT_TRUE(Answer(Get(open[0].name()), retry, &out).ok());
  RunWorker();
  const Escalation resolved = Get(open[0].name());
  EXPECT_EQ(resolved.status(), Escalation::RESOLVED);
  EXPECT_EQ(resolved.resolution(), Escalation::ANSWERED);
}

// Issue 8, defect 6: the PSA refuses a login escalation's first ticket
// (expired credentials). The admins hear of it at once by e-mail through
// INTEGRATION_PSA_DELIVERY_FAILED (ESC-2), with the escalation's severity;
// "integration fixed" opens the ticket and resolves it. The login
// escalation itself stays on its one channel, the PSA (ESC-3).
TEST_F(EscalationNotificationTest,
       Esc2Esc3LoginEscalationRefusedByThePsaIsRaisedAndRetriedWhenFixed) {
  ConnectPsa();
  server_.psa().SetFailure(sim::PsaFailure::kExpiredCredentials);
  const Escalation raised = Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU");
  AdvanceBy(absl::Minutes(30), absl::Minutes(1));  // retries exhausted

  std::vector<Escalation> open = ListOpen(v1::INTEGRATION_PSA_DELIVERY_FAILED);
  ASSERT_THAT(open, SizeIs(1)) << "the failure reaches the admins at once";
  EXPECT_EQ(open[0].severity(), v1::LOW);
  EXPECT_EQ(open[0].delivery_channel(), EscalationNotification::EMAIL);
  EXPECT_THAT(open[0].events(0).subject(), raised.name());
  EXPECT_THAT(server_.mailbox().MessagesTo(AdminEmail()), SizeIs(1));
  Escalation login = Get(raised.name());
  EXPECT_EQ(login.delivery_channel(), EscalationNotification::PSA);
  EXPECT_THAT(Rounds(login, EscalationNotification::FAILED),
              ::testing::Contains(0));

  // Answered too early: the retry fails again and it needs an answer again.
  v1::EscalationAnswer fixed;
  fixed.set_integration_fixed(true);
  Escalation out;
  ASSERT_TRUE(Answer(open[0], fixed, &out).ok());
  AdvanceBy(absl::Minutes(30), absl::Minutes(1));
  EXPECT_FALSE(Get(open[0].name()).has_answer());
  EXPECT_TRUE(server_.psa().tickets().empty());

  // Fixed for real two days later (well before the 7-day reminder).
  server_.clock().Advance(absl::Hours(48));
  server_.psa().Fix();
  ASSERT_TRUE(Answer(Get(open[0].name()), fixed, &out).ok());
  RunWorker();
  ASSERT_THAT(server_.psa().tickets(), SizeIs(1));
  EXPECT_EQ(server_.psa().tickets()[0].reference, raised.name());
  login = Get(raised.name());
  EXPECT_EQ(login.psa_ticket_id(), server_.psa().tickets()[0].id);
  EXPECT_THAT(Rounds(login, EscalationNotification::DELIVERED), ElementsAre(0));
  const Escalation resolved = Get(open[0].name());
  EXPECT_EQ(resolved.status(), Escalation::RESOLVED);
  EXPECT_EQ(resolved.resolution(), Escalation::ANSWERED);
  // ESC-3: never by e-mail itself, only the integration escalation was.
  for (const EscalationNotification& n : login.notifications()) {
    EXPECT_EQ(n.channel(), EscalationNotification::PSA);
  }
}

}  // namespace escalation_notification_test
}  // namespace cordon
