// Storage faults (issue 13; DESIGN rule 4, a commit is durable before it is
// acknowledged): while the disk fails syncs or is full, RocksDatabase refuses
// writes with STORAGE_UNAVAILABLE, keeps serving reads, never lets a refused
// write appear later (not even after a restart), and takes writes again once
// the disk does, without a restart.

#include "server/store/storage_fault.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/rocks/rocks_status.h"
#include "server/store/transaction.h"
#include "testing/fault_file_system.h"
#include "testing/temp_dir.h"

namespace cordon::store {
namespace storage_fault_test {

using cordon::testing::DiskFault;
using cordon::testing::FaultFileSystem;

class StorageFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Reopen();
  }

  // Closes and opens the data dir again: a restart of the process.
  void Reopen() {
    db_.reset();
    RocksDatabaseOptions options;
    options.file_system = fs_;
    auto db = RocksDatabase::Open(dir_.path(), options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  absl::Status Write(const std::string& key) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->PutRaw(Family::kUsers, key, "value of " + key);
    return txn->Commit();
  }

  bool Visible(const std::string& key) {
    absl::StatusOr<std::string> read = db_->Get(Family::kUsers, key);
    EXPECT_TRUE(read.ok() || absl::IsNotFound(read.status())) << read.status();
    return read.ok();
  }

  cordon::testing::TempDir dir_{
      cordon::testing::TempDir::Where::kMemoryIfAvailable};
  std::shared_ptr<FaultFileSystem> fs_ = std::make_shared<FaultFileSystem>();
  std::unique_ptr<RocksDatabase> db_;
};

// The client-facing shape of a refused write: UNAVAILABLE, a stable reason,
// words about the disk, and no file name of the data dir.
void ExpectRefused(const absl::Status& status, const std::string& data_dir) {
  EXPECT_TRUE(IsStorageFault(status)) << status;
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_EQ(core::ReasonOf(status), "STORAGE_UNAVAILABLE");
  EXPECT_TRUE(absl::StrContains(status.message(), "disk")) << status;
  EXPECT_FALSE(absl::StrContains(status.message(), data_dir)) << status;
  EXPECT_FALSE(absl::StrContains(status.message(), ".log")) << status;
}

TEST(RocksStatusTest, AReadIoErrorSaysAReadFailedNotThatAWriteWasRefused) {
  const rocksdb::Status failed = rocksdb::Status::IOError(
      "While pread offset 0", "/srv/cordon/000012.sst");
  const absl::Status read = FromRocksRead(failed);
  ExpectRefused(read, "/srv/cordon");
  EXPECT_TRUE(absl::StrContains(read.message(), "failed a read")) << read;
  EXPECT_FALSE(absl::StrContains(read.message(), "write")) << read;
  const absl::Status write = FromRocks(failed);
  ExpectRefused(write, "/srv/cordon");
  EXPECT_TRUE(absl::StrContains(write.message(), "the write was refused"))
      << write;
}

TEST_F(StorageFaultTest, FailedSyncRefusesTheWriteAndItNeverAppears) {
  ASSERT_TRUE(Write("before").ok());
  fs_->Set(DiskFault::kSyncFails);
  ExpectRefused(Write("refused"), dir_.path());
  EXPECT_GT(fs_->refused(), 0);
  EXPECT_TRUE(db_->RefusingWrites());
  // Fail closed: the next write is refused too, reads go on.
  ExpectRefused(Write("also refused"), dir_.path());
  EXPECT_FALSE(Visible("refused"));
  EXPECT_TRUE(Visible("before"));

  // The disk heals: a restart must not resurrect the refused write from the
  // WAL it was appended to before its sync failed.
  fs_->Set(DiskFault::kNone);
  Reopen();
  EXPECT_TRUE(Visible("before"));
  EXPECT_FALSE(Visible("refused"));
  EXPECT_FALSE(Visible("also refused"));
  EXPECT_TRUE(Write("after restart").ok());
}

TEST_F(StorageFaultTest, AfterAFailedSyncWritesResumeWithoutRestart) {
  ASSERT_TRUE(Write("before").ok());
  fs_->Set(DiskFault::kSyncFails);
  ExpectRefused(Write("refused"), dir_.path());
  fs_->Set(DiskFault::kNone);
  absl::Status resumed = Write("after");
  ASSERT_TRUE(resumed.ok()) << resumed;
  EXPECT_FALSE(db_->RefusingWrites());
  EXPECT_TRUE(Visible("after"));
  // Resuming retired the WAL holding the refused write's tail: a restart
  // keeps what was acknowledged and nothing else.
  Reopen();
  EXPECT_TRUE(Visible("before"));
  EXPECT_TRUE(Visible("after"));
  EXPECT_FALSE(Visible("refused"));
}

TEST_F(StorageFaultTest, FullDiskRefusesWritesServesReadsAndRecovers) {
  ASSERT_TRUE(Write("before").ok());
  fs_->Set(DiskFault::kFull);
  absl::Status refused = Write("refused");
  ExpectRefused(refused, dir_.path());
  EXPECT_TRUE(absl::StrContains(refused.message(), "no space")) << refused;
  EXPECT_TRUE(Visible("before"));
  EXPECT_FALSE(Visible("refused"));
  // Still full: resuming fails, the write is refused again.
  ExpectRefused(Write("refused again"), dir_.path());

  fs_->Set(DiskFault::kNone);
  absl::Status accepted = Write("after");
  ASSERT_TRUE(accepted.ok()) << accepted;
  EXPECT_FALSE(db_->RefusingWrites());
  Reopen();
  EXPECT_TRUE(Visible("before"));
  EXPECT_TRUE(Visible("after"));
  EXPECT_FALSE(Visible("refused"));
  EXPECT_FALSE(Visible("refused again"));
}

// docs/operations.md: a server restarted on a full disk refuses to start
// (it cannot write its WAL) rather than run without durability.
TEST_F(StorageFaultTest, OpeningOnAFullDiskFailsAndSucceedsOnceThereIsRoom) {
  ASSERT_TRUE(Write("before").ok());
  db_.reset();
  fs_->Set(DiskFault::kFull);
  RocksDatabaseOptions options;
  options.file_system = fs_;
  auto refused = RocksDatabase::Open(dir_.path(), options);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  fs_->Set(DiskFault::kNone);
  Reopen();
  EXPECT_TRUE(Visible("before"));
}

TEST_F(StorageFaultTest, SlowDiskDelaysWritesAndStillAcknowledgesThem) {
  int delays = 0;
  fs_->SetDelay([&delays] { ++delays; });
  fs_->Set(DiskFault::kSlow);
  ASSERT_TRUE(Write("slow").ok());
  EXPECT_GT(delays, 0);  // the write and its sync waited for the disk
  EXPECT_FALSE(db_->RefusingWrites());
  fs_->Set(DiskFault::kNone);
  Reopen();
  EXPECT_TRUE(Visible("slow"));
}

}  // namespace storage_fault_test
}  // namespace cordon::store
