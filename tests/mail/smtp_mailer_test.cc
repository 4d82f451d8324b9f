#include "server/adapters/mail/smtp_mailer.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"
#include "tests/mail/smtp_sink.h"

namespace cordon::adapters::mail {
namespace smtp_mailer_test {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using Kind = ports::MailOutcome::Kind;
using mail_testing::ReceivedMessage;
using mail_testing::SinkOptions;
using mail_testing::SmtpSink;
using process_testing::Steady;

constexpr char kFrom[] = "Cordon <cordon@msp.example>";
constexpr char kRefused[] = "gone@msp.example";
constexpr char kBusy[] = "busy@msp.example";

Steady::time_point Deadline() {
  return Steady::now() + std::chrono::seconds(20);
}

ports::EmailMessage Message(const std::string& to, int n = 0) {
  ports::EmailMessage message;
  message.message_id =
      "accounts/3/escalations/5/round/0/" + std::to_string(n) + "/" + to;
  message.to = to;
  message.subject = "[Cordon] HIGH LOGIN_UNEXPECTED_COUNTRY: country:RU";
  message.body = "Was this sign-in of alice@contoso.com expected?\n";
  message.title = "Was this sign-in of <alice@contoso.com> expected?";
  message.facts = {{"Severity", "HIGH"}};
  message.answers = {"EXPECTED: the sign-in was expected"};
  return message;
}

class SmtpMailerTest : public ::testing::Test {
 protected:
  // A sink with `options` and a mailer pointed at it.
  void Start(SinkOptions options, SmtpOptions mailer = {}) {
    sink_ = std::make_unique<SmtpSink>(dir_.path(), options);
    ASSERT_EQ(sink_->error(), "");
    mailer.url = sink_->url();
    mailer.from = kFrom;
    if (mailer.ca_file == "-") {
      mailer.ca_file.clear();  // the system's CAs, which do not know ours
    } else {
      mailer.ca_file = sink_->ca_file();
    }
    mailer_ = std::make_unique<SmtpMailer>(mailer, &clock_);
  }

  std::vector<ReceivedMessage> Received(size_t count) {
    return sink_->WaitForMessages(count, Deadline());
  }

  testing::TempDir dir_;
  ports::FakeClock clock_;
  std::unique_ptr<SmtpSink> sink_;
  std::unique_ptr<SmtpMailer> mailer_;
};

// ESC-3/ESC-9: DELIVERED means a real SMTP server accepted the message,
// over STARTTLS, authenticated, with our headers and both parts.
TEST_F(SmtpMailerTest, Esc9DeliversOverStartTlsWithHeadersAndBothParts) {
  SmtpOptions options;
  options.user = "cordon";
  options.password = "s3cret pass";
  Start({.user = "cordon", .password = "s3cret pass"}, options);

  const ports::MailOutcome outcome = mailer_->Send(Message("ada@msp.example"));
  EXPECT_EQ(outcome.kind, Kind::kDelivered) << outcome.detail;
  EXPECT_THAT(outcome.detail, HasSubstr("250 2.0.0 accepted"));

  const std::vector<ReceivedMessage> received = Received(1);
  ASSERT_EQ(received.size(), 1u);
  const ReceivedMessage& message = received[0];
  EXPECT_THAT(message.envelope, Contains("from cordon@msp.example"));
  EXPECT_THAT(message.envelope, Contains("to ada@msp.example"));
  EXPECT_THAT(message.envelope, Contains("tls yes"));
  EXPECT_THAT(message.envelope, Contains("auth cordon"));
  EXPECT_EQ(message.Header("From"), kFrom);
  EXPECT_EQ(message.Header("To"), "ada@msp.example");
  EXPECT_EQ(message.Header("Subject"),
            "[Cordon] HIGH LOGIN_UNEXPECTED_COUNTRY: country:RU");
  EXPECT_EQ(message.Header("Message-ID"),
            "<accounts/3/escalations/5/round/0/0/ada%40msp.example"
            "@msp.example>");
  EXPECT_EQ(message.Header("Date"), "Thu, 01 Jan 2026 00:00:00 +0000");
  EXPECT_THAT(message.Part("text/plain"),
              HasSubstr("Was this sign-in of alice@contoso.com expected?"));
  EXPECT_THAT(message.Part("text/html"),
              HasSubstr("Was this sign-in of &lt;alice@contoso.com&gt; "
                        "expected?"));
}

// ESC-9: a 5xx is FAILED for that recipient, a 4xx is retried; neither
// stops the next recipient's delivery.
TEST_F(SmtpMailerTest, Esc9RefusedRecipientIsPermanentDeferredIsRetryable) {
  Start({.reject_550 = {kRefused}, .reject_451 = {kBusy}});

  const ports::MailOutcome refused = mailer_->Send(Message(kRefused));
  EXPECT_EQ(refused.kind, Kind::kPermanent) << refused.detail;
  EXPECT_THAT(refused.detail, HasSubstr("550 5.1.1"));
  EXPECT_THAT(refused.detail, HasSubstr(kRefused));
  const ports::MailOutcome busy = mailer_->Send(Message(kBusy));
  EXPECT_EQ(busy.kind, Kind::kRetryable) << busy.detail;
  EXPECT_THAT(busy.detail, HasSubstr("451 4.3.0"));
  EXPECT_EQ(mailer_->Send(Message("ada@msp.example")).kind, Kind::kDelivered);

  const std::vector<ReceivedMessage> received = Received(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_THAT(received[0].envelope, Contains("to ada@msp.example"));
}

// A burst of notifications reuses one connection (and one TLS handshake).
TEST_F(SmtpMailerTest, ReusesTheConnectionAcrossMessages) {
  Start({});
  for (int n = 0; n < 5; ++n) {
    ASSERT_EQ(mailer_->Send(Message("ada@msp.example", n)).kind,
              Kind::kDelivered);
  }
  EXPECT_EQ(Received(5).size(), 5u);
  EXPECT_EQ(sink_->connection_count(), 1u);
}

TEST_F(SmtpMailerTest, DeliversOverImplicitTls) {
  Start({.implicit_tls = true});
  const ports::MailOutcome outcome = mailer_->Send(Message("ada@msp.example"));
  EXPECT_EQ(outcome.kind, Kind::kDelivered) << outcome.detail;
  const std::vector<ReceivedMessage> received = Received(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_THAT(received[0].envelope, Contains("tls yes"));
}

// TLS is never optional: a server without STARTTLS gets nothing, and the
// failure is the link's (retryable), not the recipient's.
TEST_F(SmtpMailerTest, ServerWithoutStartTlsGetsNothing) {
  Start({.no_tls = true});
  const ports::MailOutcome outcome = mailer_->Send(Message("ada@msp.example"));
  EXPECT_EQ(outcome.kind, Kind::kRetryable) << outcome.detail;
  EXPECT_THAT(Received(0), IsEmpty());
}

// Certificates are always verified: a server the CA file does not vouch
// for gets nothing.
TEST_F(SmtpMailerTest, UntrustedCertificateIsRetryableAndSendsNothing) {
  SmtpOptions options;
  options.ca_file = "-";
  Start({}, options);
  const ports::MailOutcome outcome = mailer_->Send(Message("ada@msp.example"));
  EXPECT_EQ(outcome.kind, Kind::kRetryable) << outcome.detail;
  EXPECT_THAT(Received(0), IsEmpty());
}

TEST_F(SmtpMailerTest, WrongPasswordIsPermanent) {
  SmtpOptions options;
  options.user = "cordon";
  options.password = "wrong";
  Start({.user = "cordon", .password = "right"}, options);
  const ports::MailOutcome outcome = mailer_->Send(Message("ada@msp.example"));
  EXPECT_EQ(outcome.kind, Kind::kPermanent) << outcome.detail;
  EXPECT_THAT(outcome.detail, HasSubstr("535"));
  EXPECT_THAT(outcome.detail, Not(HasSubstr("wrong")));
}

// A closed port: nobody answers, so the outbox retries later.
TEST_F(SmtpMailerTest, NobodyListeningIsRetryable) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size), 0);
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  options.from = kFrom;
  SmtpMailer mailer(options, &clock_);
  const ports::MailOutcome outcome = mailer.Send(Message("ada@msp.example"));
  close(fd);
  EXPECT_EQ(outcome.kind, Kind::kRetryable) << outcome.detail;
  EXPECT_THAT(outcome.detail, HasSubstr("cannot submit"));
}

// No SMTP command injection through an address.
TEST_F(SmtpMailerTest, AddressThatIsNotPlainIsRefusedWithoutAConnection) {
  Start({});
  for (const std::string to :
       {"ada@msp.example>\r\nRCPT TO:<evil@x.example", "no-at-sign",
        "ada@msp.example, bob@msp.example", "a da@msp.example", ""}) {
    EXPECT_EQ(mailer_->Send(Message(to)).kind, Kind::kPermanent) << to;
  }
  EXPECT_EQ(sink_->connection_count(), 0u);
}

}  // namespace smtp_mailer_test
}  // namespace cordon::adapters::mail
