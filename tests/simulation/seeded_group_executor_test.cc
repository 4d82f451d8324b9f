// The simulator runs the outbox worker with the server's parallelism, the
// seed choosing how the actions of a group interleave (DESIGN rule 3): each
// seed its own order of calls and finishes, each replayable.

#include "simulator/seeded_group_executor.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/engine/outbox/group_executor.h"
#include "simulator/random.h"

namespace cordon::sim {
namespace seeded_group_executor_test {

constexpr int kGroupSize = 8;  // the worker's production parallelism

// The halves as they ran: "p3" = task 3's call, "r3" = its record.
std::vector<std::string> RunOneGroup(uint64_t seed) {
  Random random(seed);
  SeededGroupExecutor executor(&random);
  std::vector<std::string> trace;
  std::vector<engine::GroupTask> tasks;
  for (int i = 0; i < kGroupSize; ++i) {
    tasks.push_back({[&trace, i] { trace.push_back(absl::StrCat("p", i)); },
                     [&trace, i] { trace.push_back(absl::StrCat("r", i)); }});
  }
  executor.RunGroup(std::move(tasks));
  return trace;
}

// Where each half ran, by name.
int PositionOf(const std::vector<std::string>& trace, const std::string& half) {
  for (size_t i = 0; i < trace.size(); ++i) {
    if (trace[i] == half) return static_cast<int>(i);
  }
  return -1;
}

// DESIGN rule 3: a seed replays its interleaving; every task is performed
// once, and recorded once after its call.
TEST(SeededGroupExecutorTest, EachSeedReplaysAnInterleavingOfEveryTask) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const std::vector<std::string> trace = RunOneGroup(seed);
    EXPECT_EQ(trace, RunOneGroup(seed)) << "seed " << seed;
    ASSERT_EQ(trace.size(), 2u * kGroupSize);
    for (int i = 0; i < kGroupSize; ++i) {
      const int performed = PositionOf(trace, absl::StrCat("p", i));
      const int recorded = PositionOf(trace, absl::StrCat("r", i));
      ASSERT_GE(performed, 0);
      EXPECT_GT(recorded, performed) << "seed " << seed << " task " << i;
    }
  }
}

// The order in which a group's actions call out (run order) and the order in
// which their outcomes are written (finish order) both depend on the seed,
// and a finish can overtake another's call: interleavings the server's
// threads produce, not only the one-at-a-time order of parallelism 1.
TEST(SeededGroupExecutorTest, DifferentSeedsRunAndFinishInDifferentOrders) {
  std::set<std::vector<int>> run_orders;
  std::set<std::vector<int>> finish_orders;
  int finish_differs_from_run = 0;
  int record_before_some_call = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const std::vector<std::string> trace = RunOneGroup(seed);
    std::vector<int> run;
    std::vector<int> finish;
    for (const std::string& half : trace) {
      (half[0] == 'p' ? run : finish).push_back(std::stoi(half.substr(1)));
    }
    run_orders.insert(run);
    finish_orders.insert(finish);
    finish_differs_from_run += finish != run;
    record_before_some_call +=
        PositionOf(trace, absl::StrCat("r", finish.front())) <
        PositionOf(trace, absl::StrCat("p", run.back()));
  }
  EXPECT_GE(run_orders.size(), 18u);
  EXPECT_GE(finish_orders.size(), 18u);
  EXPECT_GE(finish_differs_from_run, 15);
  EXPECT_GE(record_before_some_call, 5);
}

// A group of one has nothing to choose: it draws nothing, so runs that
// never have two actions due together keep their random stream.
TEST(SeededGroupExecutorTest, GroupOfOneDrawsNothing) {
  Random used(9);
  Random fresh(9);
  SeededGroupExecutor executor(&used);
  int halves = 0;
  std::vector<engine::GroupTask> tasks;
  tasks.push_back({[&] { ++halves; }, [&] { ++halves; }});
  executor.RunGroup(std::move(tasks));
  EXPECT_EQ(halves, 2);
  EXPECT_EQ(used.NextUint64(), fresh.NextUint64());
}

}  // namespace seeded_group_executor_test
}  // namespace cordon::sim
