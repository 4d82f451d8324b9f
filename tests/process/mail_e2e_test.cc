// End to end: a real cordon-server with --smtp_url e-mails an escalation
// through a real SMTP server (aiosmtpd, STARTTLS) on loopback to an
// account without PSA (ESC-3, ESC-6), and its notification history says
// what the server answered for each recipient (ESC-9).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/mail/smtp_sink.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {
namespace mail_e2e_test {

using mail_testing::ReceivedMessage;
using mail_testing::SmtpSink;
using ::testing::Contains;
using ::testing::HasSubstr;
using v1::EscalationNotification;

constexpr char kAdmin[] = "ada@msp.example";
constexpr char kSecond[] = "bob@msp.example";
constexpr char kGone[] = "gone@msp.example";
constexpr char kBusy[] = "busy@msp.example";

class Client {
 public:
  Client(int port, std::string key)
      : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials())),
        key_(std::move(key)) {}

  std::optional<v1::Escalation> Get(const std::string& name) {
    v1::GetEscalationRequest request;
    request.set_name(name);
    v1::Escalation escalation;
    grpc::ClientContext context;
    Prepare(&context);
    if (!Ok(v1::EscalationService::NewStub(channel_)->GetEscalation(
            &context, request, &escalation))) {
      return std::nullopt;
    }
    return escalation;
  }

  const std::string& error() const { return error_; }

 private:
  void Prepare(grpc::ClientContext* context) const {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    context->AddMetadata("authorization", "Bearer " + key_);
  }
  bool Ok(const grpc::Status& status) {
    if (!status.ok()) error_ = status.error_message();
    return status.ok();
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::string key_;
  std::string error_;
};

// Each recipient's last entry of round 0, once every one but kBusy has its
// final outcome and kBusy's 451 has been retried at least once (two failed
// attempts recorded); empty until then.
std::map<std::string, EscalationNotification> FinalOutcomes(
    const v1::Escalation& escalation,
    std::vector<EscalationNotification>* busy_attempts) {
  std::map<std::string, EscalationNotification> last;
  busy_attempts->clear();
  for (const EscalationNotification& entry : escalation.notifications()) {
    if (entry.round() != 0) continue;
    last[entry.recipient()] = entry;
    if (entry.recipient() == kBusy &&
        entry.outcome() == EscalationNotification::FAILED) {
      busy_attempts->push_back(entry);
    }
  }
  for (const auto& [recipient, entry] : last) {
    if (recipient != kBusy &&
        entry.outcome() == EscalationNotification::PENDING) {
      return {};
    }
  }
  return busy_attempts->size() >= 2 ? last : decltype(last){};
}

// An account with `admins` (no PSA) and an organization, and a
// HOST_ISOLATION_ORG_WIDE escalation in it (*name): "" or what failed.
std::string EscalateToAdmins(CordonServer& server,
                             const std::vector<std::string>& admins,
                             std::string* name) {
  CordonApi api(server.port(), server.key());
  const std::string account = api.CreateAccount();
  const std::string organization =
      account.empty() ? "" : api.CreateOrganization(account);
  if (organization.empty()) return "account/organization: " + api.error();
  for (const std::string& email : admins) {
    if (!api.CreateAdmin(account, email)) return api.error();
  }
  *name = api.CreateEscalation(account, organization);
  return name->empty() ? api.error() : "";
}

const ReceivedMessage* MessageTo(const std::vector<ReceivedMessage>& received,
                                 const std::string& to) {
  for (const ReceivedMessage& message : received) {
    if (message.Header("To") == to &&
        absl::StrContains(message.Header("Subject"),
                          "HOST_ISOLATION_ORG_WIDE")) {
      return &message;
    }
  }
  return nullptr;
}

// ESC-3/ESC-6/ESC-9 over real SMTP: the admins get the escalation by
// e-mail with our headers and both parts; a 550 recipient shows FAILED, the
// others DELIVERED; a 451 recipient is retried with backoff by the outbox.
TEST(MailE2eTest, Esc9EscalationIsMailed550FailsAnd451IsRetried) {
  testing::TempDir dir;
  SmtpSink sink(dir.path() + "/smtp",
                {.reject_550 = {kGone}, .reject_451 = {kBusy}});
  ASSERT_EQ(sink.error(), "");
  CordonServer server(
      dir.path() + "/data",
      {"--smtp_url=" + sink.url(), "--smtp_ca_file=" + sink.ca_file(),
       "--mail_from=Cordon <cordon@msp.example>"});
  ASSERT_EQ(server.Start(), "");
  Client client(server.port(), server.key());
  std::string name;
  ASSERT_EQ(EscalateToAdmins(server, {kAdmin, kSecond, kGone, kBusy}, &name),
            "");

  const auto deadline = Steady::now() + std::chrono::seconds(30);
  std::map<std::string, EscalationNotification> outcomes;
  std::vector<EscalationNotification> busy;
  while (outcomes.empty() && Steady::now() < deadline) {
    server.Wait(Steady::now() + std::chrono::milliseconds(50));
    if (auto escalation = client.Get(name)) {
      outcomes = FinalOutcomes(*escalation, &busy);
    }
  }
  ASSERT_EQ(outcomes.size(), 4u) << server.log();
  // Read by the waits above: the start-up line names the mailer.
  EXPECT_THAT(server.log(),
              HasSubstr("e-mail: SMTP " + sink.url() + " (STARTTLS required)"));
  EXPECT_EQ(outcomes[kAdmin].outcome(), EscalationNotification::DELIVERED)
      << outcomes[kAdmin].detail();
  EXPECT_EQ(outcomes[kSecond].outcome(), EscalationNotification::DELIVERED);
  EXPECT_EQ(outcomes[kGone].outcome(), EscalationNotification::FAILED);
  EXPECT_THAT(outcomes[kGone].detail(), HasSubstr("550 5.1.1"));
  // 451: attempts 1 and 2 failed and are retried, at least half the first
  // backoff (1 s) apart; the round's entry still waits.
  EXPECT_EQ(outcomes[kBusy].outcome(), EscalationNotification::PENDING);
  EXPECT_THAT(busy[0].detail(), HasSubstr("attempt 1 failed"));
  EXPECT_THAT(busy[0].detail(), HasSubstr("451 4.3.0"));
  EXPECT_THAT(busy[0].detail(), HasSubstr("retrying"));
  EXPECT_THAT(busy[1].detail(), HasSubstr("attempt 2 failed"));
  EXPECT_GE(google::protobuf::util::TimeUtil::DurationToMilliseconds(
                busy[1].time() - busy[0].time()),
            500);

  const std::vector<ReceivedMessage> received =
      sink.WaitForMessages(2, deadline);
  const ReceivedMessage* mail = MessageTo(received, kAdmin);
  ASSERT_NE(mail, nullptr);
  EXPECT_NE(MessageTo(received, kSecond), nullptr);
  EXPECT_EQ(MessageTo(received, kGone), nullptr);
  EXPECT_EQ(MessageTo(received, kBusy), nullptr);
  EXPECT_EQ(mail->Header("From"), "Cordon <cordon@msp.example>");
  EXPECT_THAT(mail->Header("Message-ID"),
              HasSubstr(absl::StrCat("<", name, "/round/0/")));
  EXPECT_THAT(mail->envelope, Contains("tls yes"));
  EXPECT_THAT(mail->Part("text/plain"),
              HasSubstr("Were <ep-1> & ep-2 isolated on purpose?"));
  EXPECT_THAT(mail->Part("text/plain"), HasSubstr("ACKNOWLEDGE"));
  const std::string html = mail->Part("text/html");
  EXPECT_THAT(html, HasSubstr("Were &lt;ep-1&gt; &amp; ep-2 isolated"));
  EXPECT_THAT(html, HasSubstr("<th align=\"left\">Severity</th>"));
  EXPECT_THAT(html, HasSubstr("<th align=\"left\">Answer by</th>"));
  EXPECT_THAT(html, HasSubstr("<li>ACKNOWLEDGE: seen</li>"));
}

// Issue 11: without --smtp_url (or a spool) the server says so at start,
// and each e-mail notification says so too: FAILED once, never retried.
TEST(MailE2eTest, Esc9WithoutSmtpEachNotificationSaysEmailIsNotConfigured) {
  testing::TempDir dir;
  CordonServer server(dir.path() + "/data", {});
  ASSERT_EQ(server.Start(), "");
  Client client(server.port(), server.key());
  std::string name;
  ASSERT_EQ(EscalateToAdmins(server, {kAdmin}, &name), "");

  const auto deadline = Steady::now() + std::chrono::seconds(30);
  std::optional<v1::Escalation> escalation;
  while (Steady::now() < deadline) {
    server.Wait(Steady::now() + std::chrono::milliseconds(50));
    escalation = client.Get(name);
    if (escalation && escalation->notifications_size() > 0 &&
        escalation->notifications(0).outcome() !=
            EscalationNotification::PENDING) {
      break;
    }
  }
  ASSERT_TRUE(escalation.has_value()) << client.error();
  // A retryable failure would have added an "attempt 1 failed" entry.
  ASSERT_EQ(escalation->notifications_size(), 1) << escalation->DebugString();
  EXPECT_EQ(escalation->notifications(0).outcome(),
            EscalationNotification::FAILED);
  EXPECT_EQ(escalation->notifications(0).detail(),
            "e-mail is not configured on this server (--smtp_url)");
  EXPECT_THAT(server.log(), HasSubstr("e-mail: not configured"));
}

}  // namespace mail_e2e_test
}  // namespace cordon::process_testing
