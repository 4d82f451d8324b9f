#ifndef CORDON_SIMULATOR_SEEDED_GROUP_EXECUTOR_H_
#define CORDON_SIMULATOR_SEEDED_GROUP_EXECUTOR_H_

#include <vector>

#include "server/engine/outbox/group_executor.h"
#include "simulator/random.h"

namespace cordon::sim {

// The outbox worker's group executor in a simulated run: the actions of a
// group are in flight together, as with the server's threads, but the run's
// seed decides the interleaving. It runs the halves of the tasks (perform:
// the call to the outside world; record: the write of its outcome) one at a
// time on the calling thread, each time picking one of the halves that may
// go next — any task's perform not yet run, or the record of a task already
// performed — with one draw from the run's Random. Every interleaving the
// server's threads can produce at these points is possible (all calls
// before any record, a record overtaking a call, finishes in any order),
// and a seed replays its own. A group of one draws nothing, so runs that
// never have two actions due together keep their random stream.
//
// Not modelled: interleavings inside one half (the two reads of the rule
// action go one after the other) and two writes contending for the same
// rows (each record commits before the next half starts).
class SeededGroupExecutor final : public engine::GroupExecutor {
 public:
  // `random` outlives the executor.
  explicit SeededGroupExecutor(Random* random) : random_(random) {}
  void RunGroup(std::vector<engine::GroupTask> tasks) override;

 private:
  Random* random_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SEEDED_GROUP_EXECUTOR_H_
