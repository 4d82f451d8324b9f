// Issue 14: the generation a cache of authenticated tokens trusts
// (engine::AuthenticatedKeyCache). A commit that writes a family moves the
// family's generation once, one that does not leaves it, and while a commit
// of the family is under way there is no generation to trust.

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/store/family.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/transaction.h"
#include "testing/temp_dir.h"

namespace cordon::store {
namespace write_generation_test {

class WriteGenerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RocksDatabase>> db =
        RocksDatabase::Open(dir_.path(), RocksDatabaseOptions());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }
  uint64_t Generation(Family family) {
    absl::optional<uint64_t> generation = db_->WriteGeneration(family);
    EXPECT_TRUE(generation.has_value());
    return generation.value_or(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<RocksDatabase> db_;
};

TEST_F(WriteGenerationTest, ACommitMovesTheGenerationOfWhatItWrote) {
  const uint64_t keys = Generation(Family::kApiKeys);
  const uint64_t users = Generation(Family::kUsers);
  std::unique_ptr<Transaction> txn = db_->Begin();
  txn->PutRaw(Family::kApiKeys, "k", "v");
  EXPECT_EQ(Generation(Family::kApiKeys), keys);  // not committed yet
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Generation(Family::kApiKeys), keys + 1);
  EXPECT_EQ(Generation(Family::kUsers), users);

  std::unique_ptr<Transaction> rolled_back = db_->Begin();
  rolled_back->PutRaw(Family::kUsers, "u", "v");
  rolled_back.reset();
  EXPECT_EQ(Generation(Family::kUsers), users);
}

TEST_F(WriteGenerationTest, NoGenerationWhileACommitOfTheFamilyIsUnderWay) {
  const uint32_t api_keys = 1u << static_cast<int>(Family::kApiKeys);
  const uint64_t before = Generation(Family::kApiKeys);
  db_->NoteCommitting(api_keys);
  EXPECT_FALSE(db_->WriteGeneration(Family::kApiKeys).has_value());
  EXPECT_TRUE(db_->WriteGeneration(Family::kUsers).has_value());
  db_->NoteCommitted(api_keys);
  EXPECT_EQ(Generation(Family::kApiKeys), before + 1);
}

}  // namespace write_generation_test
}  // namespace cordon::store
