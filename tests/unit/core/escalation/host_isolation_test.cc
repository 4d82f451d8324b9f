#include "server/core/escalation/host_isolation.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace host_isolation_test {

using ::testing::ElementsAre;

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);
const absl::Time kNever = absl::InfinitePast();

absl::Time At(absl::Duration d) { return kT0 + d; }

EndpointIsolationObservation Isolated(std::string endpoint, absl::Duration d) {
  return EndpointIsolationObservation{std::move(endpoint), At(d), true};
}
EndpointIsolationObservation Released(std::string endpoint, absl::Duration d) {
  return EndpointIsolationObservation{std::move(endpoint), At(d), false};
}

const absl::Time kLater = At(absl::Hours(100));

TEST(HostIsolation, Esc2TwoEndpointsIsolatedTogetherRaise) {
  const absl::optional<OrgWideIsolation> result =
      FirstOrgWideIsolation({Isolated("pc-1", absl::ZeroDuration()),
                             Isolated("pc-2", absl::Minutes(5))},
                            HostIsolationConfig{}, kNever, kLater);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->raised_at, At(absl::Minutes(5)));
  EXPECT_THAT(result->endpoint_ids, ElementsAre("pc-1", "pc-2"));
}

TEST(HostIsolation, Esc2OneEndpointDoesNotRaise) {
  EXPECT_FALSE(FirstOrgWideIsolation({Isolated("pc-1", absl::ZeroDuration()),
                                      Isolated("pc-1", absl::Hours(1))},
                                     HostIsolationConfig{}, kNever, kLater)
                   .has_value());
}

TEST(HostIsolation, Esc2ThresholdIsConfigurable) {
  const std::vector<EndpointIsolationObservation> obs = {
      Isolated("pc-1", absl::ZeroDuration()),
      Isolated("pc-2", absl::Minutes(1)), Isolated("pc-3", absl::Minutes(2))};
  HostIsolationConfig config;
  config.threshold = 3;
  const absl::optional<OrgWideIsolation> result =
      FirstOrgWideIsolation(obs, config, kNever, kLater);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->raised_at, At(absl::Minutes(2)));
  config.threshold = 4;
  EXPECT_FALSE(FirstOrgWideIsolation(obs, config, kNever, kLater).has_value());
}

TEST(HostIsolation, Esc2SequentialIsolationsWithinTheWindowRaise) {
  // pc-1 isolated and released before pc-2, but within the hour.
  const absl::optional<OrgWideIsolation> result = FirstOrgWideIsolation(
      {Isolated("pc-1", absl::ZeroDuration()),
       Released("pc-1", absl::Minutes(10)),
       Isolated("pc-2", absl::Minutes(70) - absl::Seconds(1))},
      HostIsolationConfig{}, kNever, kLater);
  ASSERT_TRUE(result.has_value());
}

TEST(HostIsolation, Esc2WindowEdge) {
  // Released at 10 min; pc-2 isolated exactly window later: pc-1 was not
  // isolated at any instant of [10 min, 70 min].
  EXPECT_FALSE(FirstOrgWideIsolation({Isolated("pc-1", absl::ZeroDuration()),
                                      Released("pc-1", absl::Minutes(10)),
                                      Isolated("pc-2", absl::Minutes(70))},
                                     HostIsolationConfig{}, kNever, kLater)
                   .has_value());
}

TEST(HostIsolation, Esc2WindowEdgeOneNanosecondInside) {
  EXPECT_TRUE(FirstOrgWideIsolation(
                  {Isolated("pc-1", absl::ZeroDuration()),
                   Released("pc-1", absl::Minutes(10) + absl::Nanoseconds(1)),
                   Isolated("pc-2", absl::Minutes(70))},
                  HostIsolationConfig{}, kNever, kLater)
                  .has_value());
}

TEST(HostIsolation, Esc2StillIsolatedEndpointsCountHoweverOld) {
  const absl::optional<OrgWideIsolation> result =
      FirstOrgWideIsolation({Isolated("pc-1", absl::ZeroDuration()),
                             Isolated("pc-2", absl::Hours(30))},
                            HostIsolationConfig{}, kNever, kLater);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->raised_at, At(absl::Hours(30)));
}

TEST(HostIsolation, Esc2OutOfOrderArrivalGivesTheSameAnswer) {
  std::vector<EndpointIsolationObservation> obs = {
      Isolated("pc-1", absl::ZeroDuration()),
      Released("pc-1", absl::Minutes(10)), Isolated("pc-2", absl::Hours(3)),
      Isolated("pc-3", absl::Minutes(200))};
  const absl::optional<OrgWideIsolation> forward =
      FirstOrgWideIsolation(obs, HostIsolationConfig{}, kNever, kLater);
  std::reverse(obs.begin(), obs.end());
  const absl::optional<OrgWideIsolation> backward =
      FirstOrgWideIsolation(obs, HostIsolationConfig{}, kNever, kLater);
  ASSERT_TRUE(forward.has_value());
  ASSERT_TRUE(backward.has_value());
  EXPECT_EQ(forward->raised_at, At(absl::Minutes(200)));
  EXPECT_EQ(backward->raised_at, forward->raised_at);
  EXPECT_EQ(backward->endpoint_ids, forward->endpoint_ids);
  EXPECT_THAT(forward->endpoint_ids, ElementsAre("pc-2", "pc-3"));
}

TEST(HostIsolation, Esc7AfterResolutionOnlyANewIsolationRaises) {
  const std::vector<EndpointIsolationObservation> obs = {
      Isolated("pc-1", absl::ZeroDuration()),
      Isolated("pc-2", absl::Minutes(5)), Isolated("pc-3", absl::Hours(5))};
  // Resolved at 1 h: pc-1 and pc-2 alone do not raise again, pc-3 does
  // (pc-1 and pc-2 still isolated count towards it).
  const absl::optional<OrgWideIsolation> result = FirstOrgWideIsolation(
      obs, HostIsolationConfig{}, At(absl::Hours(1)), kLater);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->raised_at, At(absl::Hours(5)));
  EXPECT_THAT(result->endpoint_ids, ElementsAre("pc-1", "pc-2", "pc-3"));
  EXPECT_FALSE(FirstOrgWideIsolation(obs, HostIsolationConfig{},
                                     At(absl::Hours(1)), At(absl::Hours(4)))
                   .has_value());
}

TEST(HostIsolation, Esc2ObservationsAfterNowAreIgnored) {
  EXPECT_FALSE(FirstOrgWideIsolation({Isolated("pc-1", absl::ZeroDuration()),
                                      Isolated("pc-2", absl::Minutes(5))},
                                     HostIsolationConfig{}, kNever,
                                     At(absl::Minutes(4)))
                   .has_value());
}

TEST(HostIsolation, Esc2RepeatedIsolatedReportsAreOneIsolation) {
  const absl::optional<OrgWideIsolation> result = FirstOrgWideIsolation(
      {Isolated("pc-1", absl::ZeroDuration()),
       Isolated("pc-1", absl::Minutes(1)), Isolated("pc-1", absl::Minutes(2)),
       Isolated("pc-2", absl::Hours(1))},
      HostIsolationConfig{}, At(absl::Seconds(30)), kLater);
  // pc-1's isolation started at 0 (before not_before); the later reports
  // are not new starts. pc-2's start at 1 h raises.
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->raised_at, At(absl::Hours(1)));
}

TEST(HostIsolation, Esc2ConfigValidation) {
  EXPECT_TRUE(ValidateHostIsolationConfig(HostIsolationConfig{}).ok());
  HostIsolationConfig config;
  config.threshold = 1;
  EXPECT_EQ(FieldOf(ValidateHostIsolationConfig(config)),
            "host_isolation.threshold");
  config.threshold = 2;
  config.window = -absl::Seconds(1);
  EXPECT_EQ(FieldOf(ValidateHostIsolationConfig(config)),
            "host_isolation.window");
  config.window = absl::Hours(24 * 7) + absl::Seconds(1);
  EXPECT_EQ(FieldOf(ValidateHostIsolationConfig(config)),
            "host_isolation.window");
}

}  // namespace host_isolation_test
}  // namespace cordon::core
