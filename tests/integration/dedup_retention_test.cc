// Issue 13, limits under load: the rows that make retries safe — a create's
// request_id (AIP-155) and a telemetry event's id — no longer grow for
// ever. They are forgotten --dedup_retention after the first call by the
// PRUNE_DEDUP_ROWS timer, and never earlier: a retry within the retention
// still answers like the first call.

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/family.h"
#include "server/store/indexes.h"
#include "server/store/transact.h"
#include "tests/integration/login_test_fixture.h"

namespace cordon {
namespace dedup_retention_test {

constexpr absl::Duration kRetention = absl::Hours(24);

class DedupRetentionTest : public testing::LoginTestBase {
 protected:
  void SetUp() override {
    LoginTestBase::SetUp();
    testing::TestServerOptions options;
    options.dedup_retention = kRetention;
    server_.Reconfigure(options);
    api_.Connect();
    RunWorker();  // the first PRUNE_DEDUP_ROWS run: nothing is old yet
  }

  int RowsOf(store::Family family) {
    int rows = 0;
    EXPECT_TRUE(server_.database()
                    .Scan(family, "", "", false,
                          [&](absl::string_view, absl::string_view) {
                            ++rows;
                            return true;
                          })
                    .ok());
    return rows;
  }

  grpc::Status CreateOrganization(const std::string& request_id,
                                  v1::Organization* out) {
    v1::CreateOrganizationRequest request;
    request.set_parent(account_);
    request.mutable_organization()->set_display_name("Fabrikam");
    request.set_request_id(request_id);
    return api_.organizations().CreateOrganization(Soc().get(), request, out);
  }

  int TrackedIndexRows() {
    int tracked = 0;
    EXPECT_TRUE(server_.database()
                    .Scan(store::Family::kIndex,
                          std::string(1, static_cast<char>(
                                             store::IndexKind::kDedupExpiry)),
                          "", false,
                          [&](absl::string_view, absl::string_view) {
                            ++tracked;
                            return true;
                          })
                    .ok());
    return tracked;
  }

  // Past the retention of what was written now, with the timer run.
  void PassTheRetention() {
    server_.clock().Advance(kRetention + absl::Hours(1));
    RunWorker();
  }
};

TEST_F(DedupRetentionTest, ARetriedCreateWithinTheRetentionAnswersTheFirst) {
  const int before = RowsOf(store::Family::kIdempotency);
  v1::Organization first;
  ASSERT_TRUE(CreateOrganization("req-1", &first).ok());
  EXPECT_EQ(RowsOf(store::Family::kIdempotency), before + 1);

  server_.clock().Advance(kRetention - absl::Minutes(1));
  RunWorker();
  v1::Organization retried;
  ASSERT_TRUE(CreateOrganization("req-1", &retried).ok());
  EXPECT_EQ(retried.name(), first.name());

  PassTheRetention();
  EXPECT_EQ(RowsOf(store::Family::kIdempotency), 0);
  // Out of the window the request_id is new again: a second organization.
  v1::Organization again;
  ASSERT_TRUE(CreateOrganization("req-1", &again).ok());
  EXPECT_NE(again.name(), first.name());
}

TEST_F(DedupRetentionTest, ATelemetryEventIdIsADuplicateUntilTheRetention) {
  const v1::SignInEvent event = Event(alice_, "NL");
  MustRecord(event);
  const int rows = RowsOf(store::Family::kTelemetryEvents);
  ASSERT_GE(rows, 1);

  server_.clock().Advance(kRetention - absl::Minutes(1));
  RunWorker();
  v1::RecordSignInResponse resent;
  ASSERT_TRUE(Record(event, &resent).ok());
  EXPECT_TRUE(resent.duplicate());

  PassTheRetention();
  EXPECT_EQ(RowsOf(store::Family::kTelemetryEvents), rows - 1);
  v1::RecordSignInResponse late;
  ASSERT_TRUE(Record(event, &late).ok());
  EXPECT_FALSE(late.duplicate());
}

TEST_F(DedupRetentionTest, RowsAnOlderVersionLeftUntrackedGoAfterAnUpgrade) {
  // As an older version left it: a request id row and a telemetry event id
  // row without index rows, and no marker of the one-time backfill.
  ASSERT_TRUE(store::Transact(server_.database(), [](store::Transaction& txn) {
                txn.PutRaw(store::Family::kIdempotency, "old-request", "x");
                txn.PutRaw(store::Family::kTelemetryEvents, "old-event", "");
                txn.Delete(store::Family::kMeta, "dedup_rows_backfilled");
                return txn.Commit();
              }).ok());
  server_.Restart();  // cordon-server's start tracks them as written now
  RunWorker();
  server_.clock().Advance(kRetention - absl::Minutes(1));
  RunWorker();
  EXPECT_TRUE(
      server_.database().Get(store::Family::kIdempotency, "old-request").ok());

  PassTheRetention();
  EXPECT_TRUE(
      absl::IsNotFound(server_.database()
                           .Get(store::Family::kIdempotency, "old-request")
                           .status()));
  EXPECT_TRUE(
      absl::IsNotFound(server_.database()
                           .Get(store::Family::kTelemetryEvents, "old-event")
                           .status()));
}

TEST_F(DedupRetentionTest, TheBackfillRunsOnceAndTracksNoRowTwice) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("req-3", &created).ok());
  const int tracked = TrackedIndexRows();
  ASSERT_TRUE(store::Transact(server_.database(), [](store::Transaction& txn) {
                txn.Delete(store::Family::kMeta, "dedup_rows_backfilled");
                return txn.Commit();
              }).ok());
  server_.Restart();
  server_.Restart();
  EXPECT_EQ(TrackedIndexRows(), tracked);
}

TEST_F(DedupRetentionTest, PruningLeavesNoIndexRowBehind) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("req-2", &created).ok());
  MustRecord(Event(bob_, "NL"));
  PassTheRetention();
  EXPECT_EQ(TrackedIndexRows(), 0);
}

}  // namespace dedup_retention_test
}  // namespace cordon
