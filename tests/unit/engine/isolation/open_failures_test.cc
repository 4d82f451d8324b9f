// ISO-11: an identity keeps one open failure per kind of action and shows
// the newest, so the success of one kind never hides another's failure.
#include <string>

#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "server/engine/isolation/isolation_record.h"

namespace cordon::engine {
namespace open_failures_test {

using cordon::store::IsolationRecord;
using cordon::store::OutboxAction;

const absl::Time kStart = absl::FromUnixSeconds(1767225600);

std::string Failure(OutboxAction::Kind kind, const std::string& why) {
  return FailurePrefix(kind) + why;
}

TEST(OpenFailuresTest, Iso11SuccessOfOneKindKeepsTheOtherKindsFailureShown) {
  IsolationRecord record;
  RecordFailure(OutboxAction::ENABLE_ACCOUNT,
                Failure(OutboxAction::ENABLE_ACCOUNT, "AADSTS65001"), kStart,
                &record);
  RecordFailure(OutboxAction::AGENT_ENABLE_ACCOUNT,
                Failure(OutboxAction::AGENT_ENABLE_ACCOUNT, "agent offline"),
                kStart, &record);
  EXPECT_THAT(record.last_failure(), ::testing::HasSubstr("agent offline"));

  FixFailure(OutboxAction::AGENT_ENABLE_ACCOUNT, &record);

  EXPECT_EQ(record.last_failure(),
            Failure(OutboxAction::ENABLE_ACCOUNT, "AADSTS65001"));
  EXPECT_EQ(record.open_failures_size(), 1);
}

TEST(OpenFailuresTest, Iso11NewestOpenFailureIsShownWithItsTime) {
  IsolationRecord record;
  RecordFailure(OutboxAction::REVOKE_SESSIONS, "first", kStart, &record);
  RecordFailure(OutboxAction::DISABLE_ACCOUNT, "second",
                kStart + absl::Minutes(5), &record);
  RecordFailure(OutboxAction::REVOKE_SESSIONS, "first, again",
                kStart + absl::Minutes(1), &record);

  EXPECT_EQ(record.last_failure(), "second");
  EXPECT_EQ(record.last_failure_time().seconds(),
            absl::ToUnixSeconds(kStart + absl::Minutes(5)));
  EXPECT_EQ(record.open_failures_size(), 2);  // one per kind
}

TEST(OpenFailuresTest, Iso11FixingTheLastFailureShowsNone) {
  IsolationRecord record;
  RecordFailure(OutboxAction::DISABLE_ACCOUNT, "refused", kStart, &record);
  FixFailure(OutboxAction::DISABLE_ACCOUNT, &record);
  EXPECT_EQ(record.last_failure(), "");
  EXPECT_FALSE(record.has_last_failure_time());
}

TEST(OpenFailuresTest, Iso11FailureShownBeforeOpenFailuresExistedIsKept) {
  // Written before open_failures existed: one failure, named by its prefix.
  IsolationRecord record;
  record.set_last_failure(Failure(OutboxAction::DISABLE_ACCOUNT, "refused"));
  *record.mutable_last_failure_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          absl::ToUnixSeconds(kStart));
  RecordFailure(OutboxAction::ENABLE_ACCOUNT,
                Failure(OutboxAction::ENABLE_ACCOUNT, "AADSTS65001"),
                kStart + absl::Minutes(1), &record);
  FixFailure(OutboxAction::ENABLE_ACCOUNT, &record);
  EXPECT_EQ(record.last_failure(),
            Failure(OutboxAction::DISABLE_ACCOUNT, "refused"));
  FixFailure(OutboxAction::DISABLE_ACCOUNT, &record);
  EXPECT_EQ(record.last_failure(), "");
}

TEST(OpenFailuresTest, Iso4NewIsolationOrReleaseForgetsEveryFailure) {
  IsolationRecord record;
  RecordFailure(OutboxAction::ENABLE_ACCOUNT, "a", kStart, &record);
  RecordFailure(OutboxAction::KIND_UNSPECIFIED, "no tenant", kStart, &record);
  ForgetFailures(&record);
  EXPECT_EQ(record.open_failures_size(), 0);
  EXPECT_EQ(record.last_failure(), "");
}

}  // namespace open_failures_test
}  // namespace cordon::engine
