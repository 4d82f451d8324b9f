#include "server/adapters/mail/mailer_setup.h"

#include <sys/stat.h>

#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace cordon::adapters::mail {
namespace mailer_setup_test {

using ::testing::HasSubstr;
using ::testing::Not;
using Kind = ports::MailOutcome::Kind;

constexpr char kPassword[] = "hunter2-do-not-log";

class MailerSetupTest : public ::testing::Test {
 protected:
  MailSettings Smtp() const {
    MailSettings settings;
    settings.smtp_url = "smtp://mail.msp.example:587";
    settings.mail_from = "Cordon <cordon@msp.example>";
    return settings;
  }

  std::string PasswordFile(mode_t mode) {
    const std::string path = dir_.path() + "/password";
    std::ofstream(path) << kPassword << "\n";
    chmod(path.c_str(), mode);
    return path;
  }

  absl::Status Refusal(const MailSettings& settings) {
    return MailerSetup::Create(settings, &clock_).status();
  }

  testing::TempDir dir_;
  ports::FakeClock clock_;
};

TEST_F(MailerSetupTest, SmtpWithAuthDescribesItWithoutThePassword) {
  MailSettings settings = Smtp();
  settings.smtp_user = "cordon@msp.example";
  settings.smtp_password_file = PasswordFile(0600);
  auto setup = MailerSetup::Create(settings, &clock_);
  ASSERT_TRUE(setup.ok()) << setup.status();
  EXPECT_EQ((*setup)->description(),
            "SMTP smtp://mail.msp.example:587 (STARTTLS required) as "
            "cordon@msp.example, from Cordon <cordon@msp.example>");
  settings.smtp_url = "smtps://mail.msp.example";
  EXPECT_THAT(MailerSetup::Create(settings, &clock_).value()->description(),
              HasSubstr("(TLS)"));
}

// Every wrong flag is named; the password never appears.
TEST_F(MailerSetupTest, WrongFlagsAreNamed) {
  const struct {
    void (*change)(MailSettings&);
    const char* named;
  } cases[] = {
      {[](MailSettings& s) { s.smtp_url = "http://mail.msp.example"; },
       "--smtp_url"},
      {[](MailSettings& s) { s.smtp_url = "smtp://user:pw@mail.example"; },
       "--smtp_url"},
      {[](MailSettings& s) { s.smtp_url = "smtp://mail.example/x?y"; },
       "--smtp_url"},
      {[](MailSettings& s) { s.mail_spool_dir = "/tmp/spool"; },
       "--smtp_url (send) or --mail_spool_dir"},
      {[](MailSettings& s) { s.mail_from.clear(); }, "--mail_from"},
      {[](MailSettings& s) { s.mail_from = "Cordon <x@y>\r\nBcc: z@q"; },
       "--mail_from"},
      {[](MailSettings& s) { s.mail_from = "not an address"; }, "--mail_from"},
      {[](MailSettings& s) { s.smtp_user = "cordon"; },
       "--smtp_password_file is required"},
      {[](MailSettings& s) { s.smtp_timeout = absl::Minutes(10); },
       "--smtp_timeout"},
      {[](MailSettings& s) { s.smtp_ca_file = "/nonexistent.pem"; },
       "--smtp_ca_file"},
  };
  for (const auto& c : cases) {
    MailSettings settings = Smtp();
    c.change(settings);
    const absl::Status status = Refusal(settings);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.named;
    EXPECT_THAT(status.message(), HasSubstr(c.named));
  }
  MailSettings spool_only;
  spool_only.smtp_ca_file = "/etc/hosts";
  EXPECT_THAT(Refusal(spool_only).message(),
              HasSubstr("--smtp_ca_file needs --smtp_url"));
}

// DESIGN rule 7: a password file others can read is refused, by name.
TEST_F(MailerSetupTest, PasswordFileReadableByOthersIsRefused) {
  MailSettings settings = Smtp();
  settings.smtp_user = "cordon";
  settings.smtp_password_file = PasswordFile(0644);
  const absl::Status status = Refusal(settings);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("--smtp_password_file"));
  EXPECT_THAT(status.message(), Not(HasSubstr(kPassword)));
}

// Issue 11: without SMTP or a spool, e-mail fails visibly and for good.
TEST_F(MailerSetupTest, Esc9NeitherConfiguredFailsEverySendPermanently) {
  auto setup = MailerSetup::Create({}, &clock_);
  ASSERT_TRUE(setup.ok()) << setup.status();
  EXPECT_THAT((*setup)->description(), HasSubstr("not configured"));
  const ports::MailOutcome outcome = (*setup)->mailer().Send({});
  EXPECT_EQ(outcome.kind, Kind::kPermanent);
  EXPECT_EQ(outcome.detail,
            "e-mail is not configured on this server (--smtp_url)");
}

TEST_F(MailerSetupTest, Esc9SpoolIsSpooledNeverDelivered) {
  MailSettings settings;
  settings.mail_spool_dir = dir_.path() + "/spool";
  auto setup = MailerSetup::Create(settings, &clock_);
  ASSERT_TRUE(setup.ok()) << setup.status();
  EXPECT_THAT((*setup)->description(), HasSubstr("nothing is sent"));
  ports::EmailMessage message;
  message.message_id = "m/1";
  message.to = "ada@msp.example";
  EXPECT_EQ((*setup)->mailer().Send(message).kind, Kind::kSpooled);
}

}  // namespace mailer_setup_test
}  // namespace cordon::adapters::mail
