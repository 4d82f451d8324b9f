// The outbox worker runs inside the simulator with the server's parallelism
// (8), the seed choosing how each group's actions interleave
// (SeededGroupExecutor). With many identities isolated at once the groups
// are full, and still: a seed replays its event log byte for byte (DESIGN
// rule 3), different seeds call Graph in different orders, and every
// identity converges (ISO-3: sessions revoked, account disabled, forwarding
// rules off) with the invariants holding all along, through faults.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "gtest/gtest.h"
#include "server/core/isolation/inbox_rule.h"
#include "server/engine/outbox/outbox_worker.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"
#include "tests/simulation/scratch_dir.h"

namespace cordon::sim {
namespace parallel_worker_simulation_test {

using cordon::v1::Identity;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000c1";
constexpr int kIdentities = 16;  // two full groups of eight per step

struct IsolationRun {
  std::vector<std::string> log;
  bool converged = false;
};

SimulationOptions Options(uint64_t seed, bool faults) {
  SimulationOptions options;
  options.seed = seed;
  if (faults) {
    OperationFaults noisy;
    noisy.error_rate = 0.3;
    noisy.mix = {.throttled = 0,
                 .unavailable = 1,
                 .concurrency_violation = 0,
                 .internal_error = 0,
                 .timeout = 1,
                 .timeout_after_effect = 1};
    options.faults.SetAll(noisy);
  }
  return options;
}

std::string Upn(int i) { return absl::StrCat("user", i, "@contoso.com"); }

// kIdentities cloud identities, each signed in and with a forwarding rule
// "r<i>"; their resource names, empty on a set-up failure.
std::vector<std::string> AddIdentities(Simulation& sim) {
  auto account = AddAccount(sim);
  EXPECT_TRUE(account.ok()) << account.status();
  if (!account.ok()) return {};
  OrganizationSetup org_setup;
  org_setup.tenant_id = kTenant;
  auto org = AddOrganization(sim, *account, org_setup);
  EXPECT_TRUE(org.ok()) << org.status();
  if (!org.ok()) return {};
  std::vector<std::string> names;
  for (int i = 0; i < kIdentities; ++i) {
    auto identity = AddIdentity(sim, *org, {.upn = Upn(i)});
    EXPECT_TRUE(identity.ok()) << identity.status();
    if (!identity.ok()) return {};
    names.push_back(*identity);
    EXPECT_TRUE(sim.world().SignIn(kTenant, Upn(i)).ok());
    core::InboxRule rule;
    rule.id = absl::StrCat("r", i);
    rule.display_name = "fwd";
    rule.actions.forward_to = {"drop@evil.example"};
    EXPECT_TRUE(sim.world().AddInboxRule(kTenant, Upn(i), rule).ok());
  }
  EXPECT_TRUE(SendIsolatingReport(sim, *org, names).ok());
  return names;
}

// ISO-3 for identity `i`: isolated, signed out, disabled, its rule off.
// Says what is missing.
bool LockedOut(Simulation& sim, const std::string& name, int i) {
  auto identity = GetIdentity(sim, name);
  EXPECT_TRUE(identity.ok()) << identity.status();
  if (!identity.ok()) return false;
  const absl::optional<bool> cloud_enabled =
      sim.world().IsCloudEnabled(kTenant, Upn(i));
  const absl::optional<int> sessions =
      sim.world().SessionCount(kTenant, Upn(i));
  auto rule = sim.world().Rule(kTenant, Upn(i), absl::StrCat("r", i));
  const bool rule_on = !rule.has_value() || rule->is_enabled;
  const bool locked_out = identity->isolation_state() == Identity::ISOLATED &&
                          cloud_enabled == false && sessions == 0 && !rule_on;
  EXPECT_TRUE(locked_out) << Upn(i) << " "
                          << Identity::IsolationState_Name(
                                 identity->isolation_state())
                          << " cloud_enabled=" << cloud_enabled.value_or(true)
                          << " sessions=" << sessions.value_or(-1)
                          << " rule_on=" << rule_on << " failure="
                          << identity->isolation().last_failure();
  return locked_out;
}

// One report isolating kIdentities identities. With `faults`, timeouts
// (some after the effect) and 503s with Retry-After blow for ten minutes
// before the world goes quiet. Invariants are checked every minute.
IsolationRun IsolateMany(uint64_t seed, bool faults) {
  ScratchDir dir;
  Simulation sim(InDir(Options(seed, faults), dir));
  InvariantChecker invariants(&sim);
  auto expect_invariants = [&](absl::string_view when) {
    auto violations = invariants.Check();
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << when << ":\n"
                                     << absl::StrJoin(*violations, "\n");
  };
  const std::vector<std::string> names = AddIdentities(sim);
  if (names.empty()) return {};
  for (int minute = 0; minute < 10; ++minute) {
    EXPECT_TRUE(sim.Advance(absl::Minutes(1)).ok());
    expect_invariants(absl::StrCat("minute ", minute + 1));
  }
  sim.faults().SetQuiet(true);
  auto settled = sim.Settle(absl::Hours(24));
  EXPECT_TRUE(settled.ok()) << settled.status();
  expect_invariants("after the quiet period");
  IsolationRun run;
  run.converged = settled.ok() && *settled;
  for (int i = 0; i < kIdentities; ++i) {
    run.converged &= LockedOut(sim, names[i], i);
  }
  run.log = sim.log().lines();
  return run;
}

// The Graph calls of a log, in the order they were made.
std::vector<std::string> GraphCalls(const std::vector<std::string>& log) {
  std::vector<std::string> calls;
  for (const std::string& line : log) {
    if (line.find(" graph ") != std::string::npos) calls.push_back(line);
  }
  return calls;
}

// DESIGN rule 3 with the server's parallelism: the seed picks the
// interleaving, and the same seed picks the same one.
TEST(ParallelWorkerSimulationTest, SeedChoosesAReplayableInterleaving) {
  ASSERT_EQ(engine::OutboxWorkerOptions{}.parallelism, 8);
  const IsolationRun first = IsolateMany(1, /*faults=*/false);
  const IsolationRun again = IsolateMany(1, /*faults=*/false);
  const IsolationRun other = IsolateMany(7, /*faults=*/false);
  EXPECT_TRUE(first.converged);
  EXPECT_TRUE(other.converged);
  EXPECT_EQ(first.log, again.log);
  const std::vector<std::string> calls = GraphCalls(first.log);
  ASSERT_GE(calls.size(), 3u * kIdentities);
  // A clean run draws nothing but the interleavings: the same calls, in
  // another order.
  EXPECT_NE(calls, GraphCalls(other.log));
}

// ISO-3 and DESIGN rule 1 through faults: every identity of a full batch is
// locked out once the world goes quiet, whatever order the groups ran in.
TEST(ParallelWorkerSimulationTest, ManyIdentitiesConvergeThroughFaults) {
  for (uint64_t seed : {1, 7}) {
    EXPECT_TRUE(IsolateMany(seed, /*faults=*/true).converged)
        << "seed " << seed;
  }
}

}  // namespace parallel_worker_simulation_test
}  // namespace cordon::sim
