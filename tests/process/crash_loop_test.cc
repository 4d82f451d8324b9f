// Crash loops of the real process (issue 13; docs/reliability.md, "Crash
// loops"): cordon-server runs against cordon-sim --serve's tenant and SMTP
// sink, a seeded workload writes through gRPC, and the server is killed
// with SIGKILL at seeded moments and restarted on the same data dir. Every
// acknowledged write survives and its retry answers the same (AIP-155),
// every isolation and release converges (ISO-3, ISO-4, ISO-5), no Graph
// effect or e-mail is sent again once recorded done (ISO-11, ESC-9), and
// every escalation is notified (ESC-3, ESC-6).
//
// Each seed below is its own ctest entry (25 kills each, so ctest -j2 runs
// them side by side). CORDON_CRASH_LOOP_KILLS sets the kills per entry and
// CORDON_CRASH_LOOP_SEED the seed; a failure prints both and the kill
// index. A long run (one entry, so one seed):
//   CORDON_CRASH_LOOP_KILLS=1000 CORDON_CRASH_LOOP_SEED=7
//   build/tests/process/crash_loop_test --gtest_filter='*/Seed1'

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/crash_loop_control.h"

namespace cordon::process_testing::crash_loop {
namespace crash_loop_test {

constexpr int kKillsPerEntry = 25;

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr || *value == '\0' ? fallback
                                            : std::strtoull(value, nullptr, 10);
}

class CrashLoopTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(CrashLoopTest,
       Iso3Iso4Esc9AcknowledgedWritesSurviveSigkillAndAllConverges) {
  Options options;
  options.kills =
      static_cast<int>(EnvNumber("CORDON_CRASH_LOOP_KILLS", kKillsPerEntry));
  options.seed = EnvNumber("CORDON_CRASH_LOOP_SEED", GetParam());
  testing::TempDir directory;
  const auto start = Steady::now();
  CrashLoop loop(directory.path(), options);
  Outcome outcome;
  const std::string failure = loop.Run(&outcome);
  const double seconds =
      std::chrono::duration<double>(Steady::now() - start).count();
  std::printf(
      "crash loop seed %llu: %d of %d kills survived, %zu writes (%d lost "
      "their answer to a kill), %d restarts with an action under way, %d "
      "identities isolated, %d released, %d escalations notified, %d "
      "answered, %zu mails, %.1f s\n",
      static_cast<unsigned long long>(options.seed), outcome.kills,
      options.kills, outcome.writes, outcome.lost_answers,
      outcome.mid_action_restarts, outcome.isolated, outcome.released,
      outcome.escalations, outcome.answered, outcome.mails, seconds);
  ASSERT_EQ(failure, "");
  EXPECT_EQ(outcome.kills, options.kills);
  // The kills must have hit work in flight, or the run proved little.
  EXPECT_GE(outcome.lost_answers, 1);
  EXPECT_GE(outcome.mid_action_restarts, 1);
  EXPECT_GE(outcome.released, 1);
  EXPECT_GE(outcome.answered, 1);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CrashLoopTest, ::testing::Values(1u, 2u),
                         [](const auto& info) {
                           return "Seed" + std::to_string(info.param);
                         });

}  // namespace crash_loop_test
}  // namespace cordon::process_testing::crash_loop
