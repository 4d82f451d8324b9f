#include "server/store/etcd/etcd_client.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "server/store/storage_fault.h"

namespace cordon::store {
namespace {

// Messages for which a write certainly was not applied: the member could
// not be reached at all, or it had no leader to propose to.
bool NeverSent(const grpc::Status& status) {
  const std::string& message = status.error_message();
  return absl::StrContains(message, "no leader") ||
         absl::StrContains(message, "failed to connect") ||
         absl::StrContains(message, "Connection refused") ||
         absl::StrContains(message, "DNS resolution failed");
}

absl::Status Refused(absl::string_view what, absl::string_view setting) {
  return absl::FailedPreconditionError(
      absl::StrCat("the storage cluster refused a transaction ", what,
                   ": raise etcd's ", setting, " (docs/scale-out.md)"));
}

}  // namespace

absl::Status FromEtcd(const grpc::Status& status, bool write) {
  const std::string& message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return absl::OkStatus();
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return StorageUnavailableError(write && !NeverSent(status)
                                         ? StorageFault::kOutcomeUnknown
                                         : StorageFault::kClusterUnavailable);
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      if (absl::StrContains(message, "database space exceeded")) {
        return absl::ResourceExhaustedError(
            "the storage cluster's database is full (etcd's "
            "--quota-backend-bytes); nothing was changed");
      }
      if (absl::StrContains(message, "too many requests")) {
        // etcd sheds load before proposing: nothing was written.
        return StorageUnavailableError(StorageFault::kClusterUnavailable);
      }
      return Refused("larger than a gRPC message may be",
                     "--max-request-bytes");
    case grpc::StatusCode::UNKNOWN:
      if (absl::StrContains(message, "proposal dropped")) {
        return StorageUnavailableError(StorageFault::kClusterUnavailable);
      }
      break;
    case grpc::StatusCode::OUT_OF_RANGE:
      if (absl::StrContains(message, "compacted")) {
        // A read at a revision etcd has compacted away (EtcdDatabase::Scan
        // reads on from the newest).
        return absl::OutOfRangeError(
            "the storage cluster compacted the "
            "revision a scan was reading");
      }
      break;
    case grpc::StatusCode::INVALID_ARGUMENT:
      if (absl::StrContains(message, "too many operations")) {
        return Refused("of too many operations", "--max-txn-ops");
      }
      if (absl::StrContains(message, "too large")) {
        return Refused("larger than it accepts", "--max-request-bytes");
      }
      break;
    default:
      break;
  }
  return absl::InternalError(absl::StrCat("the storage cluster answered ",
                                          static_cast<int>(status.error_code()),
                                          ": ", message));
}

bool WorthAnotherMember(const grpc::Status& status, bool write) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return !write || NeverSent(status);
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::StrContains(status.error_message(), "too many requests");
    default:
      return false;
  }
}

EtcdClient::EtcdClient(EtcdClientOptions options)
    : options_(std::move(options)) {
  for (const std::string& address : options_.endpoints) {
    std::shared_ptr<grpc::ChannelCredentials> credentials =
        options_.credentials != nullptr ? options_.credentials
                                        : grpc::InsecureChannelCredentials();
    grpc::ChannelArguments arguments;
    // A page of large rows may pass gRPC's default 4 MiB; etcd's own
    // request limit bounds what can be stored.
    arguments.SetMaxReceiveMessageSize(-1);
    // A member that stops answering without closing the connection (a
    // frozen machine, a partition) must not hold a Watch stream for ever:
    // pings find it out. etcd refuses pings more often than every 5 s
    // (its --grpc-keepalive-min-time), so every 10 s, each answered
    // within 5 s, however long the stream carries no data.
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
    arguments.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
    std::shared_ptr<grpc::Channel> channel =
        grpc::CreateCustomChannel(address, std::move(credentials), arguments);
    members_.push_back({address, etcdserverpb::KV::NewStub(channel),
                        etcdserverpb::Lease::NewStub(channel),
                        etcdserverpb::Watch::NewStub(channel)});
  }
}

template <typename Response, typename Call>
absl::StatusOr<Response> EtcdClient::CallEachMember(
    bool write, std::chrono::milliseconds timeout, const Call& call) const {
  const size_t first = current_.load();
  grpc::Status status;
  for (size_t attempt = 0; attempt < members_.size(); ++attempt) {
    const size_t at = (first + attempt) % members_.size();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    Response response;
    status = call(members_[at], &context, &response);
    if (status.ok()) {
      current_.store(at);
      return response;
    }
    NoteFailure(members_[at], status);
    // The next call starts at the next member, whatever happens to this
    // one: a member that timed out may be partitioned away.
    current_.store((at + 1) % members_.size());
    if (!WorthAnotherMember(status, write)) break;
  }
  return FromEtcd(status, write);
}

template <typename Response, typename Call>
absl::StatusOr<Response> EtcdClient::CallMembers(
    bool write, std::chrono::milliseconds timeout, const Call& call) const {
  return CallEachMember<Response>(
      write, timeout,
      [&](const Member& member, grpc::ClientContext* context,
          Response* response) { return call(*member.kv, context, response); });
}

void EtcdClient::NoteFailure(const Member& member,
                             const grpc::Status& status) const {
  std::lock_guard<std::mutex> lock(failure_mu_);
  last_failure_ = absl::StrCat(member.address, ": ", status.error_message());
}

std::string EtcdClient::LastFailure() const {
  std::lock_guard<std::mutex> lock(failure_mu_);
  return last_failure_;
}

std::unique_ptr<EtcdClient::WatchStream> EtcdClient::OpenWatch(
    size_t member, grpc::ClientContext* context) const {
  return members_[member % members_.size()].watch->Watch(context);
}

const std::string& EtcdClient::current_endpoint() const {
  return members_[current_.load() % members_.size()].address;
}

absl::StatusOr<etcdserverpb::RangeResponse> EtcdClient::Range(
    const etcdserverpb::RangeRequest& request,
    std::optional<std::chrono::milliseconds> timeout) const {
  return CallMembers<etcdserverpb::RangeResponse>(
      /*write=*/false, timeout.value_or(options_.call_timeout),
      [&](etcdserverpb::KV::Stub& kv, grpc::ClientContext* context,
          etcdserverpb::RangeResponse* response) {
        return kv.Range(context, request, response);
      });
}

absl::StatusOr<etcdserverpb::TxnResponse> EtcdClient::Txn(
    const etcdserverpb::TxnRequest& request) const {
  return CallMembers<etcdserverpb::TxnResponse>(
      /*write=*/true, options_.call_timeout,
      [&](etcdserverpb::KV::Stub& kv, grpc::ClientContext* context,
          etcdserverpb::TxnResponse* response) {
        return kv.Txn(context, request, response);
      });
}

absl::StatusOr<etcdserverpb::LeaseGrantResponse> EtcdClient::LeaseGrant(
    int64_t ttl_seconds, std::chrono::milliseconds timeout) const {
  etcdserverpb::LeaseGrantRequest request;
  request.set_ttl(ttl_seconds);
  return CallEachMember<etcdserverpb::LeaseGrantResponse>(
      /*write=*/true, timeout,
      [&](const Member& member, grpc::ClientContext* context,
          etcdserverpb::LeaseGrantResponse* response) {
        return member.lease->LeaseGrant(context, request, response);
      });
}

absl::Status EtcdClient::LeaseRevoke(int64_t lease,
                                     std::chrono::milliseconds timeout) const {
  etcdserverpb::LeaseRevokeRequest request;
  request.set_id(lease);
  return CallEachMember<etcdserverpb::LeaseRevokeResponse>(
             /*write=*/true, timeout,
             [&](const Member& member, grpc::ClientContext* context,
                 etcdserverpb::LeaseRevokeResponse* response) {
               return member.lease->LeaseRevoke(context, request, response);
             })
      .status();
}

absl::StatusOr<int64_t> EtcdClient::LeaseKeepAlive(
    int64_t lease, std::chrono::milliseconds timeout) const {
  etcdserverpb::LeaseKeepAliveRequest request;
  request.set_id(lease);
  absl::StatusOr<etcdserverpb::LeaseKeepAliveResponse> answer =
      CallEachMember<etcdserverpb::LeaseKeepAliveResponse>(
          /*write=*/false, timeout,
          [&](const Member& member, grpc::ClientContext* context,
              etcdserverpb::LeaseKeepAliveResponse* response) {
            auto stream = member.lease->LeaseKeepAlive(context);
            if (!stream->Write(request) || !stream->Read(response)) {
              stream->WritesDone();
              grpc::Status status = stream->Finish();
              return status.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                                "keepalive stream ended")
                                 : status;
            }
            // One answer is all this call wants: end the stream.
            stream->WritesDone();
            context->TryCancel();
            stream->Finish().ok();  // CANCELLED, as asked
            return grpc::Status::OK;
          });
  if (!answer.ok()) return answer.status();
  return answer->ttl();
}

}  // namespace cordon::store
