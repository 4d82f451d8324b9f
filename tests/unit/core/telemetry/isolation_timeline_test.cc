// ESC-2 HOST_ISOLATION_ORG_WIDE: what an organization remembers of its
// endpoints' isolations, and how FirstOrgWideIsolation sees it.

#include "server/core/telemetry/isolation_timeline.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/core/telemetry/isolation_changes.h"

namespace cordon::core {
namespace isolation_timeline_test {

using ::testing::ElementsAreArray;
using testing_times::At;
using testing_times::Iso;
using testing_times::Rel;

TEST(IsolationTimeline, Esc2EveryChangeIsAnObservation) {
  const std::vector<EndpointIsolationObservation> observations =
      TimelineObservations({{"pc-1", {Iso(0), Rel(10)}}, {"pc-2", {Iso(5)}}});
  ASSERT_EQ(observations.size(), 3u);
  EXPECT_EQ(observations[0].endpoint_id, "pc-1");
  EXPECT_EQ(observations[0].time, At(0));
  EXPECT_TRUE(observations[0].isolated);
  EXPECT_EQ(observations[1].endpoint_id, "pc-1");
  EXPECT_EQ(observations[1].time, At(10));
  EXPECT_FALSE(observations[1].isolated);
  EXPECT_EQ(observations[2].endpoint_id, "pc-2");
  EXPECT_EQ(observations[2].time, At(5));
  EXPECT_TRUE(observations[2].isolated);
}

struct KeptCase {
  const char* name;
  std::vector<IsolationTimeline> timelines;
  int forget_released_before;  // minute
  int max_timelines;
  std::vector<size_t> expected;
};

class TimelinesKeptTest : public ::testing::TestWithParam<KeptCase> {};

TEST_P(TimelinesKeptTest, Esc2OnlyWhatCanStillCountIsKept) {
  const KeptCase& c = GetParam();
  EXPECT_THAT(
      TimelinesKept(c.timelines, At(c.forget_released_before), c.max_timelines),
      ElementsAreArray(c.expected))
      << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, TimelinesKeptTest,
    ::testing::Values(
        KeptCase{"recent isolations stay",
                 {{"pc-1", {Iso(0), Rel(10)}}, {"pc-2", {Iso(20)}}},
                 0,
                 1000,
                 {0, 1}},
        KeptCase{"released before the horizon is forgotten",
                 {{"pc-1", {Iso(0), Rel(10)}}, {"pc-2", {Iso(20)}}},
                 11,
                 1000,
                 {1}},
        KeptCase{"released exactly at the horizon stays",
                 {{"pc-1", {Iso(0), Rel(10)}}},
                 10,
                 1000,
                 {0}},
        KeptCase{"still isolated stays however old",
                 {{"pc-1", {Iso(0)}}},
                 500,
                 1000,
                 {0}},
        KeptCase{"a timeline without changes goes",
                 {{"pc-1", {}}, {"pc-2", {Iso(20)}}},
                 0,
                 1000,
                 {1}},
        KeptCase{"beyond the bound the oldest last change goes",
                 {{"pc-1", {Iso(30)}},
                  {"pc-2", {Iso(0), Rel(5), Iso(40)}},
                  {"pc-3", {Iso(10)}}},
                 0,
                 2,
                 {0, 1}},
        KeptCase{
            "of equally old ones the first goes",
            {{"pc-1", {Iso(10)}}, {"pc-2", {Iso(10)}}, {"pc-3", {Iso(20)}}},
            0,
            2,
            {1, 2}}));

}  // namespace isolation_timeline_test
}  // namespace cordon::core
