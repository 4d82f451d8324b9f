#include "cordon/client/watch.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>

#include "cordon/v1/event.grpc.pb.h"

namespace cordon::client {
namespace {

// Waits on `changed` until `ready` holds or `deadline` passes (an infinite
// deadline waits without a limit); whether `ready` holds.
template <typename Ready>
bool WaitUntil(std::condition_variable& changed,
               std::unique_lock<std::mutex>& lock, absl::Time deadline,
               Ready ready) {
  if (deadline == absl::InfiniteFuture()) {
    changed.wait(lock, ready);
    return true;
  }
  return changed.wait_until(lock, absl::ToChronoTime(deadline), ready);
}

}  // namespace

EventWatch::EventWatch(Client client, WatchOptions options)
    : client_(std::move(client)),
      options_(std::move(options)),
      stream_cursor_(options_.after_cursor),
      delivered_cursor_(options_.after_cursor) {
  thread_ = std::thread([this] { Run(); });
}

EventWatch::~EventWatch() {
  Cancel();
  thread_.join();
}

void EventWatch::Cancel() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    if (context_ != nullptr) context_->TryCancel();
  }
  changed_.notify_all();
}

int64_t EventWatch::cursor() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delivered_cursor_;
}

int EventWatch::reconnects() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reconnects_;
}

void EventWatch::Push(Entry entry) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entry.event.ok() && entry.adopt) {
      stream_cursor_ = std::max(stream_cursor_, entry.event->cursor());
    }
    queue_.push_back(std::move(entry));
  }
  changed_.notify_all();
}

absl::Status EventWatch::Stream(bool* received) {
  v1::WatchEventsRequest request;
  request.set_parent(options_.parent);
  request.set_organization(options_.organization);
  for (v1::Event::Type type : options_.types) request.add_types(type);
  grpc::ClientContext context;
  client_.PrepareContext(&context, absl::InfiniteFuture());
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancelled_) return absl::CancelledError("the watch was cancelled");
    request.set_after_cursor(stream_cursor_);
    context_ = &context;
  }
  request.set_from_oldest(options_.from_oldest && request.after_cursor() == 0);
  // The first bookmark is the head when the stream started; if older
  // events are still to be replayed, resuming from it would skip them.
  const bool replays = request.after_cursor() != 0 || request.from_oldest();
  v1::EventService::Stub stub(client_.channel());
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader =
      stub.WatchEvents(&context, request);
  v1::Event event;
  for (bool first = true; reader->Read(&event); first = false) {
    *received = true;
    const bool bookmark = event.type() == v1::Event::BOOKMARK;
    Push({event, !(bookmark && first && replays)});
  }
  absl::Status status = FromGrpcStatus(reader->Finish());
  std::lock_guard<std::mutex> lock(mu_);
  context_ = nullptr;
  if (cancelled_) return absl::CancelledError("the watch was cancelled");
  // The server never ends a watch by itself: an OK end is a lost stream.
  return status.ok() ? absl::UnavailableError("the event stream ended")
                     : status;
}

void EventWatch::Run() {
  Backoff backoff(options_.reconnect,
                  options_.seed != 0 ? options_.seed : std::random_device{}());
  int failures = 0;
  while (true) {
    bool received = false;
    absl::Status status = Stream(&received);
    if (received) {
      failures = 0;
      backoff.Reset();
    }
    const int limit = options_.reconnect.max_attempts;
    if (!absl::IsUnavailable(status) || (limit > 0 && ++failures >= limit)) {
      Push({status});
      return;
    }
    const absl::Duration wait = backoff.Next();
    std::unique_lock<std::mutex> lock(mu_);
    if (changed_.wait_for(lock, absl::ToChronoNanoseconds(wait),
                          [this] { return cancelled_; })) {
      continue;
    }
    ++reconnects_;
  }
}

absl::StatusOr<v1::Event> EventWatch::Next(absl::Time deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return ended_ || !queue_.empty();
  };
  while (true) {
    if (!WaitUntil(changed_, lock, deadline, ready)) {
      return absl::DeadlineExceededError("no event before the deadline");
    }
    if (ended_) return end_;
    Entry entry = std::move(queue_.front());
    queue_.pop_front();
    if (!entry.event.ok()) {
      ended_ = true;
      end_ = entry.event.status();
      return end_;
    }
    if (entry.adopt) {
      delivered_cursor_ = std::max(delivered_cursor_, entry.event->cursor());
    }
    if (entry.event->type() != v1::Event::BOOKMARK ||
        options_.deliver_bookmarks) {
      return entry.event;
    }
  }
}

absl::Status Watch(const Client& client, WatchOptions options,
                   absl::FunctionRef<bool(const v1::Event&)> on_event,
                   absl::Time deadline) {
  EventWatch watch(client, std::move(options));
  while (true) {
    absl::StatusOr<v1::Event> event = watch.Next(deadline);
    if (!event.ok()) return event.status();
    if (!on_event(*event)) return absl::OkStatus();
  }
}

}  // namespace cordon::client
