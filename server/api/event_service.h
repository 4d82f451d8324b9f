#ifndef CORDON_SERVER_API_EVENT_SERVICE_H_
#define CORDON_SERVER_API_EVENT_SERVICE_H_

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/v1/event.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/stream_slots.h"
#include "server/engine/events/event_log.h"
#include "server/engine/events/event_notifier.h"

namespace cordon::api {

struct EventServiceOptions {
  // A BOOKMARK after this long without a message (event.proto: 30 s).
  absl::Duration bookmark_interval = absl::Seconds(30);
  // How often an open stream checks that its client is still there:
  // gRPC's synchronous API has no cancellation callback.
  absl::Duration cancel_check_interval = absl::Seconds(1);
  // Each open stream holds a server thread (see StreamSlots).
  int max_streams = 200;
  int max_streams_per_key = 10;
};

// Issue 12: cordon.v1.EventService. A stream starts after a cursor (the
// head, the oldest retained event or the client's after_cursor), sends a
// BOOKMARK, then every event the caller may see, in cursor order, read up to
// the log's head whenever a commit wakes it (EventNotifier), with a
// BOOKMARK after each silence. Who sees what is event.proto's service
// comment: account users their account, organization users their
// organization without escalations (ESC-5), SOC analysts everything.
class EventService final : public cordon::v1::EventService::Service {
 public:
  EventService(CallRunner* runner, const engine::EventLog* log,
               engine::EventNotifier* notifier,
               EventServiceOptions options = {})
      : runner_(runner),
        log_(log),
        notifier_(notifier),
        options_(options),
        slots_(options.max_streams, options.max_streams_per_key) {}

  grpc::Status WatchEvents(
      grpc::ServerContext* context,
      const cordon::v1::WatchEventsRequest* request,
      grpc::ServerWriter<cordon::v1::Event>* writer) override;

  // Server shutdown: every open stream ends (OK) at once, and new ones are
  // refused with UNAVAILABLE.
  void Shutdown();

 private:
  // Streams events after `after` until the client goes or the server
  // stops; OUT_OF_RANGE when the retention overtakes it.
  absl::Status Stream(grpc::ServerContext* context,
                      const engine::EventFilter& filter, int64_t after,
                      grpc::ServerWriter<cordon::v1::Event>* writer);
  // Sends what is visible after `*position`, moving it; `*sent` when it
  // wrote an event. False when the client went.
  absl::StatusOr<bool> CatchUp(const engine::EventFilter& filter,
                               int64_t* position, bool* sent,
                               grpc::ServerWriter<cordon::v1::Event>* writer);
  // The cursor the stream starts after, as the request asks.
  absl::StatusOr<int64_t> StartAfter(
      const cordon::v1::WatchEventsRequest& request) const;

  CallRunner* runner_;
  const engine::EventLog* log_;
  engine::EventNotifier* notifier_;
  const EventServiceOptions options_;
  StreamSlots slots_;
  std::atomic<bool> closing_{false};
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_EVENT_SERVICE_H_
