// EventWatch against a scripted EventService on port 0: resume after a
// dropped stream, OUT_OF_RANGE, deadlines, callbacks and cancel.
#include "cordon/client/watch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/cpp/tests/fake_events.h"
#include "clients/cpp/tests/fake_server.h"

namespace cordon::client {
namespace {

using testing::CordonError;
using testing::FakeEvents;
using testing::FakeServer;
using testing::MakeEvent;
using Script = FakeEvents::Script;

constexpr absl::Duration kBound = absl::Seconds(10);

class WatchTest : public ::testing::Test {
 protected:
  WatchOptions Options() {
    WatchOptions options;
    options.parent = "accounts/1";
    options.reconnect.initial_backoff = absl::Milliseconds(1);
    options.reconnect.max_backoff = absl::Milliseconds(2);
    options.seed = 3;
    return options;
  }
  std::vector<int64_t> Cursors(EventWatch& watch, int count) {
    std::vector<int64_t> cursors;
    for (int i = 0; i < count; ++i) {
      absl::StatusOr<v1::Event> event = watch.Next(absl::Now() + kBound);
      if (!event.ok()) break;
      cursors.push_back(event->cursor());
    }
    return cursors;
  }

  FakeEvents events_;
  FakeServer server_{{&events_}};
  std::vector<absl::Duration> waits_;
  Client client_ = server_.MakeClient(&waits_);
};

// A dropped stream is reopened with after_cursor = the last cursor seen, and
// the first bookmark of a replaying stream (the head) is not taken as the
// resume point, or a second drop would skip the replay's remainder.
TEST_F(WatchTest, ResumesFromTheLastCursorAfterADrop) {
  events_.Add(
      {{MakeEvent(10, v1::Event::BOOKMARK), MakeEvent(11), MakeEvent(12)}});
  events_.Add({{MakeEvent(20, v1::Event::BOOKMARK), MakeEvent(13)}});
  events_.Add({{MakeEvent(20, v1::Event::BOOKMARK), MakeEvent(14)}, {}, true});
  EventWatch watch(client_, Options());
  EXPECT_THAT(Cursors(watch, 3), ::testing::ElementsAre(11, 12, 13));
  EXPECT_THAT(Cursors(watch, 1), ::testing::ElementsAre(14));
  const std::vector<v1::WatchEventsRequest> requests = events_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].after_cursor(), 0);
  EXPECT_EQ(requests[1].after_cursor(), 12);
  EXPECT_EQ(requests[2].after_cursor(), 13);
  EXPECT_EQ(watch.cursor(), 14);
  EXPECT_EQ(watch.reconnects(), 2);
  EXPECT_THAT(events_.authorizations(), ::testing::Each("Bearer test-key"));
}

// The filters and from_oldest go to the server; from_oldest only while no
// cursor is known.
TEST_F(WatchTest, SendsFiltersAndFromOldestOnlyWithoutACursor) {
  events_.Add({{MakeEvent(5)}});
  events_.Add({{}, {}, true});
  WatchOptions options = Options();
  options.organization = "accounts/1/organizations/2";
  options.types = {v1::Event::ESCALATION_OPENED};
  options.from_oldest = true;
  EventWatch watch(client_, options);
  EXPECT_THAT(Cursors(watch, 1), ::testing::ElementsAre(5));
  ASSERT_TRUE(absl::IsDeadlineExceeded(
      watch.Next(absl::Now() + absl::Milliseconds(50)).status()));
  const std::vector<v1::WatchEventsRequest> requests = events_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].from_oldest());
  EXPECT_EQ(requests[0].organization(), "accounts/1/organizations/2");
  ASSERT_EQ(requests[0].types_size(), 1);
  EXPECT_EQ(requests[0].types(0), v1::Event::ESCALATION_OPENED);
  EXPECT_FALSE(requests[1].from_oldest());
  EXPECT_EQ(requests[1].after_cursor(), 5);
}

// A cursor past the retention: OUT_OF_RANGE with the oldest cursor, no
// reconnect, and the same answer on every later Next.
TEST_F(WatchTest, SurfacesOutOfRangeWithTheOldestCursor) {
  events_.Add({{},
               CordonError(grpc::OUT_OF_RANGE, "cursor 3 is gone",
                           "CURSOR_EXPIRED", "", "oldest_cursor", "42")});
  WatchOptions options = Options();
  options.after_cursor = 3;
  EventWatch watch(client_, options);
  absl::StatusOr<v1::Event> event = watch.Next(absl::Now() + kBound);
  EXPECT_TRUE(absl::IsOutOfRange(event.status()));
  EXPECT_EQ(OldestCursor(event.status()), 42);
  EXPECT_TRUE(absl::IsOutOfRange(watch.Next(absl::Now() + kBound).status()));
  EXPECT_EQ(events_.requests().size(), 1u);
  EXPECT_EQ(events_.requests()[0].after_cursor(), 3);
}

// Bookmarks are delivered only when asked for; a quiet stream's Next ends
// at its deadline and the watch goes on.
TEST_F(WatchTest, DeliversBookmarksWhenAskedAndHonoursDeadlines) {
  events_.Add({{MakeEvent(7, v1::Event::BOOKMARK)}, {}, true});
  WatchOptions options = Options();
  options.deliver_bookmarks = true;
  EventWatch watch(client_, options);
  absl::StatusOr<v1::Event> bookmark = watch.Next(absl::Now() + kBound);
  ASSERT_TRUE(bookmark.ok());
  EXPECT_EQ(bookmark->type(), v1::Event::BOOKMARK);
  EXPECT_EQ(watch.cursor(), 7);
  EXPECT_TRUE(absl::IsDeadlineExceeded(
      watch.Next(absl::Now() + absl::Milliseconds(30)).status()));
  watch.Cancel();
  EXPECT_TRUE(absl::IsCancelled(watch.Next(absl::Now() + kBound).status()));
}

// Errors other than UNAVAILABLE end the watch at once.
TEST_F(WatchTest, PermissionDeniedEndsTheWatch) {
  events_.Add({{}, grpc::Status(grpc::PERMISSION_DENIED, "service key")});
  EventWatch watch(client_, Options());
  EXPECT_TRUE(
      absl::IsPermissionDenied(watch.Next(absl::Now() + kBound).status()));
  EXPECT_EQ(watch.reconnects(), 0);
}

// Reconnects that receive nothing are bounded when asked.
TEST_F(WatchTest, BoundedReconnectsGiveUpWithUnavailable) {
  for (int i = 0; i < 3; ++i) events_.Add({});
  WatchOptions options = Options();
  options.reconnect.max_attempts = 3;
  EventWatch watch(client_, options);
  EXPECT_TRUE(absl::IsUnavailable(watch.Next(absl::Now() + kBound).status()));
  EXPECT_EQ(events_.requests().size(), 3u);
}

// The callback form stops when the callback says so, across a drop.
TEST_F(WatchTest, CallbackStopsWhenItReturnsFalse) {
  events_.Add({{MakeEvent(1), MakeEvent(2)}});
  events_.Add({{MakeEvent(3), MakeEvent(4)}, {}, true});
  std::vector<int64_t> seen;
  absl::Status status = Watch(
      client_, Options(),
      [&](const v1::Event& event) {
        seen.push_back(event.cursor());
        return event.cursor() < 3;
      },
      absl::Now() + kBound);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_THAT(seen, ::testing::ElementsAre(1, 2, 3));
}

}  // namespace
}  // namespace cordon::client
