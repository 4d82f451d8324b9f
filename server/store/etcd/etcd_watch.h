#ifndef CORDON_SERVER_STORE_ETCD_ETCD_WATCH_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_WATCH_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "etcd/mvcc/mvccpb/kv.pb.h"
#include "server/store/etcd/etcd_client.h"

namespace cordon::store {

// Follows every change to the keys in [key, range_end) through an etcd
// Watch stream, on a thread of its own, from construction until
// destruction (issue 15: a replica learns at once what another one
// committed, without polling).
//
// `on_change(events)` is called on that thread with each batch of changes,
// in revision order, every change exactly once even across a member's loss:
// the stream is opened again on the next member from the revision after the
// last one delivered (etcd's progress notices move it on while the range is
// quiet). Only when etcd has compacted that revision away are changes
// lost; `on_change` is then called with no events, meaning "anything may
// have changed: read again". A member that stops answering without closing
// the connection is noticed by gRPC keepalive pings within about 15 s; one
// that lost its cluster's leader ends the stream itself.
class EtcdWatch {
 public:
  using OnChange = std::function<void(const std::vector<mvccpb::Event>&)>;

  // Changes from revision `from_revision` on; 0: from when the first
  // stream opens (live()). `client` outlives the watch. `on_change` must
  // not destroy the watch.
  EtcdWatch(const EtcdClient* client, std::string key, std::string range_end,
            int64_t from_revision, OnChange on_change);
  ~EtcdWatch();

  EtcdWatch(const EtcdWatch&) = delete;
  EtcdWatch& operator=(const EtcdWatch&) = delete;

  // True while a stream is open and etcd has confirmed it: changes arrive
  // as they are committed. False before the first stream, and between a
  // stream's end and the next.
  bool live() const { return live_.load(); }

 private:
  void Run();
  // One stream on `member`, until it ends or the watch is stopped; what it
  // learned is kept in next_revision_. True when it served (delivered
  // something, or lasted a second): the next one may start at once.
  bool Follow(size_t member);
  // Waits `delay` or until the watch is stopped; false once stopped.
  bool Pause(std::chrono::milliseconds delay);

  const EtcdClient* const client_;
  const std::string key_;
  const std::string range_end_;
  const OnChange on_change_;
  // The first revision the next stream asks for; 0: from now. Touched
  // only by the watch's thread.
  int64_t next_revision_;
  std::atomic<bool> live_{false};

  std::mutex mu_;
  std::condition_variable stopped_;
  bool stopping_ = false;                // guarded by mu_
  grpc::ClientContext* open_ = nullptr;  // the stream's, guarded by mu_
  std::thread thread_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_WATCH_H_
