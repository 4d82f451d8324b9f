// The swarm's generator and runner (docs/simulator.md, "Swarm"): a seed
// gives one scenario text and one event log (DESIGN rule 3); the hold
// model the quiet period checks follows ISO-4, ISO-6, ISO-7 and ISO-8; and
// the convergence step catches an identity Cordon holds that the world
// shows enabled.

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_runner.h"
#include "simulator/swarm/generator.h"
#include "simulator/swarm/quiet_period.h"
#include "simulator/swarm/runner.h"

namespace cordon::sim::swarm {
namespace swarm_test {

using ::testing::HasSubstr;
using v1::Scenario;

Scenario Parse(const std::string& text) {
  absl::StatusOr<Scenario> scenario = ParseScenario(text);
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *scenario : Scenario();
}

TEST(SwarmGeneratorTest, SameSeedSameScenarioText) {
  EXPECT_EQ(ScenarioText(GenerateScenario(7)),
            ScenarioText(GenerateScenario(7)));
  EXPECT_NE(ScenarioText(GenerateScenario(7)),
            ScenarioText(GenerateScenario(8)));
}

// The text written by --write_scenario reads back as the same scenario.
TEST(SwarmGeneratorTest, WrittenScenarioParsesBack) {
  const Scenario generated = GenerateScenario(11);
  EXPECT_EQ(ScenarioText(Parse(ScenarioText(generated))),
            ScenarioText(generated));
}

// DESIGN rule 3: the same seed replays the same log, and the generated
// history passes (the CI seeds are the proof across many seeds).
TEST(SwarmRunnerTest, SameSeedSameEventLog) {
  const SeedOutcome first = RunSeed(3);
  const SeedOutcome second = RunSeed(3);
  EXPECT_TRUE(first.ok) << first.failure;
  EXPECT_EQ(first.event_log_hash, second.event_log_hash);
  EXPECT_EQ(ReplayCommand(3), "cordon-sim --swarm_seed=3 --print_log");
}

constexpr char kWorld[] = R"pb(
  world {
    tenants {
      alias: "t"
      tenant_id: "5a4b0000-0000-4000-8000-000000000001"
      verified_domains: "t.example"
      users { upn: "a@t.example" sessions: 1 }
      users { upn: "b@t.example" }
      users { upn: "c@t.example" }
    }
  }
  cordon {
    users { email: "ada@msp.example" }
    organizations { alias: "t" tenant: "t" }
    identities { alias: "a" organization: "t" upn: "a@t.example" }
    identities { alias: "b" organization: "t" upn: "b@t.example" }
    identities {
      alias: "c"
      organization: "t"
      upn: "c@t.example"
      excluded_from_isolation: true
    }
  }
)pb";

// ISO-4: a hold per open report; ISO-6: a release clears them all; ISO-7:
// none for an excluded identity; ISO-8: a manual isolation holds it anyway.
TEST(SwarmQuietPeriodTest, Iso4Iso6Iso7Iso8ExpectedHolds) {
  const Scenario scenario = Parse(absl::StrCat(kWorld, R"pb(
    steps { send_report { alias: "r1" identities: "a" identities: "c" } }
    steps { send_report { alias: "r2" identities: "a" identities: "b" } }
    steps { resolve_report: "r1" }
    steps { release { identity: "b" } }
    steps { isolate { identity: "c" } }
  )pb"));
  const std::map<std::string, int> holds = ExpectedHolds(scenario);
  EXPECT_EQ(holds.at("a"), 1);
  EXPECT_EQ(holds.at("b"), 0);
  EXPECT_EQ(holds.at("c"), 1);
}

// The quiet period converges after a crash mid-isolation, and closing a
// history twice leaves one quiet period.
TEST(SwarmQuietPeriodTest, Iso3ConvergesAfterACrashMidIsolation) {
  Scenario scenario = Parse(absl::StrCat(kWorld, R"pb(
    steps { send_report { alias: "r1" identities: "a" } }
    steps { run_once {} }
    steps { crash_and_restart {} }
  )pb"));
  CloseHistory(scenario);
  const int steps = scenario.steps_size();
  CloseHistory(scenario);
  EXPECT_EQ(scenario.steps_size(), steps);
  const ScenarioReport report = RunScenario(scenario, 5);
  EXPECT_TRUE(report.ok()) << FirstFailure(report);
}

// The convergence step is not vacuous: an identity Cordon holds (ISOLATED)
// whose account a tenant admin re-enabled, with no inventory to correct it
// (ISO-13 drift), does not match the world.
TEST(SwarmConvergenceTest, Iso3IsolatedButEnabledInTheWorldIsReported) {
  const Scenario scenario = Parse(absl::StrCat(kWorld, R"pb(
    steps { send_report { alias: "r1" identities: "a" } }
    steps { settle {} }
    steps { admin_set_cloud_enabled { identity: "a" enabled: true } }
    steps { converged {} }
  )pb"));
  const ScenarioReport report = RunScenario(scenario, 5);
  EXPECT_EQ(KindOf(report), FailureKind::kExpectation);
  EXPECT_THAT(FirstFailure(report),
              HasSubstr("ISOLATED: cloud account disabled"));
}

// expect_code alternatives: a sign-in refused while disabled, or accepted.
TEST(SwarmConvergenceTest, ExpectCodeAlternativesAcceptEither) {
  const Scenario scenario = Parse(absl::StrCat(kWorld, R"pb(
    steps {
      expect_code: "OK|FAILED_PRECONDITION"
      sign_in { identity: "a" }
    }
    steps { send_report { alias: "r1" identities: "a" } }
    steps { settle {} }
    steps {
      expect_code: "OK|FAILED_PRECONDITION"
      sign_in { identity: "a" }
    }
    steps {
      expect_code: "OK"
      sign_in { identity: "a" }
    }
  )pb"));
  const ScenarioReport report = RunScenario(scenario, 5);
  ASSERT_EQ(report.steps.size(), 5u);
  EXPECT_TRUE(report.steps[0].ok);
  EXPECT_TRUE(report.steps[3].ok);
  EXPECT_FALSE(report.steps[4].ok);  // disabled: FAILED_PRECONDITION only
}

}  // namespace swarm_test
}  // namespace cordon::sim::swarm
