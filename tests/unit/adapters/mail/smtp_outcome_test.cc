#include "server/adapters/mail/smtp_outcome.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::adapters::mail {
namespace smtp_outcome_test {

using ::testing::HasSubstr;
using Kind = ports::MailOutcome::Kind;

constexpr char kServer[] = "smtp://mail.msp.example:587";

SmtpAttempt Replied(bool ok, long code, std::string text) {
  SmtpAttempt attempt;
  attempt.transfer_ok = ok;
  attempt.reply_code = code;
  attempt.reply_text = std::move(text);
  attempt.error = ok ? "" : "RCPT failed";
  return attempt;
}

// ESC-9: DELIVERED means an SMTP server accepted the message, nothing less.
TEST(SmtpOutcomeTest, Esc9AcceptedIsDelivered) {
  const ports::MailOutcome outcome = ClassifySmtp(
      Replied(true, 250, "250 2.0.0 queued as 42"), kServer, "ada@msp.example");
  EXPECT_EQ(outcome.kind, Kind::kDelivered);
  EXPECT_THAT(outcome.detail, HasSubstr("250 2.0.0 queued as 42"));
  EXPECT_THAT(outcome.detail, HasSubstr(kServer));
}

// A 5xx is the server's final word for that recipient: FAILED, not retried.
TEST(SmtpOutcomeTest, Esc9FiveHundredIsPermanent) {
  const ports::MailOutcome outcome =
      ClassifySmtp(Replied(false, 550, "550 5.1.1 no such user"), kServer,
                   "gone@msp.example");
  EXPECT_EQ(outcome.kind, Kind::kPermanent);
  EXPECT_THAT(outcome.detail, HasSubstr("gone@msp.example"));
  EXPECT_THAT(outcome.detail, HasSubstr("550 5.1.1 no such user"));
  EXPECT_EQ(ClassifySmtp(Replied(false, 554, ""), kServer, "a@b").kind,
            Kind::kPermanent);
}

TEST(SmtpOutcomeTest, FourHundredIsRetryable) {
  const ports::MailOutcome outcome = ClassifySmtp(
      Replied(false, 451, "451 4.3.0 try later"), kServer, "a@b.example");
  EXPECT_EQ(outcome.kind, Kind::kRetryable);
  EXPECT_THAT(outcome.detail, HasSubstr("451 4.3.0 try later"));
}

// No reply, or a 2xx before the failure (STARTTLS refused, a certificate
// that does not verify, a timeout): the link failed, not the message.
TEST(SmtpOutcomeTest, ConnectionAndTlsFailuresAreRetryable) {
  SmtpAttempt refused;
  refused.error = "Failed to connect to mail.msp.example port 587";
  EXPECT_EQ(ClassifySmtp(refused, kServer, "a@b").kind, Kind::kRetryable);
  const ports::MailOutcome tls = ClassifySmtp(
      {false, 220, "220 ready", "SSL certificate problem"}, kServer, "a@b");
  EXPECT_EQ(tls.kind, Kind::kRetryable);
  EXPECT_THAT(tls.detail, HasSubstr("SSL certificate problem"));
}

}  // namespace smtp_outcome_test
}  // namespace cordon::adapters::mail
