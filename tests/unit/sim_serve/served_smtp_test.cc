// The real SmtpMailer (libcurl) against cordon-sim --serve's SMTP sink over
// loopback, STARTTLS to the served certificate: what a process test sees of
// ESC-9's outcomes (250 delivered, 5xx permanent, 4xx retryable) and of the
// sink's /_sim/smtp/ knobs.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/http/curl_http_client.h"
#include "server/adapters/mail/smtp_mailer.h"
#include "simulator/event_log.h"
#include "simulator/random.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"

namespace cordon::sim::serve::testing {
namespace served_smtp_test {

using ::testing::HasSubstr;
using ::testing::Not;
using Kind = ports::MailOutcome::Kind;

constexpr char kUser[] = "cordon-relay";
constexpr char kPassword[] = "relay-secret-7";
constexpr size_t kMaxMessageBytes = 4096;

class ServedSmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServeOptions options;
    options.app.client_id = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
    options.app.client_secret = "served-sim-secret";
    options.smtp.enabled = true;
    options.smtp.user = kUser;
    options.smtp.password = kPassword;
    options.smtp.max_message_bytes = kMaxMessageBytes;
    auto server = SimServer::Start(&world_, &random_, &clock_, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    adapters::http::CurlHttpClient::Options http;
    http.ca_file = server_->ca_file();
    http_ = std::make_unique<adapters::http::CurlHttpClient>(http);
  }

  void TearDown() override {
    http_.reset();
    server_.reset();
  }

  ports::MailOutcome Send(const std::string& to, std::string body = "Hello",
                          std::string password = kPassword) {
    adapters::mail::SmtpOptions options;
    options.url = "smtp://127.0.0.1:" + std::to_string(server_->smtp_port());
    options.user = kUser;
    options.password = std::move(password);
    options.from = "Cordon <cordon@msp.example>";
    options.ca_file = server_->ca_file();
    adapters::mail::SmtpMailer mailer(options, &clock_);
    ports::EmailMessage message;
    message.message_id = "accounts/3/escalations/5/round/0/" + to;
    message.to = to;
    message.subject = "[Cordon] HIGH LOGIN_UNEXPECTED_COUNTRY";
    message.body = std::move(body);
    return mailer.Send(message);
  }

  adapters::http::HttpResponse Admin(const std::string& path,
                                     std::string body = "") {
    adapters::http::HttpRequest request;
    request.method = body.empty() ? adapters::http::HttpMethod::kGet
                                  : adapters::http::HttpMethod::kPost;
    request.url = server_->BaseUrl() + "/_sim/smtp/" + path;
    if (!body.empty()) {
      request.headers.push_back({"Content-Type", "application/json"});
    }
    request.body = std::move(body);
    return http_->Send(request);
  }

  int SetFault(const std::string& recipient, const std::string& reply) {
    return Admin("fault",
                 nlohmann::json{{"recipient", recipient}, {"reply", reply}}
                     .dump())
        .status;
  }

  nlohmann::json Messages() {
    const auto response = Admin("messages");
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body)["messages"];
  }

  ports::FakeClock clock_;
  EventLog events_{&clock_};
  World world_{&events_};
  Random random_{7};
  std::unique_ptr<SimServer> server_;
  std::unique_ptr<adapters::http::CurlHttpClient> http_;
};

TEST(SmtpMailboxTest, KeepsTheNewestMessagesUpToItsCapacity) {
  SmtpMailbox mailbox;
  mailbox.SetCapacity(2);
  for (const char* from : {"first", "second", "third"}) {
    ReceivedMail mail;
    mail.from = from;
    mailbox.Keep(std::move(mail));
  }
  const std::vector<ReceivedMail> kept = mailbox.Messages();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].from, "second");
  EXPECT_EQ(kept[1].from, "third");
}

TEST_F(ServedSmtpTest, Esc9AcceptedMessageIsDeliveredAndListed) {
  const ports::MailOutcome outcome = Send("ann@msp.example");
  ASSERT_EQ(outcome.kind, Kind::kDelivered) << outcome.detail;
  const nlohmann::json messages = Messages();
  ASSERT_EQ(messages.size(), 1u) << messages.dump();
  EXPECT_EQ(messages[0]["from"], "cordon@msp.example");
  EXPECT_EQ(messages[0]["recipients"], nlohmann::json({"ann@msp.example"}));
  const std::string data = messages[0]["data"];
  EXPECT_THAT(data, HasSubstr("Subject: [Cordon] HIGH"));
  EXPECT_THAT(data, HasSubstr("Hello"));
  // Every reply is logged, and never the password (DESIGN rule 7).
  const std::string log = server_->request_log().ToJson();
  EXPECT_THAT(log, HasSubstr(R"("path":"DATA_END")"));
  EXPECT_THAT(log, HasSubstr(R"("path":"STARTTLS")"));
  EXPECT_THAT(log, Not(HasSubstr(kPassword)));
}

TEST_F(ServedSmtpTest, Esc9RecipientFault550IsPermanentUntilFixed) {
  ASSERT_EQ(SetFault("gone@msp.example", "550 5.1.1 No such user"), 200);
  ports::MailOutcome outcome = Send("gone@msp.example");
  EXPECT_EQ(outcome.kind, Kind::kPermanent);
  EXPECT_THAT(outcome.detail, HasSubstr("550"));
  EXPECT_TRUE(Messages().empty());
  EXPECT_THAT(server_->request_log().ToJson(),
              HasSubstr(R"("fault":"smtp_recipient_fault")"));
  ASSERT_EQ(Admin("fix", R"({"recipient":"GONE@msp.example"})").status, 200);
  outcome = Send("gone@msp.example");
  EXPECT_EQ(outcome.kind, Kind::kDelivered) << outcome.detail;
}

TEST_F(ServedSmtpTest, Esc9RecipientFault451IsRetryable) {
  ASSERT_EQ(SetFault("busy@msp.example", "451 4.3.0 Try again later"), 200);
  const ports::MailOutcome outcome = Send("busy@msp.example");
  EXPECT_EQ(outcome.kind, Kind::kRetryable);
  EXPECT_THAT(outcome.detail, HasSubstr("451"));
  // Other recipients are not affected.
  EXPECT_EQ(Send("ann@msp.example").kind, Kind::kDelivered);
}

TEST_F(ServedSmtpTest, FaultKnobRefusesWhatIsNoRefusal) {
  EXPECT_EQ(SetFault("ann@msp.example", "250 fine"), 400);
  EXPECT_EQ(SetFault("ann@msp.example", "550 two\r\n250 lines"), 400);
  EXPECT_EQ(Admin("fault", R"({"reply":"550 5.1.1 x"})").status, 400);
  EXPECT_EQ(Send("ann@msp.example").kind, Kind::kDelivered);
}

TEST_F(ServedSmtpTest, Esc9WrongPasswordIsRefusedWith535) {
  const ports::MailOutcome outcome =
      Send("ann@msp.example", "Hello", "not-the-password");
  EXPECT_NE(outcome.kind, Kind::kDelivered);
  EXPECT_THAT(outcome.detail, HasSubstr("535"));
  EXPECT_THAT(outcome.detail, Not(HasSubstr("not-the-password")));
  EXPECT_TRUE(Messages().empty());
}

TEST_F(ServedSmtpTest, Esc9OversizedMessageIsRefusedWith552) {
  const ports::MailOutcome outcome =
      Send("ann@msp.example", std::string(2 * kMaxMessageBytes, 'x'));
  EXPECT_EQ(outcome.kind, Kind::kPermanent);
  EXPECT_THAT(outcome.detail, HasSubstr("552"));
  EXPECT_TRUE(Messages().empty());
}

}  // namespace served_smtp_test
}  // namespace cordon::sim::serve::testing
