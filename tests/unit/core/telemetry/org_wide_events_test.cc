// ESC-2 HOST_ISOLATION_ORG_WIDE and ESC-7: which isolations the
// organization's escalation lists, when it opens and while it is open.

#include "server/core/telemetry/org_wide_events.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/core/telemetry/isolation_changes.h"

namespace cordon::core {
namespace org_wide_events_test {

using ::testing::ElementsAreArray;
using testing_times::At;
using testing_times::Iso;
using testing_times::Rel;

std::vector<absl::Time> Times(const std::vector<int>& minutes) {
  std::vector<absl::Time> times;
  for (const int m : minutes) times.push_back(At(m));
  return times;
}

// --- IsolationsJoiningOpen -------------------------------------------------

struct JoinCase {
  const char* name;
  std::vector<IsolationChange> before;
  std::vector<IsolationChange> after;
  absl::Time not_before;
  std::vector<int> expected;  // minutes
};

class IsolationsJoiningOpenTest : public ::testing::TestWithParam<JoinCase> {};

TEST_P(IsolationsJoiningOpenTest, Esc7NewIsolationsJoinTheOpenEscalation) {
  const JoinCase& c = GetParam();
  EXPECT_THAT(IsolationsJoiningOpen({"pc-1", c.before}, {"pc-1", c.after},
                                    c.not_before),
              ElementsAreArray(Times(c.expected)))
      << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IsolationsJoiningOpenTest,
    ::testing::Values(JoinCase{"a first isolation joins",
                               {},
                               {Iso(10)},
                               absl::InfinitePast(),
                               {10}},
                      JoinCase{"an isolation known before does not join again",
                               {Iso(10)},
                               {Iso(10), Rel(20)},
                               absl::InfinitePast(),
                               {}},
                      JoinCase{"a late event adds an earlier isolation",
                               {Iso(30)},
                               {Iso(10), Rel(20), Iso(30)},
                               absl::InfinitePast(),
                               {10}},
                      JoinCase{"isolations up to the last answer do not join",
                               {},
                               {Iso(10), Rel(20), Iso(30)},
                               At(10),
                               {30}},
                      JoinCase{"releases never join",
                               {Iso(10)},
                               {Iso(10), Rel(20)},
                               absl::InfinitePast(),
                               {}}));

// --- IsolationsListedOnRaise -----------------------------------------------

struct ListedCase {
  const char* name;
  std::vector<IsolationTimeline> timelines;
  OrgWideIsolation raised;
  absl::Time not_before;
  int max_listed;
  // (minute, timeline index)
  std::vector<std::pair<int, size_t>> expected;
};

class IsolationsListedOnRaiseTest
    : public ::testing::TestWithParam<ListedCase> {};

TEST_P(IsolationsListedOnRaiseTest, Esc2TheEscalationListsItsIsolations) {
  const ListedCase& c = GetParam();
  std::vector<std::pair<absl::Time, size_t>> got;
  for (const ListedIsolation& listed : IsolationsListedOnRaise(
           c.timelines, c.raised, c.not_before, At(100), c.max_listed)) {
    got.emplace_back(listed.isolated_at, listed.timeline);
  }
  std::vector<std::pair<absl::Time, size_t>> want;
  for (const auto& [minute, timeline] : c.expected) {
    want.emplace_back(At(minute), timeline);
  }
  EXPECT_THAT(got, ElementsAreArray(want)) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IsolationsListedOnRaiseTest,
    ::testing::Values(
        ListedCase{"the counted endpoints, oldest first",
                   {{"pc-2", {Iso(5)}}, {"pc-1", {Iso(0)}}},
                   {At(5), {"pc-1", "pc-2"}},
                   absl::InfinitePast(),
                   100,
                   {{0, 1}, {5, 0}}},
        ListedCase{"each counted endpoint's latest isolation up to raising",
                   {{"pc-1", {Iso(0), Rel(2), Iso(4)}}, {"pc-2", {Iso(5)}}},
                   {At(5), {"pc-1", "pc-2"}},
                   absl::InfinitePast(),
                   100,
                   {{4, 0}, {5, 1}}},
        ListedCase{"an endpoint not counted is not listed for its past",
                   {{"pc-1", {Iso(0), Rel(1)}},
                    {"pc-2", {Iso(70)}},
                    {"pc-3", {Iso(75)}}},
                   {At(75), {"pc-2", "pc-3"}},
                   absl::InfinitePast(),
                   100,
                   {{70, 1}, {75, 2}}},
        ListedCase{"isolations since raising are listed, as if joined",
                   {{"pc-1", {Iso(0)}}, {"pc-2", {Iso(5)}}, {"pc-3", {Iso(9)}}},
                   {At(5), {"pc-1", "pc-2"}},
                   absl::InfinitePast(),
                   100,
                   {{0, 0}, {5, 1}, {9, 2}}},
        ListedCase{"after an answer: counted ones and new ones only",
                   {{"pc-1", {Iso(0)}},
                    {"pc-2", {Iso(50)}},
                    {"pc-3", {Iso(2)}},
                    {"pc-4", {Iso(60)}}},
                   {At(50), {"pc-1", "pc-2"}},
                   At(40),
                   100,
                   {{0, 0}, {50, 1}, {60, 3}}},
        ListedCase{
            "isolations after now are not seen yet",
            {{"pc-1", {Iso(0)}}, {"pc-2", {Iso(5)}}, {"pc-3", {Iso(101)}}},
            {At(5), {"pc-1", "pc-2"}},
            absl::InfinitePast(),
            100,
            {{0, 0}, {5, 1}}},
        ListedCase{"of one instant, by endpoint id",
                   {{"pc-b", {Iso(5)}}, {"pc-a", {Iso(5)}}},
                   {At(5), {"pc-a", "pc-b"}},
                   absl::InfinitePast(),
                   100,
                   {{5, 1}, {5, 0}}},
        ListedCase{"at most max_listed, the oldest",
                   {{"pc-1", {Iso(0)}}, {"pc-2", {Iso(5)}}, {"pc-3", {Iso(9)}}},
                   {At(5), {"pc-1", "pc-2"}},
                   absl::InfinitePast(),
                   2,
                   {{0, 0}, {5, 1}}}));

}  // namespace org_wide_events_test
}  // namespace cordon::core
