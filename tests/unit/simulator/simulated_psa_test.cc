#include "simulator/simulated_psa.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/psa_outcome.h"
#include "server/core/isolation/error_class.h"
#include "simulator/event_log.h"
#include "testing/fake_clock.h"

namespace cordon::sim {
namespace simulated_psa_test {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

ports::PsaConnection Connection(const std::string& account = "accounts/3") {
  ports::PsaConnection connection;
  connection.account = account;
  connection.kind = "CONNECTWISE";
  connection.endpoint = "https://psa.example";
  connection.board = "Security";
  connection.secret = "s3cret";
  return connection;
}

ports::PsaTicket Ticket(const std::string& reference,
                        const std::string& title = "Sign-in from Elbonia") {
  return {reference, title, "alice@contoso.com signed in from Elbonia", "LOW"};
}

core::ErrorClass Class(const ports::PsaCallOutcome& outcome) {
  return core::ClassifyPsaOutcome(outcome.http_status, outcome.timed_out);
}

class SimulatedPsaTest : public ::testing::Test {
 protected:
  ports::FakeClock clock_;
  EventLog log_{&clock_};
  SimulatedPsa psa_{&clock_, &log_};
};

// DOMAIN "The outside world" (PSA): a ticket is opened and recorded with
// what it is about and when.
TEST_F(SimulatedPsaTest, CreatesTicketsWithSequentialIdsAndRecordsThem) {
  const ports::PsaCallOutcome first =
      psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  clock_.Advance(absl::Minutes(1));
  const ports::PsaCallOutcome second = psa_.CreateTicket(
      Connection(), Ticket("accounts/3/escalations/6", "VPN sign-in"));

  EXPECT_EQ(first.http_status, 201);
  EXPECT_EQ(first.ticket_id, "T-1");
  EXPECT_EQ(second.ticket_id, "T-2");
  EXPECT_EQ(Class(first), core::ErrorClass::kSuccess);
  const std::vector<SimulatedTicket> tickets = psa_.tickets();
  ASSERT_THAT(tickets, SizeIs(2));
  EXPECT_EQ(tickets[0].reference, "accounts/3/escalations/5");
  EXPECT_EQ(tickets[0].title, "Sign-in from Elbonia");
  EXPECT_EQ(tickets[0].body, "alice@contoso.com signed in from Elbonia");
  EXPECT_EQ(tickets[0].priority, "LOW");
  EXPECT_EQ(tickets[0].board, "Security");
  EXPECT_EQ(tickets[0].account, "accounts/3");
  EXPECT_EQ(tickets[1].created - tickets[0].created, absl::Minutes(1));
  EXPECT_EQ(psa_.call_count(), 2u);
  EXPECT_EQ(psa_.failed_call_count(), 0u);
}

// PsaTicket::reference: a create repeated after a crash returns the ticket
// already open for that reference instead of a second one.
TEST_F(SimulatedPsaTest, RepeatedCreateReturnsTheExistingTicket) {
  psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  const ports::PsaCallOutcome again =
      psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));

  EXPECT_EQ(again.http_status, 200);
  EXPECT_EQ(again.ticket_id, "T-1");
  EXPECT_THAT(psa_.tickets(), SizeIs(1));
  EXPECT_EQ(psa_.deduplicated_count(), 1u);
  EXPECT_EQ(log_.Count("deduplicated=true"), 1u);
}

// Each account has its own PSA: one reference in two accounts is two
// tickets, and an account cannot add notes to another's ticket.
TEST_F(SimulatedPsaTest, TicketsAreSeparatePerAccount) {
  psa_.CreateTicket(Connection("accounts/3"), Ticket("ref"));
  psa_.CreateTicket(Connection("accounts/4"), Ticket("ref"));
  EXPECT_THAT(psa_.tickets(), SizeIs(2));
  EXPECT_EQ(
      psa_.AddTicketNote(Connection("accounts/4"), "T-1", "x").http_status,
      404);
}

// ESC-1 re-notification through the PSA: a note on the ticket.
TEST_F(SimulatedPsaTest, AddsNotesToExistingTicketsAndRefusesUnknownOnes) {
  psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  clock_.Advance(absl::Hours(12));
  const ports::PsaCallOutcome noted =
      psa_.AddTicketNote(Connection(), "T-1", "still unanswered");
  const ports::PsaCallOutcome unknown =
      psa_.AddTicketNote(Connection(), "T-99", "lost");

  EXPECT_EQ(Class(noted), core::ErrorClass::kSuccess);
  EXPECT_EQ(unknown.http_status, 404);
  EXPECT_EQ(Class(unknown), core::ErrorClass::kPermanent);
  const absl::optional<SimulatedTicket> ticket = psa_.Ticket("T-1");
  ASSERT_TRUE(ticket.has_value());
  ASSERT_THAT(ticket->notes, SizeIs(1));
  EXPECT_EQ(ticket->notes[0].text, "still unanswered");
  EXPECT_EQ(ticket->notes[0].time - ticket->created, absl::Hours(12));
  EXPECT_EQ(psa_.failed_call_count(), 1u);
}

// DOMAIN "The outside world": creation fails with expired credentials, a bad
// board, 429, timeouts, 5xx — on every call while set, and works again once
// fixed (ESC-2 INTEGRATION_PSA_DELIVERY_FAILED ends when fixed).
TEST_F(SimulatedPsaTest,
       TestConnectionOpensNoTicketAndFailsWhileAFailureIsSet) {
  EXPECT_EQ(psa_.TestConnection(Connection()).http_status, 200);
  psa_.SetFailure(PsaFailure::kExpiredCredentials);
  EXPECT_EQ(psa_.TestConnection(Connection()).http_status, 401);
  psa_.Fix();
  EXPECT_EQ(psa_.TestConnection(Connection()).http_status, 200);
  EXPECT_THAT(psa_.tickets(), IsEmpty());
  EXPECT_THAT(log_.ToString(), HasSubstr("psa test_connection"));
}

TEST_F(SimulatedPsaTest, EachFailureModeAnswersAsTheRealPsaWouldUntilFixed) {
  struct Case {
    PsaFailure failure;
    int http_status;
    bool timed_out;
    core::ErrorClass error_class;
  };
  const std::vector<Case> cases = {
      {PsaFailure::kExpiredCredentials, 401, false,
       core::ErrorClass::kPermanent},
      {PsaFailure::kBadBoard, 400, false, core::ErrorClass::kPermanent},
      {PsaFailure::kThrottled, 429, false, core::ErrorClass::kThrottled},
      {PsaFailure::kTimeout, 0, true, core::ErrorClass::kRetryable},
      {PsaFailure::kServerError, 500, false, core::ErrorClass::kRetryable},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(PsaFailureName(c.failure));
    psa_.SetFailure(c.failure);
    for (int attempt = 0; attempt < 3; ++attempt) {
      const ports::PsaCallOutcome outcome =
          psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
      EXPECT_EQ(outcome.http_status, c.http_status);
      EXPECT_EQ(outcome.timed_out, c.timed_out);
      EXPECT_EQ(Class(outcome), c.error_class);
      EXPECT_THAT(outcome.ticket_id, IsEmpty());
    }
    EXPECT_EQ(psa_.AddTicketNote(Connection(), "T-1", "note").http_status,
              c.http_status);
  }
  EXPECT_THAT(psa_.tickets(), IsEmpty());

  psa_.Fix();
  const ports::PsaCallOutcome fixed =
      psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  EXPECT_EQ(fixed.ticket_id, "T-1");
  EXPECT_EQ(psa_.failed_call_count(), 5u * 4u);
}

TEST_F(SimulatedPsaTest, ThrottlingCarriesTheConfiguredRetryAfter) {
  psa_.SetFailure(PsaFailure::kThrottled);
  EXPECT_THAT(psa_.CreateTicket(Connection(), Ticket("r")).retry_after,
              Optional(SimulatedPsa::kDefaultRetryAfter));
  psa_.SetRetryAfter(absl::Minutes(2));
  EXPECT_THAT(psa_.CreateTicket(Connection(), Ticket("r")).retry_after,
              Optional(absl::Minutes(2)));
}

// A timeout after the PSA did the work: the ticket exists, the caller never
// learnt its id, and the retried create finds it by reference.
TEST_F(SimulatedPsaTest, TimeoutAfterEffectCreatesTheTicketAndTheRetryFindsIt) {
  psa_.FailNext(1, PsaFailure::kTimeoutAfterEffect);
  const ports::PsaCallOutcome lost =
      psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  EXPECT_TRUE(lost.timed_out);
  EXPECT_THAT(lost.ticket_id, IsEmpty());
  EXPECT_THAT(psa_.tickets(), SizeIs(1));

  const ports::PsaCallOutcome retried =
      psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  EXPECT_EQ(retried.ticket_id, "T-1");
  EXPECT_THAT(psa_.tickets(), SizeIs(1));
  EXPECT_EQ(log_.Count("effect_ticket=T-1"), 1u);
}

TEST_F(SimulatedPsaTest, FailNextFailsExactlyThatManyCalls) {
  psa_.FailNext(2, PsaFailure::kServerError);
  EXPECT_EQ(psa_.CreateTicket(Connection(), Ticket("a")).http_status, 500);
  EXPECT_EQ(psa_.CreateTicket(Connection(), Ticket("a")).http_status, 500);
  EXPECT_EQ(psa_.CreateTicket(Connection(), Ticket("a")).http_status, 201);
}

// One account's broken integration leaves the others working.
TEST_F(SimulatedPsaTest, AccountFailureAffectsOnlyThatAccount) {
  psa_.SetAccountFailure("accounts/3", PsaFailure::kExpiredCredentials);
  EXPECT_EQ(
      psa_.CreateTicket(Connection("accounts/3"), Ticket("a")).http_status,
      401);
  EXPECT_EQ(
      psa_.CreateTicket(Connection("accounts/4"), Ticket("b")).http_status,
      201);
  psa_.SetAccountFailure("accounts/3", PsaFailure::kNone);
  EXPECT_EQ(
      psa_.CreateTicket(Connection("accounts/3"), Ticket("a")).http_status,
      201);
}

// DESIGN rule 3: every call, its answer and every knob turned is a line of
// the event log, so the determinism hash covers the PSA.
TEST_F(SimulatedPsaTest, EveryCallAndKnobIsLogged) {
  psa_.CreateTicket(Connection(), Ticket("accounts/3/escalations/5"));
  psa_.SetFailure(PsaFailure::kExpiredCredentials);
  psa_.AddTicketNote(Connection(), "T-1", "again");
  psa_.Fix();

  const std::vector<std::string> lines = log_.lines();
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_THAT(lines[0], HasSubstr("psa create_ticket account=accounts/3 "
                                  "board=Security "
                                  "reference=accounts/3/escalations/5"));
  EXPECT_THAT(lines[0], HasSubstr("ticket=T-1 http=201"));
  EXPECT_THAT(lines[1],
              HasSubstr("psa set_failure failure=expired_credentials"));
  EXPECT_THAT(lines[2], HasSubstr("psa add_ticket_note"));
  EXPECT_THAT(lines[2], HasSubstr("failure=expired_credentials http=401"));
  EXPECT_THAT(lines[3], HasSubstr("psa fixed"));
  EXPECT_THAT(
      psa_.calls(),
      ElementsAre(
          Field(&SimulatedPsaCall::target, "accounts/3/escalations/5"),
          Field(&SimulatedPsaCall::failure, PsaFailure::kExpiredCredentials)));
}

// DESIGN rule 3: a different body is a different log, though the body is
// not written out.
TEST_F(SimulatedPsaTest, TheBodyIsUnderTheDeterminismHash) {
  ports::FakeClock other_clock;
  EventLog other_log{&other_clock};
  SimulatedPsa other{&other_clock, &other_log};
  ports::PsaTicket ticket = Ticket("r");
  psa_.CreateTicket(Connection(), ticket);
  ticket.body += "!";
  other.CreateTicket(Connection(), ticket);
  EXPECT_NE(log_.Hash(), other_log.Hash());
}

}  // namespace simulated_psa_test
}  // namespace cordon::sim
