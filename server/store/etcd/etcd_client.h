#ifndef CORDON_SERVER_STORE_ETCD_ETCD_CLIENT_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"
#include "grpcpp/security/credentials.h"

namespace cordon::store {

struct EtcdClientOptions {
  // "host:port" of each member the client may talk to; at least one.
  std::vector<std::string> endpoints;
  // nullptr: plain HTTP/2 (a cluster on loopback); else TLS, with a client
  // certificate when the cluster requires one.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // How long one call to one member may take.
  std::chrono::milliseconds call_timeout{5000};
};

// etcd's KV service over gRPC, one channel per member. A call goes to the
// member that answered last; when it cannot be reached the call moves on to
// the next. Reads (linearizable: etcd confirms with a quorum that no newer
// write exists) are retried on every member in turn. A transaction is sent
// again only when it certainly was not applied (no member reachable, or
// the member had no leader); when it may have been (a timeout, a leader
// lost mid-call) the caller gets UNAVAILABLE kOutcomeUnknown and decides.
// Errors are Cordon's (store/storage_fault.h), naming no address.
class EtcdClient {
 public:
  explicit EtcdClient(EtcdClientOptions options);

  // `timeout` per member, options' call_timeout when unset.
  absl::StatusOr<etcdserverpb::RangeResponse> Range(
      const etcdserverpb::RangeRequest& request,
      std::optional<std::chrono::milliseconds> timeout = std::nullopt) const;
  absl::StatusOr<etcdserverpb::TxnResponse> Txn(
      const etcdserverpb::TxnRequest& request) const;

  // Leases (etcd's Lease service), for the worker's election
  // (EtcdLeadership). A grant is a write: sent again only when certainly
  // not applied (a lost one leaks a lease that expires by itself).
  // Each takes `timeout` per member: the election's calls must end well
  // within the lease's TTL, whatever the store's call_timeout.
  absl::StatusOr<etcdserverpb::LeaseGrantResponse> LeaseGrant(
      int64_t ttl_seconds, std::chrono::milliseconds timeout) const;
  absl::Status LeaseRevoke(int64_t lease,
                           std::chrono::milliseconds timeout) const;
  // One keepalive of `lease` on a short stream of its own: the TTL etcd
  // gives it from now, 0 when the lease is gone.
  absl::StatusOr<int64_t> LeaseKeepAlive(
      int64_t lease, std::chrono::milliseconds timeout) const;

  // A Watch stream (etcd's Watch service) on member `member` (an index
  // into the endpoints, taken modulo their number), for EtcdWatch; it ends
  // when `context` is cancelled.
  using WatchStream = grpc::ClientReaderWriter<etcdserverpb::WatchRequest,
                                               etcdserverpb::WatchResponse>;
  std::unique_ptr<WatchStream> OpenWatch(size_t member,
                                         grpc::ClientContext* context) const;
  // The member the next call goes to first: the one that answered last.
  size_t current_member() const { return current_.load(); }

  // The "host:port" a call went to last (for logs and tests).
  const std::string& current_endpoint() const;
  // The last failure as gRPC told it, with the member's address: for the
  // operator's error at start-up (a refused certificate, a wrong port),
  // never for clients.
  std::string LastFailure() const;

 private:
  struct Member {
    std::string address;
    std::unique_ptr<etcdserverpb::KV::Stub> kv;
    std::unique_ptr<etcdserverpb::Lease::Stub> lease;
    std::unique_ptr<etcdserverpb::Watch::Stub> watch;
  };

  // Runs `call(stub, context, response)` on the current member, then on
  // the others in turn while WorthAnotherMember.
  template <typename Response, typename Call>
  absl::StatusOr<Response> CallMembers(bool write,
                                       std::chrono::milliseconds timeout,
                                       const Call& call) const;
  // The same with the whole Member, for the Lease service.
  template <typename Response, typename Call>
  absl::StatusOr<Response> CallEachMember(bool write,
                                          std::chrono::milliseconds timeout,
                                          const Call& call) const;

  void NoteFailure(const Member& member, const grpc::Status& status) const;

  const EtcdClientOptions options_;
  mutable std::mutex failure_mu_;
  mutable std::string last_failure_;  // guarded by failure_mu_
  std::vector<Member> members_;
  mutable std::atomic<size_t> current_{0};
};

// How etcd's answer to a call maps onto Cordon's errors (exposed for unit
// tests): kClusterUnavailable when the call certainly changed nothing,
// kOutcomeUnknown when a write may have been applied, a full database as
// RESOURCE_EXHAUSTED, a refused request (too many operations, too large) as
// FAILED_PRECONDITION naming the cluster setting to raise.
absl::Status FromEtcd(const grpc::Status& status, bool write);
// True when `status` (from FromEtcd) says another member may do better.
bool WorthAnotherMember(const grpc::Status& status, bool write);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_CLIENT_H_
