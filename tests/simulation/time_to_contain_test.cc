// Time to contain (issue 14) in the simulated world, on virtual time: each
// sent report records how long its identities' lock-out took (send ->
// sessions revoked and account disabled, cloud or on-prem), exactly as the
// engine's clock recorded the outcomes; and says so when there is no figure.

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "simulator/cordon_setup.h"
#include "simulator/simulation.h"
#include "tests/simulation/refusing_graph.h"

namespace cordon::sim {
namespace time_to_contain_test {

using cordon::v1::Containment;
using cordon::v1::IncidentReport;
using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr char kTenant[] = "00000000-0000-0000-0000-000000000001";

class TimeToContainTest : public ::testing::Test {
 protected:
  explicit TimeToContainTest(SimulationOptions options = {})
      : sim_(std::move(options)) {}

  void SetUpOrg(OrganizationSetup setup = {}) {
    auto account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    auto org = AddOrganization(sim_, *account, setup);
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = *org;
  }
  std::string NewIdentity(IdentitySetup setup) {
    auto identity = AddIdentity(sim_, org_, setup);
    EXPECT_TRUE(identity.ok()) << identity.status();
    return identity.ok() ? *identity : "";
  }
  std::string Send(const std::vector<std::string>& identities) {
    auto report = SendIsolatingReport(sim_, org_, identities);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : "";
  }
  IncidentReport Report(const std::string& name) {
    auto got =
        sim_.engine().incidents().Get(*core::ParseIncidentReportName(name));
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? *got : IncidentReport();
  }
  // The worker performs what was due at the send only after `delay`.
  void PerformAfter(absl::Duration delay) {
    sim_.clock().Advance(delay);
    ASSERT_TRUE(sim_.RunUntilIdle().ok());
  }
  static int64_t Seconds(const google::protobuf::Duration& duration) {
    return TimeUtil::DurationToSeconds(duration);
  }

  Simulation sim_;
  std::string org_;
};

TEST_F(TimeToContainTest, CloudLockoutTakesExactlyTheVirtualTimeItTook) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string name = Send({alice});
  // In flight: a clear state, no figure yet.
  IncidentReport sent = Report(name);
  EXPECT_EQ(sent.containment_state(), Containment::IN_PROGRESS);
  ASSERT_EQ(sent.containments_size(), 1);
  EXPECT_EQ(sent.containments(0).identity(), alice);
  EXPECT_EQ(sent.containments(0).state(), Containment::IN_PROGRESS);
  EXPECT_FALSE(sent.has_time_to_contain());

  PerformAfter(absl::Seconds(90));
  IncidentReport contained = Report(name);
  EXPECT_EQ(contained.containment_state(), Containment::CONTAINED);
  EXPECT_EQ(Seconds(contained.time_to_contain()), 90);
  ASSERT_EQ(contained.containments_size(), 1);
  EXPECT_EQ(Seconds(contained.containments(0).time_to_contain()), 90);
  EXPECT_EQ(
      TimeUtil::TimestampToSeconds(contained.containments(0).contain_time()),
      TimeUtil::TimestampToSeconds(contained.send_time()) + 90);

  // Exported once the write that made it CONTAINED committed.
  const std::string scrape = sim_.engine().metrics().Scrape();
  EXPECT_THAT(scrape, HasSubstr("cordon_time_to_contain_seconds_bucket{"
                                "severity=\"CRITICAL\",le=\"60\"} 0\n"));
  EXPECT_THAT(scrape, HasSubstr("cordon_time_to_contain_seconds_bucket{"
                                "severity=\"CRITICAL\",le=\"120\"} 1\n"));

  // Closing the report (ISO-4) re-enables; the figure stays as recorded.
  ASSERT_TRUE(sim_.engine()
                  .incidents()
                  .Close(Simulation::Operator(),
                         *core::ParseIncidentReportName(name), "",
                         IncidentReport::RESOLVED)
                  .ok());
  PerformAfter(absl::Hours(1));
  EXPECT_EQ(Report(name).containment_state(), Containment::CONTAINED);
  EXPECT_EQ(Seconds(Report(name).time_to_contain()), 90);
  EXPECT_THAT(sim_.engine().metrics().Scrape(),
              HasSubstr("cordon_time_to_contain_seconds_count{"
                        "severity=\"CRITICAL\"} 1\n"));
}

TEST_F(TimeToContainTest, Iso9Iso15OnPremLockoutWaitsForTheAgent) {
  SetUpOrg({.hybrid = true, .agent_version = "0.14.22"});
  const std::string bob =
      NewIdentity({.upn = "bob@contoso.com", .hybrid = true});
  sim_.agent_client().SetOffline(kTenant, true);
  const std::string name = Send({bob});
  PerformAfter(absl::Seconds(2));  // sessions revoked; on-prem waits
  IncidentReport waiting = Report(name);
  EXPECT_EQ(waiting.containment_state(), Containment::IN_PROGRESS);
  EXPECT_THAT(waiting.containments(0).detail(), HasSubstr("agent"));

  sim_.agent_client().SetOffline(kTenant, false);
  PerformAfter(absl::Minutes(5));
  IncidentReport contained = Report(name);
  EXPECT_EQ(contained.containment_state(), Containment::CONTAINED);
  EXPECT_EQ(Seconds(contained.time_to_contain()), 2 + 5 * 60);
}

TEST_F(TimeToContainTest, TheReportsFigureIsItsSlowestIdentitys) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string carol = NewIdentity({.upn = "carol@contoso.com"});
  const std::string first = Send({alice});
  PerformAfter(absl::Seconds(10));
  // Alice is locked out already: this report's figure is Carol's alone.
  const std::string second = Send({alice, carol});
  PerformAfter(absl::Seconds(40));
  IncidentReport report = Report(second);
  EXPECT_EQ(report.containment_state(), Containment::CONTAINED);
  EXPECT_EQ(Seconds(report.time_to_contain()), 40);
  ASSERT_EQ(report.containments_size(), 2);
  EXPECT_EQ(report.containments(0).state(), Containment::ALREADY_CONTAINED);
  EXPECT_FALSE(report.containments(0).has_time_to_contain());
  EXPECT_EQ(Seconds(report.containments(1).time_to_contain()), 40);
  EXPECT_EQ(Seconds(Report(first).time_to_contain()), 10);
}

TEST_F(TimeToContainTest, AReportForAnIdentityAlreadyIsolatedSaysSo) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  Send({alice});
  PerformAfter(absl::Seconds(10));
  const std::string again = Send({alice});
  IncidentReport report = Report(again);
  EXPECT_EQ(report.containment_state(), Containment::ALREADY_CONTAINED);
  EXPECT_FALSE(report.has_time_to_contain());
  EXPECT_THAT(report.containments(0).detail(), HasSubstr("earlier hold"));
}

TEST_F(TimeToContainTest, ReleasedBeforeTheLockoutEndedHasNoFigure) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string name = Send({alice});
  ASSERT_TRUE(sim_.engine()
                  .incidents()
                  .Close(Simulation::Operator(),
                         *core::ParseIncidentReportName(name), "",
                         IncidentReport::REJECTED)
                  .ok());
  PerformAfter(absl::Seconds(5));
  IncidentReport report = Report(name);
  EXPECT_EQ(report.containment_state(), Containment::SUPERSEDED);
  EXPECT_FALSE(report.has_time_to_contain());
}

TEST_F(TimeToContainTest, Iso7Iso9SkippedAndLimitedHaveNoFigure) {
  SetUpOrg({.hybrid = true});  // no agent: hybrid identities are LIMITED
  const std::string excluded =
      NewIdentity({.upn = "eve@contoso.com", .excluded_from_isolation = true});
  const std::string hybrid =
      NewIdentity({.upn = "bob@contoso.com", .hybrid = true});
  const std::string skipped = Send({excluded});
  const std::string limited = Send({hybrid});
  PerformAfter(absl::Seconds(5));
  EXPECT_EQ(Report(skipped).containment_state(), Containment::SKIPPED);
  EXPECT_THAT(Report(skipped).containments(0).detail(),
              HasSubstr("IDENTITY_EXCLUDED"));
  EXPECT_EQ(Report(limited).containment_state(), Containment::LIMITED);
  EXPECT_FALSE(Report(limited).has_time_to_contain());
}

class TimeToContainRefusedTest : public TimeToContainTest {
 protected:
  TimeToContainRefusedTest() : TimeToContainTest(RefusingAccountChanges()) {}
};

TEST_F(TimeToContainRefusedTest, Iso11ALockoutThatFailsHasNoFigure) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string name = Send({alice});
  PerformAfter(absl::Seconds(5));
  IncidentReport report = Report(name);
  EXPECT_EQ(report.containment_state(), Containment::FAILED);
  EXPECT_FALSE(report.has_time_to_contain());
  EXPECT_THAT(report.containments(0).detail(), HasSubstr("lock-out failed"));
}

}  // namespace time_to_contain_test
}  // namespace cordon::sim
