// Issue 15: the leadership a store's sole server holds (RocksDB), and the
// error a fenced commit of an ended term gets: never retried as a
// conflict, since another server now does that work.

#include "server/store/leadership.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/conflict.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/transact.h"
#include "testing/temp_dir.h"

namespace cordon::store {
namespace leadership_test {

TEST(LeadershipTest, TheSoleServerLeadsFromStartToStopWithOneTerm) {
  SoleLeadership leadership;
  std::vector<int64_t> elected, deposed;
  leadership.Start([&](LeaderTerm term) { elected.push_back(term.number); },
                   [&](LeaderTerm term) { deposed.push_back(term.number); });
  ASSERT_EQ(elected, std::vector<int64_t>{1});
  EXPECT_TRUE(leadership.Holds(LeaderTerm{1}));
  EXPECT_FALSE(leadership.Holds(LeaderTerm{2}));
  EXPECT_TRUE(deposed.empty());
  leadership.Stop();
  EXPECT_EQ(deposed, std::vector<int64_t>{1});
  EXPECT_FALSE(leadership.Holds(LeaderTerm{1}));
  leadership.Stop();  // once only
  EXPECT_EQ(deposed.size(), 1u);
}

TEST(LeadershipTest, ALostTermIsNotAConflictAndTransactDoesNotRetryIt) {
  const absl::Status lost = LeadershipLostError();
  EXPECT_TRUE(IsLeadershipLost(lost));
  EXPECT_TRUE(absl::IsFailedPrecondition(lost));
  EXPECT_FALSE(IsConflict(lost));
  EXPECT_FALSE(IsLeadershipLost(ConflictError()));

  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<RocksDatabase>> db =
      RocksDatabase::Open(dir.path());
  ASSERT_TRUE(db.ok()) << db.status();
  int runs = 0;
  const absl::Status result = Transact(**db, [&](Transaction&) {
    ++runs;
    return LeadershipLostError();
  });
  EXPECT_TRUE(IsLeadershipLost(result));
  EXPECT_EQ(runs, 1);
}

}  // namespace leadership_test
}  // namespace cordon::store
