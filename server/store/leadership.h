#ifndef CORDON_SERVER_STORE_LEADERSHIP_H_
#define CORDON_SERVER_STORE_LEADERSHIP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"

namespace cordon::store {

// One term of leadership among the servers that share one store (issue
// 15). Numbers increase strictly from term to term (etcd: the create
// revision of the leader key). 0: no term, so no fence.
struct LeaderTerm {
  int64_t number = 0;
};

// Who, among the servers sharing one store, runs the background work: the
// outbox worker, and with it every timer. At most one term holds at a time.
class Leadership {
 public:
  virtual ~Leadership() = default;
  // Starts campaigning. `elected(term)` runs once this process leads;
  // `deposed(term)` once it must stop acting for that term (lease lost,
  // the leader key gone, Stop). They alternate, never run concurrently,
  // and must return quickly.
  virtual void Start(std::function<void(LeaderTerm)> elected,
                     std::function<void(LeaderTerm)> deposed) = 0;
  // Stops campaigning; when leading, calls deposed() and gives the term up
  // at once, so another server need not wait for it to expire.
  virtual void Stop() = 0;
  // True while `term` certainly still holds: no other server can lead yet.
  // The worker asks before each call to the outside world.
  virtual bool Holds(LeaderTerm term) const = 0;
};

// The one server of a store only it can open (RocksDB, the default): it
// leads with term 1 from Start to Stop.
class SoleLeadership final : public Leadership {
 public:
  void Start(std::function<void(LeaderTerm)> elected,
             std::function<void(LeaderTerm)> deposed) override;
  void Stop() override;
  bool Holds(LeaderTerm term) const override;

 private:
  std::function<void(LeaderTerm)> deposed_;
  std::atomic<bool> leading_{false};
};

// A commit fenced with a term that has ended (Transaction::FenceWith):
// FAILED_PRECONDITION with the reason LEADERSHIP_LOST. Nothing was written.
// Not a conflict, so store::Transact does not run the body again: another
// server leads now, and it does the work.
absl::Status LeadershipLostError();
bool IsLeadershipLost(const absl::Status& status);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_LEADERSHIP_H_
