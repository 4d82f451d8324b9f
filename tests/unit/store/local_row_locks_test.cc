// Issue 15: the row locks one replica's etcd transactions take in its own
// process (LocalRowLocks). Sharers share; an exclusive request waits for
// every other holder and is granted when they release; a holder asking
// again, or a sole sharer asking for the exclusive lock, has it at once; a
// request that would close a cycle of waits is refused at once; a wait past
// its bound is refused. Waits are observed through IsWaiting, never slept.

#include "server/store/etcd/local_row_locks.h"

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "server/store/conflict.h"

namespace cordon::store {
namespace local_row_locks_test {

using Mode = LocalRowLocks::Mode;
using Owner = LocalRowLocks::Owner;

// Longer than any test's ctest timeout: a wait that should have been
// refused at once hangs the test instead of passing late.
constexpr std::chrono::milliseconds kLongWait = std::chrono::hours(1);

// Asks for the lock on another thread and returns once the request waits.
std::future<absl::Status> AcquireWaiting(LocalRowLocks& locks, Owner owner,
                                         const std::string& key, Mode mode) {
  std::future<absl::Status> result = std::async(
      std::launch::async,
      [&locks, owner, key, mode] { return locks.Acquire(owner, key, mode); });
  while (!locks.IsWaiting(owner)) std::this_thread::yield();
  return result;
}

// A table with no practical bound and three transactions.
class LocalRowLocksTest : public ::testing::Test {
 protected:
  LocalRowLocks locks{kLongWait};
  const Owner a = locks.NewOwner(), b = locks.NewOwner(), c = locks.NewOwner();
};

TEST_F(LocalRowLocksTest, Iso2AnExclusiveRequestWaitsForEverySharer) {
  ASSERT_TRUE(locks.Acquire(a, "row", Mode::kShared).ok());
  ASSERT_TRUE(locks.Acquire(b, "row", Mode::kShared).ok());
  std::future<absl::Status> writer =
      AcquireWaiting(locks, c, "row", Mode::kExclusive);
  locks.ReleaseAll(a);
  EXPECT_TRUE(locks.IsWaiting(c));  // b still shares it
  locks.ReleaseAll(b);
  EXPECT_TRUE(writer.get().ok());
  EXPECT_FALSE(locks.IsWaiting(c));
}

TEST_F(LocalRowLocksTest, Iso2ASharerWaitsForTheWriterAndOtherRowsAreFree) {
  ASSERT_TRUE(locks.Acquire(a, "row", Mode::kExclusive).ok());
  EXPECT_TRUE(locks.Acquire(b, "other row", Mode::kExclusive).ok());
  std::future<absl::Status> reader =
      AcquireWaiting(locks, b, "row", Mode::kShared);
  locks.ReleaseAll(a);
  EXPECT_TRUE(reader.get().ok());
}

TEST_F(LocalRowLocksTest, AHolderAsksAgainAndASoleSharerUpgrades) {
  ASSERT_TRUE(locks.Acquire(a, "row", Mode::kShared).ok());
  EXPECT_TRUE(locks.Acquire(a, "row", Mode::kShared).ok());
  EXPECT_TRUE(locks.Acquire(a, "row", Mode::kExclusive).ok());
  EXPECT_TRUE(locks.Acquire(a, "row", Mode::kShared).ok());
  std::future<absl::Status> other =
      AcquireWaiting(locks, b, "row", Mode::kShared);
  locks.ReleaseAll(a);  // one release frees every lock a took on the row
  EXPECT_TRUE(other.get().ok());
}

// Two writers locking two rows in opposite orders (a send and the worker
// recording an outcome), and two sharers of a row both asking to update it.
// (A sharer granted after a waiter began waiting is the next test.)
TEST(LocalRowLocksCycleTest,
     Iso2ACycleOfWaitsIsRefusedAtOnceAndTheOtherGoesOn) {
  struct Cycle {
    std::string first_row, second_row;
    Mode held;
  };
  for (const Cycle& cycle : {Cycle{"identity", "isolation", Mode::kExclusive},
                             Cycle{"row", "row", Mode::kShared}}) {
    SCOPED_TRACE(cycle.first_row + " then " + cycle.second_row);
    LocalRowLocks locks(kLongWait);
    const Owner a = locks.NewOwner(), b = locks.NewOwner();
    ASSERT_TRUE(locks.Acquire(a, cycle.first_row, cycle.held).ok());
    ASSERT_TRUE(locks.Acquire(b, cycle.second_row, cycle.held).ok());
    std::future<absl::Status> first =
        AcquireWaiting(locks, a, cycle.second_row, Mode::kExclusive);
    // b closing the cycle is refused without waiting, however long the
    // bound.
    EXPECT_TRUE(
        IsConflict(locks.Acquire(b, cycle.first_row, Mode::kExclusive)));
    locks.ReleaseAll(b);  // its transaction ends, as store::Transact does
    EXPECT_TRUE(first.get().ok());
  }
}

// a waits on b's share of "row"; c shares it after a began waiting, so c
// blocks a too, and c asking for what a holds closes a cycle.
TEST_F(LocalRowLocksTest, Iso2ASharerGrantedAfterAWaitBeganIsInTheCycle) {
  ASSERT_TRUE(locks.Acquire(b, "row", Mode::kShared).ok());
  ASSERT_TRUE(locks.Acquire(a, "identity", Mode::kExclusive).ok());
  std::future<absl::Status> first =
      AcquireWaiting(locks, a, "row", Mode::kExclusive);
  ASSERT_TRUE(locks.Acquire(c, "row", Mode::kShared).ok());
  EXPECT_TRUE(IsConflict(locks.Acquire(c, "identity", Mode::kExclusive)));
  locks.ReleaseAll(c);
  locks.ReleaseAll(b);
  EXPECT_TRUE(first.get().ok());
}

TEST(LocalRowLocksBoundTest, AWaitPastItsBoundIsAConflict) {
  LocalRowLocks locks(std::chrono::milliseconds(1));
  const Owner a = locks.NewOwner(), b = locks.NewOwner();
  ASSERT_TRUE(locks.Acquire(a, "row", Mode::kExclusive).ok());
  EXPECT_TRUE(IsConflict(locks.Acquire(b, "row", Mode::kShared)));
  EXPECT_FALSE(locks.IsWaiting(b));
  locks.ReleaseAll(a);
  EXPECT_TRUE(locks.Acquire(b, "row", Mode::kExclusive).ok());
}

}  // namespace local_row_locks_test
}  // namespace cordon::store
