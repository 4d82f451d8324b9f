#ifndef CORDON_CLIENT_WATCH_H_
#define CORDON_CLIENT_WATCH_H_

// Following Cordon's event stream (EventService.WatchEvents) without
// missing anything: the watch remembers the last cursor it received and,
// when the stream breaks (UNAVAILABLE, a server restart), reconnects after
// a backoff with after_cursor set, so the server replays what happened in
// between. A cursor older than the server's retention ends the watch with
// OUT_OF_RANGE; OldestCursor(status) (errors.h) says where to start over.
//
//   EventWatch watch(client, {.parent = "accounts/7"});
//   while (true) {
//     absl::StatusOr<v1::Event> event = watch.Next(absl::Now() +
//     absl::Minutes(1)); if (absl::IsDeadlineExceeded(event.status()))
//     continue;  // quiet minute if (!event.ok()) break; // the end
//     Handle(*event);
//   }

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/client/client.h"
#include "cordon/v1/event.pb.h"

namespace cordon::client {

struct WatchOptions {
  // accounts/{a}, or accounts/- for every account (SOC analysts).
  std::string parent;
  // Only this organization's events (accounts/{a}/organizations/{o}).
  std::string organization;
  // Only these types; empty for all.
  std::vector<v1::Event::Type> types;
  // Resume after this cursor (0: from now on, unless from_oldest).
  int64_t after_cursor = 0;
  // Replay every retained event first.
  bool from_oldest = false;
  // Also deliver BOOKMARK events (the first one says the stream is live).
  bool deliver_bookmarks = false;
  // Reconnect backoff. max_attempts bounds the reconnects in a row that
  // receive nothing; 0 reconnects for ever.
  RetryPolicy reconnect{.max_attempts = 0,
                        .initial_backoff = absl::Milliseconds(200),
                        .max_backoff = absl::Seconds(30)};
  // Seeds the reconnect jitter; 0 draws a random seed.
  uint64_t seed = 0;
};

// A watch running on its own thread until Cancel or destruction.
class EventWatch {
 public:
  EventWatch(Client client, WatchOptions options);
  ~EventWatch();
  EventWatch(const EventWatch&) = delete;
  EventWatch& operator=(const EventWatch&) = delete;

  // The next event; DEADLINE_EXCEEDED when none came by `deadline` (the
  // watch goes on). Any other error ends the watch and is returned again
  // by every later call: OUT_OF_RANGE, PERMISSION_DENIED, CANCELLED after
  // Cancel, UNAVAILABLE after reconnect.max_attempts...
  absl::StatusOr<v1::Event> Next(absl::Time deadline);
  // The cursor of the last event Next returned (bookmarks included once the
  // stream is live): where a restarted program resumes (after_cursor).
  int64_t cursor() const;
  // How many times the stream was opened again.
  int reconnects() const;
  // Ends the watch; Next returns CANCELLED once the queue is drained.
  void Cancel();

 private:
  struct Entry {
    absl::StatusOr<v1::Event> event;
    // Whether the entry's cursor may become the resume point: not for the
    // first bookmark of a stream that replays older events.
    bool adopt = true;
  };

  void Run();
  // One stream from open to end; its final status.
  absl::Status Stream(bool* received);
  void Push(Entry entry);

  const Client client_;
  const WatchOptions options_;
  // std::mutex rather than absl::Mutex so ThreadSanitizer sees the hand-off
  // (docs/reliability.md); `changed_` is notified whenever an entry is
  // queued or the watch is cancelled (what a waiting Next needs to see).
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Entry> queue_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status end_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
  int64_t stream_cursor_ ABSL_GUARDED_BY(mu_);
  int64_t delivered_cursor_ ABSL_GUARDED_BY(mu_);
  int reconnects_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

// Delivers events to `on_event` until it returns false (OK), `deadline`
// passes (DEADLINE_EXCEEDED) or the watch ends (its status).
absl::Status Watch(const Client& client, WatchOptions options,
                   absl::FunctionRef<bool(const v1::Event&)> on_event,
                   absl::Time deadline = absl::InfiniteFuture());

}  // namespace cordon::client

#endif  // CORDON_CLIENT_WATCH_H_
