// The real PSA adapters against the served fakes, the same checks for each
// product (ESC-2: an escalation becomes one ticket, its reminders notes;
// failures are classified for the outbox worker's retry policy).

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/psa_outcome.h"
#include "tests/unit/sim_serve/served_psa_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_psa_calls_test {

using core::ErrorClass;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kReference[] = "accounts/3/escalations/5";

class ServedPsaCallsTest : public ServedPsaTest,
                           public ::testing::WithParamInterface<PsaProduct> {
 protected:
  ports::PsaConnection Connection() const {
    return ServedPsaTest::Connection(GetParam().kind);
  }
  PsaDesk& Desk() { return ServedPsaTest::Desk(GetParam().desk); }
  ErrorClass ClassOf(const ports::PsaCallOutcome& outcome) const {
    return core::ClassifyPsaOutcome(outcome.http_status, outcome.timed_out);
  }
};

// ESC-2: the ticket carries the [Cordon:<reference>] tag in its title, and a
// re-notification lands as a note on it.
TEST_P(ServedPsaCallsTest, Esc2CreatesTaggedTicketAndAddsNote) {
  const ports::PsaCallOutcome created =
      psa_->CreateTicket(Connection(), Ticket(kReference));
  ASSERT_EQ(ClassOf(created), ErrorClass::kSuccess) << created.message;
  ASSERT_FALSE(created.ticket_id.empty());
  const std::vector<DeskTicket> tickets = Desk().Tickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(std::to_string(tickets[0].id), created.ticket_id);
  EXPECT_THAT(tickets[0].title, HasSubstr("[Cordon:accounts/3/escalations/5]"));
  EXPECT_THAT(tickets[0].title, HasSubstr("Login from a new country"));
  EXPECT_EQ(tickets[0].board, Connection().board);

  const ports::PsaCallOutcome noted =
      psa_->AddTicketNote(Connection(), created.ticket_id, "Reminder 1");
  ASSERT_EQ(ClassOf(noted), ErrorClass::kSuccess) << noted.message;
  EXPECT_THAT(Desk().Tickets()[0].notes, ::testing::ElementsAre("Reminder 1"));
}

// ESC-2, kill -9 safety: the PSA made the ticket but its answer never came
// back (timeout after effect). The next create, even from a process that
// remembers nothing, finds the ticket by its tag instead of opening a
// second one.
TEST_P(ServedPsaCallsTest, Esc2CreateAfterTimeoutAfterEffectFindsTicketByTag) {
  SetFault(GetParam().desk, PsaFailure::kTimeoutAfterEffect, "create", 1);
  const ports::PsaCallOutcome first =
      psa_->CreateTicket(Connection(), Ticket(kReference));
  EXPECT_TRUE(first.timed_out);
  EXPECT_EQ(ClassOf(first), ErrorClass::kRetryable);
  Desk().Fix();  // releases the held answer
  ASSERT_EQ(Desk().Tickets().size(), 1u);
  RestartAdapters();  // the retry may come from a restarted server

  const ports::PsaCallOutcome again =
      psa_->CreateTicket(Connection(), Ticket(kReference));
  ASSERT_EQ(ClassOf(again), ErrorClass::kSuccess) << again.message;
  EXPECT_EQ(again.ticket_id, std::to_string(Desk().Tickets()[0].id));
  EXPECT_EQ(Desk().Tickets().size(), 1u);
  // Another reference gets its own ticket.
  const ports::PsaCallOutcome other =
      psa_->CreateTicket(Connection(), Ticket("accounts/3/escalations/50"));
  ASSERT_EQ(ClassOf(other), ErrorClass::kSuccess) << other.message;
  EXPECT_NE(other.ticket_id, again.ticket_id);
  EXPECT_EQ(Desk().Tickets().size(), 2u);
}

// A lookup that times out opens nothing: without knowing, creating could
// duplicate.
TEST_P(ServedPsaCallsTest, Esc2LookupTimeoutCreatesNothing) {
  SetFault(GetParam().desk, PsaFailure::kTimeout, "lookup", 1);
  const ports::PsaCallOutcome outcome =
      psa_->CreateTicket(Connection(), Ticket(kReference));
  Desk().Fix();
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_TRUE(Desk().Tickets().empty());
}

struct FailureCase {
  PsaFailure failure;
  ErrorClass expected;
};

// ESC-2 type 1: each documented failure maps to the class the retry policy
// needs, with the PSA's words and never the secret in the message.
TEST_P(ServedPsaCallsTest, Esc2EachFailureIsClassified) {
  const FailureCase cases[] = {
      {PsaFailure::kExpiredCredentials, ErrorClass::kPermanent},
      {PsaFailure::kBadBoard, ErrorClass::kPermanent},
      {PsaFailure::kThrottled, ErrorClass::kThrottled},
      {PsaFailure::kServerError, ErrorClass::kRetryable},
      {PsaFailure::kTimeout, ErrorClass::kRetryable},
  };
  for (const FailureCase& c : cases) {
    SCOPED_TRACE(std::string(PsaFailureName(c.failure)));
    SetFault(GetParam().desk, c.failure, "create", 1);
    const ports::PsaCallOutcome outcome =
        psa_->CreateTicket(Connection(), Ticket(kReference));
    Desk().Fix();
    EXPECT_EQ(ClassOf(outcome), c.expected) << outcome.message;
    EXPECT_THAT(outcome.message, Not(HasSubstr(Connection().secret)));
    if (c.failure == PsaFailure::kThrottled) {
      EXPECT_EQ(outcome.retry_after, absl::Seconds(7));
    }
    if (!outcome.timed_out) {
      EXPECT_FALSE(outcome.message.empty());
    }
  }
  EXPECT_TRUE(Desk().Tickets().empty());
}

// TestPsaIntegration's call: proves credentials and board, opens nothing.
TEST_P(ServedPsaCallsTest, Esc2TestConnectionOpensNoTicket) {
  const ports::PsaCallOutcome good = psa_->TestConnection(Connection());
  EXPECT_EQ(ClassOf(good), ErrorClass::kSuccess) << good.message;
  ports::PsaConnection wrong_secret = Connection();
  wrong_secret.secret = "not-the-secret";
  const ports::PsaCallOutcome refused = psa_->TestConnection(wrong_secret);
  EXPECT_EQ(refused.http_status, 401) << refused.message;
  EXPECT_THAT(refused.message, Not(HasSubstr("not-the-secret")));
  EXPECT_TRUE(Desk().Tickets().empty());
}

// A board (queue, team) the PSA does not have is permanent: an admin must
// fix the integration, no retry can.
TEST_P(ServedPsaCallsTest, Esc2UnknownBoardIsPermanent) {
  ports::PsaConnection connection = Connection();
  connection.board = "999";
  const ports::PsaCallOutcome outcome =
      psa_->CreateTicket(connection, Ticket(kReference));
  EXPECT_EQ(ClassOf(outcome), ErrorClass::kPermanent) << outcome.message;
  EXPECT_TRUE(Desk().Tickets().empty());
}

// Fields that cannot make a request are refused before anything is sent.
TEST_P(ServedPsaCallsTest, Esc2MalformedIntegrationSendsNothing) {
  ports::PsaConnection connection = Connection();
  connection.board = "help desk/../../x";
  const int before = static_cast<int>(server_->request_log().Entries().size());
  const ports::PsaCallOutcome outcome =
      psa_->CreateTicket(connection, Ticket(kReference));
  EXPECT_EQ(outcome.http_status, 400);
  EXPECT_THAT(outcome.message, HasSubstr("board"));
  EXPECT_EQ(static_cast<int>(server_->request_log().Entries().size()), before);
}

INSTANTIATE_TEST_SUITE_P(Products, ServedPsaCallsTest,
                         ::testing::ValuesIn(AllPsaProducts()),
                         [](const ::testing::TestParamInfo<PsaProduct>& info) {
                           return info.param.desk;
                         });

}  // namespace served_psa_calls_test
}  // namespace cordon::sim::serve::testing
