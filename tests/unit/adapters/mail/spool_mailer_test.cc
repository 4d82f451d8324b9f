#include "server/adapters/mail/spool_mailer.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace cordon::adapters::mail {
namespace spool_mailer_test {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Kind = ports::MailOutcome::Kind;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> FileNames(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ports::EmailMessage Message(const std::string& id) {
  ports::EmailMessage message;
  message.message_id = id;
  message.to = "ada@msp.example";
  message.subject = "Escalation: sign-in from Elbonia";
  message.body = "alice@contoso.com signed in from Elbonia.\nAnswer in Cordon.";
  return message;
}

class SpoolMailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* test_tmpdir = std::getenv("TEST_TMPDIR");
    const std::filesystem::path base =
        test_tmpdir != nullptr && *test_tmpdir != '\0'
            ? std::filesystem::path(test_tmpdir)
            : std::filesystem::temp_directory_path();
    std::string templ = (base / "cordon-spool-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    root_ = templ;
    spool_ = root_ + "/data/mail-spool";
    auto mailer = SpoolMailer::Create(spool_, &clock_);
    ASSERT_TRUE(mailer.ok()) << mailer.status();
    mailer_ = std::move(*mailer);
  }

  void TearDown() override {
    mailer_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  // 2026-01-01T00:00:00Z, a Thursday.
  ports::FakeClock clock_;
  std::string root_;
  std::string spool_;
  std::unique_ptr<SpoolMailer> mailer_;
};

// ESC-3 e-mail notifications in development (--mail_spool_dir): each
// message is one RFC 5322 file a developer can open, written whole and
// owner-only, and the outcome says SPOOLED, never DELIVERED.
TEST_F(SpoolMailerTest, WritesEachMessageAsAnRfc5322File) {
  const ports::MailOutcome outcome =
      mailer_->Send(Message("accounts/3/escalations/5/round/0/ada"));

  EXPECT_EQ(outcome.kind, Kind::kSpooled);
  const std::string name = "accounts_3_escalations_5_round_0_ada.eml";
  EXPECT_THAT(FileNames(spool_), ElementsAre(name));
  EXPECT_THAT(outcome.detail, HasSubstr(name));
  const std::string text = ReadFile(std::filesystem::path(spool_) / name);
  EXPECT_THAT(text,
              AllOf(StartsWith("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
                               "From: Cordon <cordon@localhost>\r\n"
                               "To: ada@msp.example\r\n"
                               "Subject: Escalation: sign-in from Elbonia\r\n"
                               "Message-ID: "
                               "<accounts/3/escalations/5/round/0/"
                               "ada@localhost>\r\n"),
                    HasSubstr("\r\n\r\n"
                              "alice@contoso.com signed in from Elbonia.\r\n"
                              "Answer in Cordon.\r\n"),
                    EndsWith("--\r\n")));
  struct stat info;
  ASSERT_EQ(::stat((std::filesystem::path(spool_) / name).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(spool_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
}

// ports::EmailMessage::message_id: a send repeated after a crash is not
// spooled twice, and is answered spooled again.
TEST_F(SpoolMailerTest, RepeatedMessageIdIsNotWrittenAgain) {
  ASSERT_EQ(mailer_->Send(Message("m/1")).kind, Kind::kSpooled);
  const std::string first = ReadFile(std::filesystem::path(spool_) / "m_1.eml");
  clock_.Advance(absl::Hours(1));
  ports::EmailMessage again = Message("m/1");
  again.body = "something else";
  const ports::MailOutcome outcome = mailer_->Send(again);

  EXPECT_EQ(outcome.kind, Kind::kSpooled);
  EXPECT_THAT(outcome.detail, HasSubstr("already spooled"));
  EXPECT_THAT(FileNames(spool_), ElementsAre("m_1.eml"));
  EXPECT_EQ(ReadFile(std::filesystem::path(spool_) / "m_1.eml"), first);
}

TEST_F(SpoolMailerTest, DistinctIdsNeverShareAFile) {
  const std::vector<std::string> ids = {"a/b", "a_b", "a%2Fb", ".hidden",
                                        "..",  "x y", "a\nb"};
  for (const std::string& id : ids) {
    ASSERT_EQ(mailer_->Send(Message(id)).kind, Kind::kSpooled) << id;
  }
  const std::vector<std::string> names = FileNames(spool_);
  EXPECT_EQ(names.size(), ids.size());
  for (const std::string& name : names) {
    EXPECT_THAT(name, Not(StartsWith("."))) << name;
    EXPECT_THAT(name, EndsWith(".eml"));
  }
}

TEST_F(SpoolMailerTest, FileNamesAreReadableAndBounded) {
  EXPECT_EQ(SpoolFileName("accounts/3/escalations/5/round/1/ada@msp.example"),
            "accounts_3_escalations_5_round_1_ada@msp.example.eml");
  EXPECT_EQ(SpoolFileName("a_b"), "a%5Fb.eml");
  EXPECT_EQ(SpoolFileName(".."), "%2E..eml");
  EXPECT_EQ(SpoolFileName("x y"), "x%20y.eml");

  const std::string long_a(500, 'a');
  std::string long_b = long_a;
  long_b.back() = 'b';
  const std::string name_a = SpoolFileName(long_a);
  EXPECT_LE(name_a.size(), 255u);
  EXPECT_NE(name_a, SpoolFileName(long_b));
  EXPECT_EQ(name_a, SpoolFileName(long_a));
}

// A write that cannot happen is worth retrying (disk full, spool removed);
// a message without an id is a caller's bug that no retry fixes.
TEST_F(SpoolMailerTest, IoErrorsAreRetryableAndAMissingIdIsPermanent) {
  std::filesystem::remove_all(spool_);
  const ports::MailOutcome outcome = mailer_->Send(Message("m1"));
  EXPECT_EQ(outcome.kind, Kind::kRetryable);
  EXPECT_THAT(outcome.detail, HasSubstr(spool_));

  EXPECT_EQ(mailer_->Send(Message("")).kind, Kind::kPermanent);
}

// A crash mid-write leaves a temporary file that was never renamed: it is
// not a message, and the next start clears it.
TEST_F(SpoolMailerTest, CreateRemovesTemporaryFilesLeftByACrash) {
  ASSERT_EQ(mailer_->Send(Message("kept")).kind, Kind::kSpooled);
  std::ofstream(std::filesystem::path(spool_) / ".tmp-abc123") << "partial";
  auto reopened = SpoolMailer::Create(spool_, &clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_THAT(FileNames(spool_), ElementsAre("kept.eml"));
}

TEST_F(SpoolMailerTest, CreateRefusesAPathThatIsAFile) {
  const std::string file = root_ + "/not-a-directory";
  std::ofstream(file) << "x";
  EXPECT_FALSE(SpoolMailer::Create(file, &clock_).ok());
  EXPECT_FALSE(SpoolMailer::Create("", &clock_).ok());
}

}  // namespace spool_mailer_test
}  // namespace cordon::adapters::mail
