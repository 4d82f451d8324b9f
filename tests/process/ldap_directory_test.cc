// cordon-agent's LDAP backend against a real slapd on loopback (ISO-15):
// the test writes a slapd config with the project's minimal schema
// (tests/process/ldap/cordon-test.schema: userPrincipalName and
// userAccountControl with Active Directory's OIDs), loads two accounts with
// slapadd, runs slapd on a free port for the test's duration and reads the
// result back with ldapsearch, independently of the code under test.

#include "tools/cordon-agent/ldap_directory.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"

namespace cordon {
namespace ldap_directory_test {

using agent::DirectoryOutcome;
using process_testing::ChildProcess;
using process_testing::FreePort;
using process_testing::Steady;

constexpr auto kBound = std::chrono::seconds(20);
constexpr char kBase[] = "dc=fabrikam,dc=local";
constexpr char kAdmin[] = "cn=admin,dc=fabrikam,dc=local";
constexpr char kPassword[] = "test-only-password";

// Runs a command to its end; its output and exit status.
int RunCommand(std::vector<std::string> argv, std::string* output) {
  ChildProcess child(std::move(argv));
  const std::optional<int> status = child.WaitForExit(Steady::now() + kBound);
  *output = child.output();
  return status.has_value() && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
}

class LdapDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string db = dir_.path() + "/db";
    std::filesystem::create_directory(db);
    std::ofstream(conf_) << "include /etc/ldap/schema/core.schema\n"
                         << "include " << CORDON_LDAP_SCHEMA << "\n"
                         << "modulepath /usr/lib/ldap\n"
                         << "moduleload back_mdb\n"
                         << "pidfile " << dir_.path() << "/slapd.pid\n"
                         << "database mdb\nmaxsize 10485760\n"
                         << "suffix \"" << kBase << "\"\n"
                         << "rootdn \"" << kAdmin << "\"\n"
                         << "rootpw " << kPassword << "\n"
                         << "directory " << db << "\n";
    const std::string ldif = dir_.path() + "/accounts.ldif";
    std::ofstream(ldif) << "dn: " << kBase
                        << "\nobjectClass: dcObject\nobjectClass: "
                        << "organization\no: Fabrikam\ndc: fabrikam\n\n"
                        << Account("bob", "Bob@Fabrikam.com")
                        << Account("eve", "eve(x)@f.com");
    std::string output;
    ASSERT_EQ(
        RunCommand({"/usr/sbin/slapadd", "-f", conf_, "-l", ldif}, &output), 0)
        << output;
    port_ = FreePort();
    uri_ = absl::StrCat("ldap://127.0.0.1:", port_);
    slapd_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        "/usr/sbin/slapd", "-d", "0", "-h", uri_ + "/", "-f", conf_});
    ASSERT_TRUE(slapd_->started());
    // Ready once a search answers (bounded).
    for (auto deadline = Steady::now() + kBound; Steady::now() < deadline;) {
      if (Search("bob").find("userAccountControl") != std::string::npos) return;
      slapd_->DrainUntil(Steady::now() + std::chrono::milliseconds(50));
    }
    FAIL() << "slapd did not answer: " << slapd_->output();
  }

  static std::string Account(const std::string& cn, const std::string& upn) {
    return absl::StrCat(
        "dn: cn=", cn, ",", kBase, "\nobjectClass: cordonTestUser\ncn: ", cn,
        "\nuserPrincipalName: ", upn, "\nuserAccountControl: 512\n\n");
  }

  std::string Search(const std::string& cn) {
    std::string output;
    RunCommand({"/usr/bin/ldapsearch", "-x", "-LLL", "-H", uri_, "-D", kAdmin,
                "-w", kPassword, "-b", kBase, absl::StrCat("(cn=", cn, ")"),
                "userAccountControl"},
               &output);
    return output;
  }

  agent::LdapDirectory Directory(const std::string& password = kPassword) {
    return agent::LdapDirectory({uri_, kAdmin, password, kBase, ""});
  }

  testing::TempDir dir_;
  const std::string conf_ = dir_.path() + "/slapd.conf";
  int port_ = 0;
  std::string uri_;
  std::unique_ptr<ChildProcess> slapd_;  // SIGKILLed and reaped with the test
};

TEST_F(LdapDirectoryTest, Iso15DisableSetsAndEnableClearsBit0x2ByUpn) {
  agent::LdapDirectory directory = Directory();
  // UPNs match case-insensitively, as in AD.
  DirectoryOutcome disabled =
      directory.SetAccountEnabled("bob@fabrikam.com", false);
  EXPECT_EQ(disabled.kind, DirectoryOutcome::Kind::kSucceeded)
      << disabled.detail;
  EXPECT_NE(Search("bob").find("userAccountControl: 514"), std::string::npos)
      << Search("bob");
  // Again: a state, not a toggle.
  EXPECT_EQ(directory.SetAccountEnabled("bob@fabrikam.com", false).kind,
            DirectoryOutcome::Kind::kSucceeded);
  EXPECT_NE(Search("bob").find("userAccountControl: 514"), std::string::npos);
  EXPECT_EQ(directory.SetAccountEnabled("BOB@fabrikam.com", true).kind,
            DirectoryOutcome::Kind::kSucceeded);
  EXPECT_NE(Search("bob").find("userAccountControl: 512"), std::string::npos);
  // The other account was never touched.
  EXPECT_NE(Search("eve").find("userAccountControl: 512"), std::string::npos);
}

TEST_F(LdapDirectoryTest, Iso15UnknownAccountAndBadPasswordArePermanent) {
  EXPECT_EQ(Directory().SetAccountEnabled("nobody@fabrikam.com", false).kind,
            DirectoryOutcome::Kind::kPermanent);
  // A filter metacharacter in a UPN matches itself, not a wildcard.
  EXPECT_EQ(Directory().SetAccountEnabled("*", false).kind,
            DirectoryOutcome::Kind::kPermanent);
  EXPECT_EQ(Directory().SetAccountEnabled("eve(x)@f.com", false).kind,
            DirectoryOutcome::Kind::kSucceeded);
  EXPECT_EQ(
      Directory("wrong").SetAccountEnabled("bob@fabrikam.com", false).kind,
      DirectoryOutcome::Kind::kPermanent);
  EXPECT_NE(Search("bob").find("userAccountControl: 512"), std::string::npos);
}

TEST_F(LdapDirectoryTest, Iso15UnreachableDirectoryIsRetryable) {
  slapd_.reset();  // slapd gone
  EXPECT_EQ(Directory().SetAccountEnabled("bob@fabrikam.com", false).kind,
            DirectoryOutcome::Kind::kRetryable);
}

}  // namespace ldap_directory_test
}  // namespace cordon
