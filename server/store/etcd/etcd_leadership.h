#ifndef CORDON_SERVER_STORE_ETCD_ETCD_LEADERSHIP_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_LEADERSHIP_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/store/etcd/etcd_database.h"
#include "server/store/etcd/etcd_watch.h"
#include "server/store/leadership.h"

namespace cordon::store {

struct EtcdLeadershipOptions {
  // The lease's time to live: a leader that stops renewing it (killed, cut
  // off) loses the lead this long after its last renewal at most.
  std::chrono::seconds ttl{5};
  // Written as the leader key's value: who leads, for operators.
  std::string identity;
};

// The worker's election among the servers sharing one etcd cluster
// (issue 15): whoever creates the leader key (EtcdDatabase::leader_key) on
// a lease of its own leads; the key's create revision is the term, which
// fenced commits compare (Transaction::FenceWith). One thread renews the
// lease and checks the key every third of the TTL, and campaigns as often
// while another leads, and at once when a Watch sees the key change.
//
// Holds(term) turns false before etcd can expire the lease: its deadline
// counts from when the last renewal that etcd answered was *sent*, less a
// margin (a fifth of the TTL, at least 500 ms), and etcd counts from when
// it received it. A leader whose key is gone, or whose renewal etcd
// refuses, is deposed at once. Stop gives the lead up (the key deleted,
// the lease revoked), so a follower takes over at once instead of waiting
// for the lease to expire.
class EtcdLeadership final : public Leadership {
 public:
  EtcdLeadership(const EtcdDatabase* db, EtcdLeadershipOptions options);
  ~EtcdLeadership() override;
  EtcdLeadership(const EtcdLeadership&) = delete;
  EtcdLeadership& operator=(const EtcdLeadership&) = delete;

  void Start(std::function<void(LeaderTerm)> elected,
             std::function<void(LeaderTerm)> deposed) override;
  void Stop() override;
  bool Holds(LeaderTerm term) const override;

 private:
  using Steady = std::chrono::steady_clock;

  void Run();
  // Not leading: renews (or grants) our lease and tries to create the key.
  void Campaign();
  // Leading: renews the lease and checks the key is still ours.
  void Renew();
  void Depose();
  // Gives the lead up at Stop: the key deleted if still ours, the lease
  // revoked.
  void GiveUp();
  // Renews our lease (or grants one when we have none or it is gone); the
  // deadline moves on success. False when there is no live lease.
  bool KeepLease();
  // The time one lease or leadership call may take on one member.
  std::chrono::milliseconds CallBound() const;

  const EtcdDatabase* const db_;
  const EtcdLeadershipOptions options_;
  const Steady::duration margin_;
  std::function<void(LeaderTerm)> elected_;
  std::function<void(LeaderTerm)> deposed_;

  // Owned by the thread.
  int64_t lease_ = 0;
  LeaderTerm term_;
  Steady::time_point lease_deadline_;

  // What Holds reads.
  std::atomic<int64_t> held_term_{0};
  std::atomic<int64_t> deadline_ns_{0};  // steady clock, since its epoch

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  bool woken_ = false;     // guarded by mu_: the leader key changed
  std::thread thread_;
  // Wakes the thread whenever the leader key changes: a follower campaigns
  // as soon as the key is deleted (a lease expired, a leader stopped), and
  // a leader whose key was taken learns it at once. The period's checks
  // stay, for a Watch that is down.
  std::unique_ptr<EtcdWatch> leader_changes_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_LEADERSHIP_H_
