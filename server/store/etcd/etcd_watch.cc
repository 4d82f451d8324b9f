#include "server/store/etcd/etcd_watch.h"

#include <algorithm>
#include <utility>

namespace cordon::store {
namespace {

// How long the watch waits before opening a stream again after one ended:
// doubled after each stream etcd did not confirm, up to the cap.
constexpr std::chrono::milliseconds kFirstRetry{50};
constexpr std::chrono::milliseconds kLastRetry{1000};

}  // namespace

EtcdWatch::EtcdWatch(const EtcdClient* client, std::string key,
                     std::string range_end, int64_t from_revision,
                     OnChange on_change)
    : client_(client),
      key_(std::move(key)),
      range_end_(std::move(range_end)),
      on_change_(std::move(on_change)),
      next_revision_(from_revision),
      thread_([this] { Run(); }) {}

EtcdWatch::~EtcdWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    // Ends a stream that waits for changes; one not yet started is
    // cancelled as soon as it starts.
    if (open_ != nullptr) open_->TryCancel();
  }
  stopped_.notify_all();
  thread_.join();
}

void EtcdWatch::Run() {
  size_t member = client_->current_member();
  std::chrono::milliseconds retry = kFirstRetry;
  while (true) {
    const bool served = Follow(member);
    live_ = false;
    // The next stream goes to the next member: this one may be gone.
    ++member;
    retry = served ? kFirstRetry : std::min(retry * 2, kLastRetry);
    if (!Pause(retry)) return;
  }
}

bool EtcdWatch::Follow(size_t member) {
  grpc::ClientContext context;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    open_ = &context;
  }
  // A member cut off from its cluster's leader still answers pings but
  // hears of no change: asked so (what etcd's own client calls
  // WithRequireLeader), it ends the stream instead.
  context.AddMetadata("hasleader", "true");
  std::unique_ptr<EtcdClient::WatchStream> stream =
      client_->OpenWatch(member, &context);
  etcdserverpb::WatchRequest request;
  etcdserverpb::WatchCreateRequest* create = request.mutable_create_request();
  create->set_key(key_);
  create->set_range_end(range_end_);
  create->set_start_revision(next_revision_);
  // A quiet range's next_revision_ would otherwise stay where its last
  // change left it, soon compacted away (see Follow's notices).
  create->set_progress_notify(true);
  const auto opened = std::chrono::steady_clock::now();
  bool delivered = false;
  etcdserverpb::WatchResponse response;
  if (stream->Write(request)) {
    while (stream->Read(&response)) {
      if (response.compact_revision() != 0) {
        // The changes from next_revision_ to the compaction are gone:
        // not live until the next stream (from the oldest revision etcd
        // keeps), and the owner reads again.
        live_ = false;
        next_revision_ = response.compact_revision();
        on_change_({});
        delivered = true;
        break;
      }
      if (response.canceled()) break;
      if (response.created()) {
        if (next_revision_ == 0) {
          next_revision_ = response.header().revision() + 1;
        }
        live_ = true;
        continue;
      }
      if (response.events_size() == 0) {
        // A progress notice: every change up to its revision was sent.
        next_revision_ =
            std::max(next_revision_, response.header().revision() + 1);
        continue;
      }
      std::vector<mvccpb::Event> events(response.events().begin(),
                                        response.events().end());
      next_revision_ = events.back().kv().mod_revision() + 1;
      on_change_(events);
      delivered = true;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = nullptr;
  }
  context.TryCancel();
  stream->Finish().ok();  // CANCELLED or the member's failure: both end it
  // A stream that served for a while (or told something) is retried at
  // once; one refused again and again (an expired certificate) backs off.
  return delivered ||
         std::chrono::steady_clock::now() - opened >= std::chrono::seconds(1);
}

bool EtcdWatch::Pause(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mu_);
  stopped_.wait_for(lock, delay, [this] { return stopping_; });
  return !stopping_;
}

}  // namespace cordon::store
