// DESIGN rule 3: the same scenario and seed give the same event log, byte
// for byte; a different seed is free to take a different path (and, with
// faults on, does: otherwise the seed would not be exploring anything).

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cordon/sim/v1/report.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "server/core/validation.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_report.h"
#include "simulator/scenario_runner.h"
#include "tests/simulation/scenario_files.h"

namespace cordon::sim {
namespace scenario_determinism_test {

namespace fs = std::filesystem;

using scenario_files::ScenarioDir;
using scenario_files::ScenarioFiles;

class ScenarioDeterminismTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioDeterminismTest, SameSeedSameEventLog) {
  auto scenario = LoadScenario(GetParam().string());
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  for (const uint64_t seed : {1u, 7u}) {
    const ScenarioReport first = RunScenario(*scenario, seed);
    const ScenarioReport second = RunScenario(*scenario, seed);
    ASSERT_TRUE(first.setup_error.empty()) << first.setup_error;
    EXPECT_FALSE(first.event_log_hash.empty());
    EXPECT_EQ(first.event_log_hash, second.event_log_hash)
        << "seed " << seed << " did not replay";
    EXPECT_EQ(first.event_log, second.event_log) << "seed " << seed;
    EXPECT_EQ(ReportToJson(first, true), ReportToJson(second, true))
        << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioDeterminismTest,
                         ::testing::ValuesIn(ScenarioFiles()),
                         scenario_files::ScenarioName);

TEST(ScenarioFilesTest, TheScenarioFolderIsFound) {
  EXPECT_GE(ScenarioFiles().size(), 7u) << ScenarioDir();
}

// With faults on, the seed decides which calls fail: seeds 1 and 7 must
// take different paths, or the seed is not reaching the fault plan.
TEST(ScenarioSeedTest, FaultyScenarioDiffersAcrossSeeds) {
  auto scenario =
      LoadScenario((ScenarioDir() / "throttling_storm.textproto").string());
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const ScenarioReport one = RunScenario(*scenario, 1);
  const ScenarioReport seven = RunScenario(*scenario, 7);
  EXPECT_TRUE(one.ok()) << ReportToText(one);
  EXPECT_TRUE(seven.ok()) << ReportToText(seven);
  EXPECT_NE(one.event_log_hash, seven.event_log_hash);
}

// A scenario that cannot be set up says why instead of aborting the run.
TEST(ScenarioRunnerTest, UnknownAliasIsASetupErrorNotACrash) {
  auto scenario = ParseScenario(R"pb(
    world {
      tenants { alias: "t" tenant_id: "6f1c2d3e-4a5b-4c7d-8e9f-0a1b2c3d4e5f" }
    }
    cordon { organizations { alias: "o" tenant: "nope" } }
  )pb");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const ScenarioReport report = RunScenario(*scenario, 1);
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(report.setup_error, ::testing::HasSubstr("nope"));
}

TEST(ScenarioRunnerTest, FailedExpectationFailsTheRunButNotTheSteps) {
  auto scenario = ParseScenario(R"pb(
    world {
      tenants {
        alias: "t"
        tenant_id: "6f1c2d3e-4a5b-4c7d-8e9f-0a1b2c3d4e5f"
        users { upn: "a@t.example" sessions: 1 }
      }
    }
    cordon {
      organizations { alias: "o" tenant: "t" }
      identities { alias: "a" organization: "o" upn: "a@t.example" }
    }
    steps { expect { identities { identity: "a" sessions: 5 } } }
    steps { advance: "1m" }
  )pb");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const ScenarioReport report = RunScenario(*scenario, 1);
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.steps.size(), 2u);
  EXPECT_TRUE(report.steps[1].ok);
  EXPECT_EQ(report.expectations_failed(), 1);
  EXPECT_THAT(ReportToJson(report, false),
              ::testing::HasSubstr("\"failed\":1"));
}

TEST(ScenarioRunnerTest, ParseErrorsNameTheLine) {
  auto scenario = ParseScenario("name: \"x\"\nsteps { advanc: \"1h\" }\n");
  ASSERT_FALSE(scenario.ok());
  EXPECT_THAT(std::string(scenario.status().message()),
              ::testing::HasSubstr("2:"));
}

// A bad byte in a scenario ends up in the report (name, label, messages
// quoting an alias): proto strings must be UTF-8, so the JSON report shows
// U+FFFD in its place and still parses.
TEST(ScenarioRunnerTest, InvalidUtf8InAScenarioStillGivesValidJson) {
  auto scenario = ParseScenario(R"pb(
    name: "bad\377name"
    steps { label: "caf\303" advance: "1m" }
    steps { expect { identities { identity: "nobody\300\200" } } }
    steps { resolve_report: "r\355\240\200" }
  )pb");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const ScenarioReport report = RunScenario(*scenario, 1);
  ASSERT_EQ(report.steps.size(), 3u);
  ASSERT_EQ(report.expectations.size(), 1u);

  const std::string json = ReportToJson(report, true);
  for (size_t pos = 0; pos < json.size();) {
    uint32_t code_point;
    ASSERT_TRUE(core::DecodeUtf8(json, &pos, &code_point))
        << "invalid UTF-8 at byte " << pos << " of " << json;
  }
  v1::ScenarioRunReport parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok())
      << json;
  EXPECT_EQ(parsed.scenario(), "bad\xEF\xBF\xBDname");
  EXPECT_EQ(parsed.steps(0).step(), "caf\xEF\xBF\xBD");
  EXPECT_THAT(parsed.expectations().results(0).message(),
              ::testing::HasSubstr("nobody\xEF\xBF\xBD\xEF\xBF\xBD"));
  EXPECT_THAT(parsed.steps(2).message(),
              ::testing::HasSubstr("r\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));
}

}  // namespace scenario_determinism_test
}  // namespace cordon::sim
