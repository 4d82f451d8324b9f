// Issue 12: the event log's cursors. The head never passes a commit that
// has not finished, so a reader bounded by it cannot see cursor N+1 while N
// may still appear (a resuming client would miss N); cursors are reserved
// durably before use, so none is handed out twice across restarts.

#include "server/store/rocks/event_sequencer.h"

#include <vector>

#include "gtest/gtest.h"

namespace cordon::store {
namespace event_sequencer_test {

class EventSequencerTest : public ::testing::Test {
 protected:
  EventSequencer sequencer_{1, 10, [this](uint64_t limit) {
                              persisted_.push_back(limit);
                              return persist_status_;
                            }};
  std::vector<uint64_t> persisted_;
  absl::Status persist_status_;
};

// A new log's head is 1, never 0: WatchEventsRequest.after_cursor 0 means
// "from now on", so a client resuming after an empty log's BOOKMARK would
// otherwise skip what was committed while it was away.
TEST_F(EventSequencerTest, AnEmptyLogsHeadIsNeverTheFromNowCursor) {
  EXPECT_EQ(sequencer_.Head(), 1);
  EXPECT_EQ(*sequencer_.Reserve(1), EventSequencer::kFirstCursor);
}

TEST_F(EventSequencerTest, HeadWaitsForTheEarliestUnfinishedCommit) {
  const uint64_t a = *sequencer_.Reserve(2);  // cursors 2, 3
  const uint64_t b = *sequencer_.Reserve(1);  // cursor 4
  EXPECT_EQ(a, 2u);
  EXPECT_EQ(b, 4u);
  sequencer_.Finish(b);  // 4 committed first: not visible while 2-3 run
  EXPECT_EQ(sequencer_.Head(), 1);
  sequencer_.Finish(a);
  EXPECT_EQ(sequencer_.Head(), 4);
}

// A failed commit finishes too: its cursors are a hole the head steps over.
TEST_F(EventSequencerTest, AFailedCommitLeavesAHoleTheHeadStepsOver) {
  const uint64_t failed = *sequencer_.Reserve(1);
  const uint64_t next = *sequencer_.Reserve(1);
  sequencer_.Finish(next);
  sequencer_.Finish(failed);
  EXPECT_EQ(sequencer_.Head(), 3);
}

TEST_F(EventSequencerTest, CursorsAreReservedDurablyBeforeUse) {
  ASSERT_TRUE(sequencer_.Reserve(1).ok());
  ASSERT_EQ(persisted_.size(), 1u);
  EXPECT_GE(persisted_[0], 3u);  // cursor 2 is below the persisted limit
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(sequencer_.Reserve(1).ok());
  EXPECT_EQ(persisted_.size(), 1u);  // one synced write per block

  persist_status_ = absl::InternalError("disk full");
  absl::StatusOr<uint64_t> refused = sequencer_.Reserve(20);
  EXPECT_FALSE(refused.ok());
}

// After a restart the sequencer starts at the persisted limit: above
// every cursor the previous run handed out, even one a bookmark showed.
TEST_F(EventSequencerTest, ARestartStartsAboveEveryEarlierCursor) {
  EventSequencer restarted(11, 10, [](uint64_t) { return absl::OkStatus(); });
  EXPECT_EQ(restarted.Head(), 10);
  EXPECT_EQ(*restarted.Reserve(1), 11u);
}

TEST_F(EventSequencerTest, TheListenerHearsEachAdvance) {
  std::vector<int64_t> heads;
  sequencer_.SetListener([&](int64_t head) { heads.push_back(head); });
  const uint64_t a = *sequencer_.Reserve(1);
  const uint64_t b = *sequencer_.Reserve(1);
  sequencer_.Finish(b);
  sequencer_.Finish(a);
  EXPECT_EQ(heads, std::vector<int64_t>({3}));
}

}  // namespace event_sequencer_test
}  // namespace cordon::store
