// The shrinker (docs/simulator.md, "Swarm"): a planted failure is cut down
// to a smaller scenario that still fails the same way, with the steps,
// entities and faults that do not matter gone.

#include "simulator/swarm/shrinker.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_runner.h"
#include "simulator/swarm/quiet_period.h"
#include "simulator/swarm/runner.h"

namespace cordon::sim::swarm {
namespace shrinker_test {

using v1::Scenario;
using v1::ScenarioStep;

// Two tenants, noise everywhere; the failure only needs alice, her report
// and time for the worker to disable her.
constexpr char kNoisy[] = R"pb(
  world {
    tenants {
      alias: "t1"
      tenant_id: "5a4b0000-0000-4000-8000-000000000001"
      verified_domains: "t1.example"
      users { upn: "alice@t1.example" sessions: 2 }
      users { upn: "bob@t1.example" }
    }
    tenants {
      alias: "t2"
      tenant_id: "5a4b0000-0000-4000-8000-000000000002"
      verified_domains: "t2.example"
      users { upn: "carol@t2.example" }
    }
  }
  cordon {
    users { email: "ada@msp.example" }
    psa { kind: CONNECTWISE }
    organizations { alias: "t1" tenant: "t1" }
    organizations { alias: "t2" tenant: "t2" }
    identities { alias: "alice" organization: "t1" upn: "alice@t1.example" }
    identities { alias: "bob" organization: "t1" upn: "bob@t1.example" }
    identities { alias: "carol" organization: "t2" upn: "carol@t2.example" }
  }
  faults {
    all { error_rate: 0.2 }
    retry_after_min: "1s"
    retry_after_max: "5s"
  }
  steps { record_sign_in { identity: "bob" country: "RU" } }
  steps { advance: "5m" }
  steps {
    record_endpoint_status {
      organization: "t2"
      endpoint_id: "ep-1"
      rtp_enabled: false
    }
  }
  steps { send_report { alias: "r1" identities: "alice" } }
  steps { sign_in { identity: "carol" } }
  steps { send_report { alias: "r2" identities: "carol" } }
  steps { advance: "20m" }
  steps { resolve_report: "r2" }
  steps { crash_and_restart {} }
  steps { record_sign_in { identity: "carol" country: "BR" } }
  steps {
    label: "planted: no account is ever disabled"
    expect {
      log_counts {
        contains: "set_account_enabled"
        contains: "upn=alice@t1.example"
        contains: "enabled=false"
        exactly: 0
      }
    }
  }
  steps { advance: "1h" }
)pb";

Scenario Noisy() {
  absl::StatusOr<Scenario> scenario = ParseScenario(kNoisy);
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  Scenario closed = scenario.ok() ? *scenario : Scenario();
  CloseHistory(closed);
  return closed;
}

int CountSteps(const Scenario& scenario, ScenarioStep::ActionCase action) {
  return static_cast<int>(std::count_if(
      scenario.steps().begin(), scenario.steps().end(),
      [&](const ScenarioStep& step) { return step.action_case() == action; }));
}

// A planted failure with real runs: the shrunk file is smaller, still
// fails the same way (a failed expectation), and keeps what matters.
TEST(SwarmShrinkerTest, PlantedFailureShrinksAndStillFails) {
  const Scenario noisy = Noisy();
  const ScenarioReport original = RunScenario(noisy, 9);
  ASSERT_EQ(KindOf(original), FailureKind::kExpectation)
      << FirstFailure(original);
  const ShrinkResult shrunk = Shrink(noisy, FailsLike(noisy, 9));
  const Scenario& small = shrunk.scenario;
  EXPECT_LT(small.steps_size(), noisy.steps_size());
  EXPECT_LT(ScenarioText(small).size(), ScenarioText(noisy).size());
  // Written and read back, it still fails the same way.
  absl::StatusOr<Scenario> reread = ParseScenario(ScenarioText(small));
  ASSERT_TRUE(reread.ok()) << reread.status();
  EXPECT_EQ(KindOf(RunScenario(*reread, 9)), FailureKind::kExpectation);
  // What the failure needs stays; the rest goes.
  EXPECT_EQ(CountSteps(small, ScenarioStep::kSendReport), 1);
  EXPECT_EQ(small.cordon().identities_size(), 1);
  EXPECT_EQ(small.world().tenants_size(), 1);
  EXPECT_FALSE(small.has_faults());
  EXPECT_EQ(CountSteps(small, ScenarioStep::kCrashAndRestart), 0);
  EXPECT_EQ(CountSteps(small, ScenarioStep::kConverged), 1);  // fresh tail
}

// The algorithm alone, on a predicate: ddmin leaves exactly the two steps
// the failure needs, and drops the entities and faults nobody names.
TEST(SwarmShrinkerTest, KeepsOnlyWhatThePredicateNeeds) {
  const Scenario noisy = Noisy();
  int calls = 0;
  const FailurePredicate fails = [&calls](const Scenario& candidate) {
    ++calls;
    bool report_for_bob = false;
    bool crash_after = false;
    for (const ScenarioStep& step : candidate.steps()) {
      report_for_bob |=
          step.has_send_report() && step.send_report().identities(0) == "bob";
      crash_after |= report_for_bob && step.has_crash_and_restart();
    }
    return crash_after;
  };
  Scenario planted = noisy;
  planted.mutable_steps(0)->mutable_send_report()->set_alias("rb");
  planted.mutable_steps(0)->mutable_send_report()->add_identities("bob");
  const ShrinkResult shrunk = Shrink(planted, fails);
  EXPECT_TRUE(fails(shrunk.scenario));
  EXPECT_EQ(shrunk.runs, calls - 1);
  int history = 0;
  for (const ScenarioStep& step : shrunk.scenario.steps()) {
    history += absl::StartsWith(step.label(), kQuietPeriodLabel) ? 0 : 1;
  }
  EXPECT_EQ(history, 2);
  EXPECT_EQ(shrunk.scenario.cordon().identities_size(), 1);
  EXPECT_EQ(shrunk.scenario.world().tenants_size(), 1);
  EXPECT_FALSE(shrunk.scenario.has_faults());
  EXPECT_FALSE(shrunk.scenario.cordon().has_psa());
}

}  // namespace shrinker_test
}  // namespace cordon::sim::swarm
