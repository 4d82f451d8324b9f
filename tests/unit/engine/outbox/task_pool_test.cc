#include "server/engine/outbox/task_pool.h"

#include <atomic>
#include <functional>
#include <vector>

#include "gtest/gtest.h"

namespace cordon::engine {
namespace task_pool_test {

TEST(TaskPoolTest, RunsEveryTaskOfEveryBatchAndReturnsWhenAllAreDone) {
  TaskPool pool(3);
  std::atomic<int> done{0};
  for (int batch = 0; batch < 50; ++batch) {
    std::vector<std::function<void()>> tasks;
    for (int i = 0; i < 7; ++i) tasks.emplace_back([&done] { ++done; });
    pool.RunAll(std::move(tasks));
    EXPECT_EQ(done.load(), (batch + 1) * 7);  // nothing still running
  }
}

TEST(TaskPoolTest, NeverRunsMoreTasksAtOnceThanItHasThreads) {
  TaskPool pool(2);
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i < 20; ++i) {
    tasks.emplace_back([&] {
      const int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      --running;
    });
  }
  pool.RunAll(std::move(tasks));
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(TaskPoolTest, AnEmptyBatchReturnsAtOnce) {
  TaskPool pool(1);
  pool.RunAll({});
}

}  // namespace task_pool_test
}  // namespace cordon::engine
