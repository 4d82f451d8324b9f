#include "simulator/seeded_group_executor.h"

#include <cstddef>
#include <cstdint>

namespace cordon::sim {

void SeededGroupExecutor::RunGroup(std::vector<engine::GroupTask> tasks) {
  // A half that may go next: task `index`'s perform, or its record once
  // performed. Kept in a stable order (swap-remove only moves the last
  // entry), so a draw picks the same half on every replay.
  struct Half {
    size_t index;
    bool record;
  };
  std::vector<Half> ready;
  ready.reserve(tasks.size());
  for (size_t i = 0; i < tasks.size(); ++i) ready.push_back({i, false});
  while (!ready.empty()) {
    const size_t pick = ready.size() == 1
                            ? 0
                            : static_cast<size_t>(random_->UniformInt(
                                  0, static_cast<int64_t>(ready.size()) - 1));
    const Half half = ready[pick];
    if (half.record) {
      ready[pick] = ready.back();
      ready.pop_back();
      tasks[half.index].record();
    } else {
      ready[pick].record = true;  // its record may go from now on
      tasks[half.index].perform();
    }
  }
}

}  // namespace cordon::sim
