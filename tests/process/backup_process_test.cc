// Issue 14, backup and restore with the real binaries, exactly as
// docs/operations.md ("Backing up and restoring") tells an operator: a
// cordon-server with --backup_dir, `cordonctl backup create`, the server
// stopped, the backup copied into place as the data dir of a second
// cordon-server with the same --secrets_key_file, which serves the data
// written before the backup; with another secrets key it refuses to start.
// --backup_dir inside --data_dir is refused. Every wait is bounded; ports
// are 0.

#include <sys/wait.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"
#include "tests/process/served_cordon.h"
#include "tools/cordonctl/tests/golden_harness.h"

namespace cordon::process_testing {
namespace backup_process_test {

namespace fs = std::filesystem;
using cordonctl_testing::RunCordonctl;
using cordonctl_testing::RunResult;
using ::testing::HasSubstr;

constexpr auto kBound = std::chrono::seconds(30);

class BackupProcessTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }

  std::string Path(const std::string& name) const {
    return dir_.path() + "/" + name;
  }
  // cordonctl against the server on `port` with `key_file` (no config file:
  // HOME is the test's directory).
  RunResult Cordonctl(int port, const std::string& key_file,
                      const std::vector<std::string>& args) const {
    return RunCordonctl(args,
                        {{"HOME", dir_.path()},
                         {"CORDON_ADDR", absl::StrCat("127.0.0.1:", port)},
                         {"CORDON_KEY_FILE", key_file}});
  }
  // A cordon-server on `data_dir` (a restored one has no bootstrap.key of
  // its own: its keys are in the database), with the given secrets key.
  std::unique_ptr<ChildProcess> StartOn(const std::string& data_dir,
                                        const std::string& secrets_key) const {
    return std::make_unique<ChildProcess>(std::vector<std::string>{
        CORDON_SERVER_BIN, "--listen=127.0.0.1:0", "--data_dir=" + data_dir,
        "--secrets_key_file=" + secrets_key});
  }
  // The account made on the live server, then the backup taken of it, the
  // server stopped and the backup copied into place as "restored". The
  // account's name into `account`.
  void BackUpAndStop(std::string* account) {
    CordonServer live(Path("data"),
                      {"--backup_dir=" + Path("backups"),
                       "--secrets_key_file=" + Path("secrets.key")});
    ASSERT_EQ(live.Start(), "");
    const RunResult made = Cordonctl(
        live.port(), key_file_,
        {"accounts", "create", "--display-name=Before Backup", "-o", "json"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    *account = nlohmann::json::parse(made.out)["account"]["name"];
    const RunResult backup =
        Cordonctl(live.port(), key_file_, {"backup", "create", "nightly-1"});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    EXPECT_THAT(backup.out, HasSubstr(Path("backups/nightly-1")));
    const std::optional<int> stopped = live.Stop(Steady::now() + kBound);
    ASSERT_TRUE(stopped.has_value() && WIFEXITED(*stopped) &&
                WEXITSTATUS(*stopped) == 0);
    fs::copy(Path("backups/nightly-1"), Path("restored"),
             fs::copy_options::recursive);
  }

  cordon::testing::TempDir dir_;
  const std::string key_file_ = Path("data/bootstrap.key");
};

TEST_F(BackupProcessTest, ARestoredBackupServesWhatWasWrittenBeforeIt) {
  std::string account;
  ASSERT_NO_FATAL_FAILURE(BackUpAndStop(&account));

  std::unique_ptr<ChildProcess> restored =
      StartOn(Path("restored"), Path("secrets.key"));
  const auto serving = restored->WaitForLine(
      std::regex(R"( serving on 127\.0\.0\.1:(\d+))"), Steady::now() + kBound);
  ASSERT_TRUE(serving.has_value()) << restored->output();
  // The bootstrap key is in the database: no new one is written.
  EXPECT_FALSE(fs::exists(Path("restored/bootstrap.key")));
  const RunResult got = Cordonctl(std::stoi((*serving)[1]), key_file_,
                                  {"accounts", "get", account, "-o", "json"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(nlohmann::json::parse(got.out)["display_name"], "Before Backup");
}

// DESIGN rule 7: the PSA secrets are sealed under --secrets_key_file, which
// the backup does not hold; a restore with another key is refused.
TEST_F(BackupProcessTest, ARestoreWithAnotherSecretsKeyRefusesToStart) {
  std::string account;
  ASSERT_NO_FATAL_FAILURE(BackUpAndStop(&account));

  std::unique_ptr<ChildProcess> restored =
      StartOn(Path("restored"), Path("another.key"));
  const std::optional<int> exited =
      restored->WaitForExit(Steady::now() + kBound);
  ASSERT_TRUE(exited.has_value()) << restored->output();
  EXPECT_TRUE(WIFEXITED(*exited) && WEXITSTATUS(*exited) == 1);
  EXPECT_THAT(restored->output(), HasSubstr("does not hold the key"));
}

// A backup inside the data dir would be a copy of RocksDB's directory in
// RocksDB's directory: refused before anything is created.
TEST_F(BackupProcessTest, ABackupDirInsideTheDataDirRefusesToStart) {
  ChildProcess server({CORDON_SERVER_BIN, "--listen=127.0.0.1:0",
                       "--data_dir=" + Path("data"),
                       "--backup_dir=" + Path("data/../data/backups/")});
  const std::optional<int> exited = server.WaitForExit(Steady::now() + kBound);
  ASSERT_TRUE(exited.has_value()) << server.output();
  EXPECT_TRUE(WIFEXITED(*exited) && WEXITSTATUS(*exited) == 1);
  EXPECT_THAT(server.output(), HasSubstr("--backup_dir must not be"));
  EXPECT_FALSE(fs::exists(Path("data")));
}

}  // namespace backup_process_test
}  // namespace cordon::process_testing
