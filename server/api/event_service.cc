#include "server/api/event_service.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "server/api/event_access.h"
#include "server/core/errors.h"

namespace cordon::api {
namespace {

using cordon::v1::Event;
using cordon::v1::WatchEventsRequest;

// Events sent per read of the log; a stream that has more reads again.
constexpr int kEventsPerRead = 100;

Event Bookmark(int64_t cursor) {
  Event bookmark;
  bookmark.set_type(Event::BOOKMARK);
  bookmark.set_cursor(cursor);
  return bookmark;
}

// OUT_OF_RANGE: events up to `pruned` are gone with the retention.
absl::Status Expired(int64_t pruned) {
  return core::WithMetadata(
      core::WithReason(
          absl::OutOfRangeError(absl::StrCat(
              "events up to cursor ", pruned,
              " are past the retention; resume with from_oldest, or after "
              "oldest_cursor - 1 (ErrorInfo metadata)")),
          "CURSOR_EXPIRED"),
      "oldest_cursor", absl::StrCat(pruned + 1));
}

// Keep-alive timing of a transport stream, not domain time: the steady
// clock, like gRPC's own deadlines.
using Steady = std::chrono::steady_clock;

}  // namespace

grpc::Status EventService::WatchEvents(grpc::ServerContext* context,
                                       const WatchEventsRequest* request,
                                       grpc::ServerWriter<Event>* writer) {
  const CallInfo info{MethodName<cordon::v1::EventService>("WatchEvents"),
                      false, request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(engine::EventFilter filter,
                            EventFilterFor(principal, *request));
    CORDON_ASSIGN_OR_RETURN(int64_t after, StartAfter(*request));
    if (closing_.load()) {
      return absl::UnavailableError("the server is shutting down");
    }
    const std::string& key = principal.key.key_name;
    CORDON_RETURN_IF_ERROR(slots_.Acquire(key));
    absl::Cleanup release = [&] { slots_.Release(key); };
    return Stream(context, filter, after, writer);
  });
}

void EventService::Shutdown() {
  closing_.store(true);
  notifier_->Notify();  // wakes every stream, which then sees closing_
}

absl::StatusOr<int64_t> EventService::StartAfter(
    const WatchEventsRequest& request) const {
  const int64_t after = request.after_cursor();
  if (after < 0) {
    return core::InvalidField("after_cursor", "must not be negative");
  }
  if (request.from_oldest() && after != 0) {
    return core::InvalidField("from_oldest",
                              "either from_oldest or after_cursor, not both");
  }
  // The head first: a commit between the two reads only moves it further.
  int64_t head = log_->Head();
  CORDON_ASSIGN_OR_RETURN(int64_t pruned, log_->PrunedThrough());
  if (request.from_oldest()) return pruned;
  if (after == 0) return head;
  // Another server may have handed the cursor out a moment before this
  // one heard of it (issue 15): ask the store before refusing.
  if (after > head) head = log_->ConfirmedHead();
  if (after > head) {
    return core::InvalidField(
        "after_cursor",
        absl::StrCat("is beyond the newest cursor, ", head,
                     ": a cursor of another server or data dir?"));
  }
  if (after < pruned) return Expired(pruned);
  return after;
}

absl::StatusOr<bool> EventService::CatchUp(const engine::EventFilter& filter,
                                           int64_t* position, bool* sent,
                                           grpc::ServerWriter<Event>* writer) {
  for (;;) {
    const int64_t head = log_->Head();
    CORDON_ASSIGN_OR_RETURN(int64_t pruned, log_->PrunedThrough());
    if (*position < pruned) return Expired(pruned);
    CORDON_ASSIGN_OR_RETURN(
        engine::EventBatch batch,
        log_->Read(filter, *position, head, kEventsPerRead));
    // The retention may have deleted some of what this read stepped over.
    CORDON_ASSIGN_OR_RETURN(pruned, log_->PrunedThrough());
    if (*position < pruned) return Expired(pruned);
    for (const Event& event : batch.events) {
      if (!writer->Write(event)) return false;
      *sent = true;
    }
    *position = batch.read_through;
    if (batch.caught_up) return true;
  }
}

absl::Status EventService::Stream(grpc::ServerContext* context,
                                  const engine::EventFilter& filter,
                                  int64_t after,
                                  grpc::ServerWriter<Event>* writer) {
  int64_t position = after;
  // The first BOOKMARK carries where the stream starts (the head, unless it
  // replays), so a client that keeps the last cursor it received can resume
  // from it without missing the replay.
  if (!writer->Write(Bookmark(position))) return absl::OkStatus();
  const auto interval = absl::ToChronoNanoseconds(options_.bookmark_interval);
  auto last_sent = Steady::now();
  while (!context->IsCancelled() && !closing_.load()) {
    const uint64_t generation = notifier_->Generation();
    bool sent = false;
    CORDON_ASSIGN_OR_RETURN(bool connected,
                            CatchUp(filter, &position, &sent, writer));
    if (!connected) return absl::OkStatus();
    const auto now = Steady::now();
    if (sent) last_sent = now;
    if (now - last_sent >= interval) {
      if (!writer->Write(Bookmark(position))) return absl::OkStatus();
      last_sent = now;
      continue;
    }
    const absl::Duration wait =
        std::min(absl::FromChrono(interval - (now - last_sent)),
                 options_.cancel_check_interval);
    notifier_->Wait(generation, wait);
  }
  return absl::OkStatus();
}

}  // namespace cordon::api
