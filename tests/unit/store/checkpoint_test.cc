// RocksDatabase::Checkpoint (issue 14, backups): the copy holds exactly what
// was committed before it and opens as a data dir; its table files are hard
// links to the live ones on the same file system; it appears under its name
// only once complete and confirmed, so a failed one leaves nothing behind.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/transaction.h"
#include "testing/fault_file_system.h"
#include "testing/temp_dir.h"

namespace cordon::store {
namespace checkpoint_test {

namespace fs = std::filesystem;
using cordon::testing::DiskFault;
using cordon::testing::FaultFileSystem;

absl::Status Confirmed(const CheckpointFiles&) { return absl::OkStatus(); }

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    RocksDatabaseOptions options;
    options.file_system = fs_;
    auto db = RocksDatabase::Open(DataDir(), options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  std::string DataDir() const { return dir_.path() + "/data"; }
  std::string BackupDir(const std::string& name) const {
    return dir_.path() + "/" + name;
  }

  absl::Status Write(const std::string& key) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->PutRaw(Family::kUsers, key, "value of " + key);
    return txn->Commit();
  }

  // Everything in the test's directory but the data dir: what a checkpoint
  // left beside it.
  std::vector<std::string> Beside() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry :
         fs::directory_iterator(dir_.path())) {
      if (entry.path().filename() != "data") {
        names.push_back(entry.path().filename().string());
      }
    }
    return names;
  }

  cordon::testing::TempDir dir_{
      cordon::testing::TempDir::Where::kMemoryIfAvailable};
  std::shared_ptr<FaultFileSystem> fs_ = std::make_shared<FaultFileSystem>();
  std::unique_ptr<RocksDatabase> db_;
};

TEST_F(CheckpointTest, HoldsWhatWasCommittedBeforeItAndOpensAsADataDir) {
  ASSERT_TRUE(Write("flushed").ok());
  ASSERT_TRUE(db_->raw()->Flush(rocksdb::FlushOptions()).ok());
  ASSERT_TRUE(Write("in-the-log").ok());

  absl::StatusOr<CheckpointFiles> files =
      db_->Checkpoint(BackupDir("b1"), &Confirmed);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_TRUE(Write("after").ok());

  int64_t files_on_disk = 0, bytes_on_disk = 0;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(BackupDir("b1"))) {
    ++files_on_disk;
    bytes_on_disk += static_cast<int64_t>(entry.file_size());
  }
  EXPECT_EQ(files->files, files_on_disk);
  EXPECT_EQ(files->bytes, bytes_on_disk);
  EXPECT_EQ(fs::status(BackupDir("b1")).permissions(), fs::perms::owner_all);

  db_.reset();  // the copy opens while the original is closed, too
  auto copy = RocksDatabase::Open(BackupDir("b1"));
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_TRUE((*copy)->Get(Family::kUsers, "flushed").ok());
  EXPECT_TRUE((*copy)->Get(Family::kUsers, "in-the-log").ok());
  EXPECT_TRUE(absl::IsNotFound((*copy)->Get(Family::kUsers, "after").status()));
}

// docs/operations.md: a backup on the data dir's file system shares its
// table files with the live store instead of copying them.
TEST_F(CheckpointTest, TableFilesAreHardLinksOnTheSameFileSystem) {
  ASSERT_TRUE(Write("row").ok());
  ASSERT_TRUE(db_->raw()->Flush(rocksdb::FlushOptions()).ok());
  ASSERT_TRUE(db_->Checkpoint(BackupDir("b1"), &Confirmed).ok());

  int tables = 0;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(BackupDir("b1"))) {
    if (entry.path().extension() != ".sst") continue;
    ++tables;
    struct stat backup, live;
    ASSERT_EQ(::stat(entry.path().c_str(), &backup), 0);
    ASSERT_EQ(
        ::stat((DataDir() + "/" + entry.path().filename().string()).c_str(),
               &live),
        0);
    EXPECT_EQ(backup.st_ino, live.st_ino) << entry.path();
  }
  EXPECT_GT(tables, 0);
}

TEST_F(CheckpointTest, AnExistingDirectoryIsAlreadyExistsAndUntouched) {
  ASSERT_TRUE(fs::create_directory(BackupDir("b1")));
  std::ofstream(BackupDir("b1") + "/mine") << "keep";

  absl::StatusOr<CheckpointFiles> files =
      db_->Checkpoint(BackupDir("b1"), &Confirmed);
  EXPECT_TRUE(absl::IsAlreadyExists(files.status())) << files.status();
  EXPECT_TRUE(fs::exists(BackupDir("b1") + "/mine"));
  EXPECT_EQ(Beside(), std::vector<std::string>{"b1"});
}

// A checkpoint first flushes the memtables into the data dir: a full data
// disk is the store's storage fault (DESIGN rule 4: it fails closed and
// resumes once the disk has room), and leaves no backup behind.
TEST_F(CheckpointTest, AFullDataDiskIsStorageUnavailableAndLeavesNothing) {
  ASSERT_TRUE(Write("row").ok());
  fs_->Set(DiskFault::kFull);
  absl::StatusOr<CheckpointFiles> files =
      db_->Checkpoint(BackupDir("b1"), &Confirmed);
  fs_->Set(DiskFault::kNone);
  EXPECT_TRUE(absl::IsUnavailable(files.status())) << files.status();
  EXPECT_EQ(core::ReasonOf(files.status()), "STORAGE_UNAVAILABLE");
  EXPECT_TRUE(db_->RefusingWrites());
  EXPECT_TRUE(Beside().empty());

  // Nothing stuck: the same name works once the disk has room.
  EXPECT_TRUE(db_->Checkpoint(BackupDir("b1"), &Confirmed).ok());
  EXPECT_FALSE(db_->RefusingWrites());
  EXPECT_TRUE(Write("after").ok());
}

// The backup's own side failing (here its directory is gone) is the
// backup's failure, not the store's.
TEST_F(CheckpointTest, ACopyThatCannotBeWrittenIsBackupFailed) {
  ASSERT_TRUE(Write("row").ok());
  absl::StatusOr<CheckpointFiles> files =
      db_->Checkpoint(BackupDir("gone/b1"), &Confirmed);
  EXPECT_TRUE(absl::IsUnavailable(files.status())) << files.status();
  EXPECT_EQ(core::ReasonOf(files.status()), "BACKUP_FAILED");
  EXPECT_FALSE(db_->RefusingWrites());
  EXPECT_TRUE(Beside().empty());
  EXPECT_TRUE(Write("after").ok());
}

TEST_F(CheckpointTest, AFailedConfirmationLeavesNothingAndIsTheAnswer) {
  int64_t seen_files = 0;
  absl::StatusOr<CheckpointFiles> files =
      db_->Checkpoint(BackupDir("b1"), [&](const CheckpointFiles& written) {
        seen_files = written.files;
        return absl::UnavailableError("audit record refused");
      });
  EXPECT_EQ(files.status().message(), "audit record refused");
  EXPECT_GT(seen_files, 0);
  EXPECT_TRUE(Beside().empty());
}

// A crash in the middle leaves the hidden copy; the next attempt at the
// name replaces it.
TEST_F(CheckpointTest, AHiddenCopyACrashLeftIsReplaced) {
  ASSERT_TRUE(fs::create_directory(BackupDir(".b1.partial")));
  std::ofstream(BackupDir(".b1.partial") + "/MANIFEST-999999") << "torn";

  ASSERT_TRUE(db_->Checkpoint(BackupDir("b1"), &Confirmed).ok());
  EXPECT_EQ(Beside(), std::vector<std::string>{"b1"});
  EXPECT_FALSE(fs::exists(BackupDir("b1") + "/MANIFEST-999999"));
  EXPECT_TRUE(RocksDatabase::Open(BackupDir("b1")).ok());
}

}  // namespace checkpoint_test
}  // namespace cordon::store
