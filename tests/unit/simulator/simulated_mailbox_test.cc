#include "simulator/simulated_mailbox.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/event_log.h"
#include "testing/fake_clock.h"

namespace cordon::sim {
namespace simulated_mailbox_test {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using Kind = ports::MailOutcome::Kind;

ports::EmailMessage Message(const std::string& id, const std::string& to) {
  ports::EmailMessage message;
  message.message_id = id;
  message.to = to;
  message.subject = "Escalation: sign-in from Elbonia";
  message.body = "alice@contoso.com signed in from Elbonia.";
  return message;
}

class SimulatedMailboxTest : public ::testing::Test {
 protected:
  ports::FakeClock clock_;
  EventLog log_{&clock_};
  SimulatedMailbox mailbox_{&clock_, &log_};
};

// DOMAIN "The outside world" (Email): a sink that records what was sent to
// whom, and when.
TEST_F(SimulatedMailboxTest, RecordsWhatWasSentToWhom) {
  EXPECT_EQ(mailbox_.Send(Message("e/5/round/0/ada", "ada@msp.example")).kind,
            Kind::kDelivered);
  clock_.Advance(absl::Hours(12));
  mailbox_.Send(Message("e/5/round/0/bob", "bob@msp.example"));
  mailbox_.Send(Message("e/5/round/1/ada", "ada@msp.example"));

  const std::vector<SimulatedEmail> all = mailbox_.messages();
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].message_id, "e/5/round/0/ada");
  EXPECT_EQ(all[0].subject, "Escalation: sign-in from Elbonia");
  EXPECT_EQ(all[0].body, "alice@contoso.com signed in from Elbonia.");
  EXPECT_EQ(all[1].time - all[0].time, absl::Hours(12));
  // Addresses compare without case.
  const std::vector<SimulatedEmail> to_ada =
      mailbox_.MessagesTo("Ada@MSP.example");
  ASSERT_THAT(to_ada, SizeIs(2));
  EXPECT_EQ(to_ada[1].message_id, "e/5/round/1/ada");
  EXPECT_THAT(mailbox_.MessagesTo("carol@msp.example"), IsEmpty());
}

// ports::EmailMessage::message_id: a send repeated after a crash is dropped
// but still answered as delivered, so the sender moves on.
TEST_F(SimulatedMailboxTest, RepeatedMessageIdIsDroppedAndAnsweredDelivered) {
  mailbox_.Send(Message("e/5/round/0/ada", "ada@msp.example"));
  const ports::MailOutcome again =
      mailbox_.Send(Message("e/5/round/0/ada", "ada@msp.example"));

  EXPECT_EQ(again.kind, Kind::kDelivered);
  EXPECT_THAT(mailbox_.messages(), SizeIs(1));
  EXPECT_EQ(mailbox_.duplicate_count(), 1u);
  EXPECT_EQ(mailbox_.send_count(), 2u);
  EXPECT_EQ(log_.Count("duplicate=true"), 1u);
}

// A mail server that is down answers every send until it is fixed; nothing
// is recorded meanwhile.
TEST_F(SimulatedMailboxTest, FailureModesHoldUntilFixed) {
  mailbox_.SetFailure(MailFailure::kRetryable);
  for (int i = 0; i < 3; ++i) {
    const ports::MailOutcome outcome =
        mailbox_.Send(Message("m1", "ada@msp.example"));
    EXPECT_EQ(outcome.kind, Kind::kRetryable);
    EXPECT_EQ(outcome.detail, "451 try later");
  }
  mailbox_.SetFailure(MailFailure::kPermanent);
  const ports::MailOutcome permanent =
      mailbox_.Send(Message("m1", "ada@msp.example"));
  EXPECT_EQ(permanent.kind, Kind::kPermanent);
  EXPECT_EQ(permanent.detail, "550 mailbox unavailable");
  EXPECT_THAT(mailbox_.messages(), IsEmpty());

  mailbox_.Fix();
  EXPECT_EQ(mailbox_.Send(Message("m1", "ada@msp.example")).kind,
            Kind::kDelivered);
  EXPECT_THAT(mailbox_.messages(), SizeIs(1));
  EXPECT_EQ(mailbox_.failed_count(), 4u);
  // A failed attempt does not count as delivered: the retry was not a
  // duplicate.
  EXPECT_EQ(mailbox_.duplicate_count(), 0u);
}

TEST_F(SimulatedMailboxTest, FailNextFailsExactlyThatManySends) {
  mailbox_.FailNext(2, MailFailure::kRetryable);
  EXPECT_EQ(mailbox_.Send(Message("m1", "a@x.example")).kind, Kind::kRetryable);
  EXPECT_EQ(mailbox_.Send(Message("m1", "a@x.example")).kind, Kind::kRetryable);
  EXPECT_EQ(mailbox_.Send(Message("m1", "a@x.example")).kind, Kind::kDelivered);
}

// ESC-6: one admin's mailbox may be gone while the others still receive.
TEST_F(SimulatedMailboxTest, ABouncingAddressFailsForGoodOthersStillReceive) {
  mailbox_.Bounce("Gone@MSP.example");
  const ports::MailOutcome bounced =
      mailbox_.Send(Message("m1", "gone@msp.example"));
  EXPECT_EQ(bounced.kind, Kind::kPermanent);
  EXPECT_EQ(bounced.detail, "550 mailbox unavailable");
  EXPECT_EQ(mailbox_.Send(Message("m2", "ada@msp.example")).kind,
            Kind::kDelivered);

  mailbox_.StopBouncing("gone@msp.example");
  EXPECT_EQ(mailbox_.Send(Message("m1", "gone@msp.example")).kind,
            Kind::kDelivered);
  EXPECT_THAT(mailbox_.MessagesTo("gone@msp.example"), SizeIs(1));
}

// Issue 11: the development spool records the message but answers
// kSpooled, so nothing downstream may call it delivered; failures still win.
TEST_F(SimulatedMailboxTest, SpoolingAnswersSpooledAndStillRecords) {
  mailbox_.SetSpooling(true);
  EXPECT_EQ(mailbox_.Send(Message("m1", "ada@msp.example")).kind,
            Kind::kSpooled);
  EXPECT_THAT(mailbox_.MessagesTo("ada@msp.example"), SizeIs(1));
  EXPECT_EQ(mailbox_.failed_count(), 0u);
  mailbox_.FailNext(1, MailFailure::kRetryable);
  EXPECT_EQ(mailbox_.Send(Message("m2", "ada@msp.example")).kind,
            Kind::kRetryable);
  mailbox_.SetSpooling(false);
  EXPECT_EQ(mailbox_.Send(Message("m3", "ada@msp.example")).kind,
            Kind::kDelivered);
}

// DESIGN rule 3: every send, its answer and every knob turned is a line of
// the event log, so the determinism hash covers the mailbox.
TEST_F(SimulatedMailboxTest, EverySendAndKnobIsLogged) {
  mailbox_.Send(Message("m1", "ada@msp.example"));
  mailbox_.Bounce("bob@msp.example");
  mailbox_.Send(Message("m2", "bob@msp.example"));
  mailbox_.Fix();

  const std::vector<std::string> lines = log_.lines();
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_THAT(lines[0], HasSubstr("mail send message_id=m1 "
                                  "to=ada@msp.example"));
  EXPECT_THAT(lines[0], HasSubstr("outcome=delivered"));
  EXPECT_THAT(lines[1], HasSubstr("mail bounce address=bob@msp.example"));
  EXPECT_THAT(lines[2], HasSubstr("failure=bounce outcome=permanent"));
  EXPECT_THAT(lines[3], HasSubstr("mail fixed"));
}

}  // namespace simulated_mailbox_test
}  // namespace cordon::sim
