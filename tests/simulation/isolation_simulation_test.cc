// Isolation end to end: Cordon's engine on a real RocksDB against the
// simulated Microsoft 365 world, on virtual time.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"
#include "tests/simulation/refusing_graph.h"

namespace cordon::sim {
namespace isolation_simulation_test {

using cordon::v1::Identity;
using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;
using ::testing::IsEmpty;

constexpr char kTenant[] = "00000000-0000-0000-0000-000000000001";

core::InboxRule ForwardingRule(const std::string& id, const std::string& to) {
  core::InboxRule rule;
  rule.id = id;
  rule.display_name = "fwd";
  rule.actions.forward_to = {to};
  return rule;
}

class IsolationSimulationTest : public ::testing::Test {
 protected:
  explicit IsolationSimulationTest(SimulationOptions options = {})
      : sim_(std::move(options)), invariants_(&sim_) {}

  void SetUpOrg(bool isolation_enabled = true, OrganizationSetup org = {}) {
    auto account = AddAccount(sim_, isolation_enabled);
    ASSERT_TRUE(account.ok()) << account.status();
    auto organization = AddOrganization(sim_, *account, org);
    ASSERT_TRUE(organization.ok()) << organization.status();
    org_ = *organization;
  }
  std::string NewIdentity(IdentitySetup setup) {
    auto identity = AddIdentity(sim_, org_, setup);
    EXPECT_TRUE(identity.ok()) << identity.status();
    return identity.ok() ? *identity : "";
  }
  Identity Get(const std::string& identity) {
    auto got = GetIdentity(sim_, identity);
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? *got : Identity();
  }
  IncidentReport Report(const std::string& name) {
    auto got =
        sim_.engine().incidents().Get(*core::ParseIncidentReportName(name));
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? *got : IncidentReport();
  }
  void Close(const std::string& report, IncidentReport::Status to) {
    auto closed = sim_.engine().incidents().Close(
        Simulation::Operator(), *core::ParseIncidentReportName(report), "", to);
    ASSERT_TRUE(closed.ok()) << closed.status();
  }
  void ExpectInvariants() {
    auto violations = invariants_.Check();
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_THAT(*violations, IsEmpty()) << "seed " << sim_.seed();
  }
  bool Settle() {
    auto settled = sim_.Settle(absl::Hours(24));
    EXPECT_TRUE(settled.ok()) << settled.status();
    ExpectInvariants();
    return settled.ok() && *settled;
  }

  Simulation sim_;
  InvariantChecker invariants_;
  std::string org_;
};

// The DOMAIN example: a sign-in from a known-bad IP and a forwarding rule.
TEST_F(IsolationSimulationTest,
       Iso2Iso3Iso4Iso5ReportIsolatesResolveReEnablesRuleStaysOff) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  ASSERT_TRUE(sim_.world().SignIn(kTenant, "alice@contoso.com").ok());
  ASSERT_TRUE(sim_.world()
                  .AddInboxRule(kTenant, "alice@contoso.com",
                                ForwardingRule("r-fwd", "drop@evil.example"))
                  .ok());
  ASSERT_TRUE(sim_.world()
                  .AddInboxRule(kTenant, "alice@contoso.com",
                                ForwardingRule("r-team", "bob@contoso.com"))
                  .ok());

  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok()) << report.status();
  // ISO-2: the send itself queued the isolation; nothing has run yet.
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ISOLATING);
  ASSERT_TRUE(Settle());

  // ISO-3: revoked, disabled, the outside-forwarding rule disabled only.
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(sim_.world().SessionCount(kTenant, "alice@contoso.com"), 0);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), false);
  EXPECT_FALSE(
      sim_.world().Rule(kTenant, "alice@contoso.com", "r-fwd")->is_enabled);
  EXPECT_TRUE(
      sim_.world().Rule(kTenant, "alice@contoso.com", "r-team")->is_enabled);
  const IncidentReport sent = Report(*report);
  for (const ResponseAction& action : sent.response_actions()) {
    EXPECT_EQ(action.outcome(), ResponseAction::SUCCEEDED)
        << ResponseAction::Kind_Name(action.kind()) << ": " << action.detail();
  }

  Close(*report, IncidentReport::RESOLVED);
  ASSERT_TRUE(Settle());
  // ISO-4: re-enabled; ISO-5: the rule stays disabled.
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
  EXPECT_FALSE(
      sim_.world().Rule(kTenant, "alice@contoso.com", "r-fwd")->is_enabled);
}

TEST_F(IsolationSimulationTest, Iso4TwoReportsReEnableOnlyAfterTheLast) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  auto first = SendIsolatingReport(sim_, org_, {alice});
  auto second = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation().holds_size(), 2);

  Close(*first, IncidentReport::RESOLVED);
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), false);

  Close(*second, IncidentReport::REJECTED);
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
}

TEST_F(IsolationSimulationTest,
       Iso7ExcludedIdentityIsNotTouchedAndTheReportSaysWhy) {
  SetUpOrg();
  const std::string alice = NewIdentity(
      {.upn = "alice@contoso.com", .excluded_from_isolation = true});
  ASSERT_TRUE(sim_.world().SignIn(kTenant, "alice@contoso.com").ok());
  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.log().Count("graph "), 0);
  EXPECT_EQ(sim_.world().SessionCount(kTenant, "alice@contoso.com"), 1);
  const IncidentReport sent = Report(*report);
  ASSERT_EQ(sent.response_actions_size(), 1);
  EXPECT_EQ(sent.response_actions(0).kind(), ResponseAction::ISOLATION_SKIPPED);
  EXPECT_EQ(sent.response_actions(0).detail(), "IDENTITY_EXCLUDED");
}

TEST_F(IsolationSimulationTest,
       Iso1AccountToggleOffSkipsButIso8ManualStillIsolates) {
  SetUpOrg(/*isolation_enabled=*/false);
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Report(*report).response_actions(0).detail(),
            "ACCOUNT_ISOLATION_DISABLED");
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);

  auto isolated = sim_.engine().manual_isolation().Isolate(
      Simulation::Operator(), *core::ParseIdentityName(alice), "analyst call");
  ASSERT_TRUE(isolated.ok()) << isolated.status();
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), false);

  // ISO-6: a manual release clears every hold.
  ASSERT_TRUE(sim_.engine()
                  .manual_isolation()
                  .Release(Simulation::Operator(),
                           *core::ParseIdentityName(alice), "false alarm")
                  .ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
}

// ISO-9 across sync cycles, for each agent situation.
struct HybridCase {
  std::string agent_version;
  bool full_isolation;
};

class HybridIsolationTest : public IsolationSimulationTest,
                            public ::testing::WithParamInterface<HybridCase> {};

TEST_P(HybridIsolationTest, Iso9DisableSticksOnlyWithACapableAgent) {
  OrganizationSetup org;
  org.hybrid = true;
  org.agent_version = GetParam().agent_version;
  SetUpOrg(true, org);
  const std::string bob =
      NewIdentity({.upn = "bob@contoso.com", .hybrid = true});
  ASSERT_TRUE(sim_.world().SignIn(kTenant, "bob@contoso.com").ok());
  auto report = SendIsolatingReport(sim_, org_, {bob});
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(Settle());
  // Three directory-sync cycles later...
  ASSERT_TRUE(sim_.Advance(absl::Minutes(95)).ok());
  ExpectInvariants();
  EXPECT_EQ(sim_.world().SessionCount(kTenant, "bob@contoso.com"), 0);
  const Identity identity = Get(bob);
  if (GetParam().full_isolation) {
    EXPECT_EQ(identity.isolation_state(), Identity::ISOLATED);
    EXPECT_EQ(sim_.world().IsOnPremEnabled(kTenant, "bob@contoso.com"), false);
    EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "bob@contoso.com"), false);
  } else {
    EXPECT_EQ(identity.isolation_state(), Identity::LIMITED);
    EXPECT_FALSE(identity.isolation().cloud_account_disabled());
    EXPECT_EQ(sim_.log().Count("set_account_enabled"), 0)
        << "a LIMITED isolation never disables the account";
  }
  Close(*report, IncidentReport::RESOLVED);
  ASSERT_TRUE(Settle());
  ASSERT_TRUE(sim_.Advance(absl::Minutes(35)).ok());
  ExpectInvariants();
  EXPECT_EQ(Get(bob).isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "bob@contoso.com"), true);
}

INSTANTIATE_TEST_SUITE_P(AgentVersions, HybridIsolationTest,
                         ::testing::Values(HybridCase{"0.14.22", true},
                                           HybridCase{"1.0", true},
                                           HybridCase{"0.14.3", false},
                                           HybridCase{"", false}),
                         [](const ::testing::TestParamInfo<HybridCase>& info) {
                           return info.param.agent_version.empty()
                                      ? std::string("NoAgent")
                                      : "Agent_" + std::to_string(info.index);
                         });

TEST_F(IsolationSimulationTest, Iso11AadstsTenantCannotBeIsolatedAndSaysWhy) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  sim_.faults().SetTenantAadsts(kTenant, "AADSTS65001");
  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(Settle());
  const Identity identity = Get(alice);
  EXPECT_THAT(identity.isolation().last_failure(),
              ::testing::HasSubstr("AADSTS65001"));
  EXPECT_FALSE(identity.isolation().cloud_account_disabled());
  bool any_failed = false;
  const IncidentReport sent = Report(*report);
  for (const ResponseAction& action : sent.response_actions()) {
    any_failed |= action.outcome() == ResponseAction::FAILED;
  }
  EXPECT_TRUE(any_failed);
}

// --- Issue 8, defect 1: re-enable only what Cordon disabled (ISO-4) ---

class RefusedDisableTest : public IsolationSimulationTest {
 protected:
  RefusedDisableTest() : IsolationSimulationTest(RefusingAccountChanges()) {}
};

// Graph refuses the disable. An admin then disables the account for reasons
// of their own. Resolving the report must not switch it back on: Cordon
// never disabled it.
TEST_F(RefusedDisableTest, Iso4FailedDisableIsNeverUndoneOnResolve) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_TRUE(Settle());
  // The flags say what Graph did: nothing was disabled.
  EXPECT_FALSE(Get(alice).isolation().cloud_account_disabled());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::LIMITED);

  // From here on Graph would accept an enable: none must be sent.
  sim_.faults().SetQuiet(true);
  ASSERT_EQ(
      sim_.world().AdminSetCloudEnabled(kTenant, "alice@contoso.com", false),
      WorldResult::kDone);
  const size_t calls_before = sim_.log().Count("set_account_enabled");
  Close(*report, IncidentReport::RESOLVED);
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.log().Count("set_account_enabled"), calls_before)
      << "no enable is sent for a disable that never happened";
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), false)
      << "the admin's own disable stands";
  const Identity released = Get(alice);
  EXPECT_EQ(released.isolation_state(), Identity::ACTIVE);
  EXPECT_FALSE(released.isolation().cloud_account_disabled());
  EXPECT_EQ(released.isolation().pending_actions(), 0);
  // ... and an identity named in a report whose actions failed can go.
  EXPECT_TRUE(
      sim_.engine()
          .identities()
          .Delete(Simulation::Operator(), *core::ParseIdentityName(alice), "")
          .ok());
}

// The public flag follows Graph's answer, not the queue.
TEST_F(IsolationSimulationTest, Iso11CloudDisabledFlagOnlyOnceGraphAccepted) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ISOLATING);
  EXPECT_FALSE(Get(alice).isolation().cloud_account_disabled())
      << "queued is not disabled";
  ASSERT_TRUE(Settle());
  EXPECT_TRUE(Get(alice).isolation().cloud_account_disabled());
  Close(*report, IncidentReport::REJECTED);
  ASSERT_TRUE(Settle());
  EXPECT_FALSE(Get(alice).isolation().cloud_account_disabled());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ACTIVE);
}

// A release whose enable can never succeed (the tenant removed Cordon's app
// after the disable) leaves the identity RELEASING with the failure shown;
// releasing again retries, and an admin who gives up can still delete it
// (issue 8, defect 1: every state has a way out).
TEST_F(IsolationSimulationTest, Iso6FailedReleaseCanBeRetriedOrDeleted) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  auto report = SendIsolatingReport(sim_, org_, {alice});
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(Settle());
  ASSERT_TRUE(Get(alice).isolation().cloud_account_disabled());

  sim_.faults().SetTenantAadsts(kTenant, "AADSTS700016");
  Close(*report, IncidentReport::RESOLVED);
  ASSERT_TRUE(Settle());
  Identity stuck = Get(alice);
  EXPECT_EQ(stuck.isolation_state(), Identity::RELEASING);
  EXPECT_TRUE(stuck.isolation().cloud_account_disabled());
  EXPECT_THAT(stuck.isolation().last_failure(),
              ::testing::HasSubstr("AADSTS700016"));
  const core::IdentityName name = *core::ParseIdentityName(alice);
  ASSERT_TRUE(sim_.engine()
                  .manual_isolation()
                  .Release(Simulation::Operator(), name, "retry")
                  .ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::RELEASING);

  EXPECT_TRUE(
      sim_.engine().identities().Delete(Simulation::Operator(), name, "").ok());
}

// --- Issue 8, defect 2: a new hold performs nothing already done (ISO-3) ---

TEST_F(IsolationSimulationTest,
       Iso3RepeatedReportsAddHoldsButNoRepeatedGraphCalls) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  std::vector<std::string> reports;
  // Two sent back to back (the second finds the work under way), then the
  // rest after the isolation has completed (they find it done).
  for (int i = 0; i < 2; ++i) {
    auto report = SendIsolatingReport(sim_, org_, {alice});
    ASSERT_TRUE(report.ok()) << report.status();
    reports.push_back(*report);
  }
  ASSERT_TRUE(Settle());
  for (int i = 0; i < 20; ++i) {
    auto report = SendIsolatingReport(sim_, org_, {alice});
    ASSERT_TRUE(report.ok()) << report.status();
    reports.push_back(*report);
  }
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.log().Count("revoke_sign_in_sessions"), 1);
  EXPECT_EQ(sim_.log().Count("set_account_enabled"), 1);
  EXPECT_EQ(sim_.log().Count("list_inbox_rules"), 1);
  const Identity identity = Get(alice);
  EXPECT_EQ(identity.isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(identity.isolation().holds_size(), 22);
  // Every report still says what was done for it, and nothing is left
  // PENDING on the report that joined work under way.
  for (const std::string& name : reports) {
    const IncidentReport report = Report(name);
    ASSERT_GE(report.response_actions_size(), 3) << name;
    for (const ResponseAction& action : report.response_actions()) {
      EXPECT_EQ(action.outcome(), ResponseAction::SUCCEEDED)
          << name << " " << ResponseAction::Kind_Name(action.kind()) << ": "
          << action.detail();
    }
  }
  // ISO-4 still holds: the last report's close re-enables, once.
  for (const std::string& name : reports) {
    Close(name, IncidentReport::RESOLVED);
  }
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(sim_.log().Count("set_account_enabled"), 2);
}

TEST_F(IsolationSimulationTest, Iso3NewlyNamedRuleIsTheOnlyNewWork) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  core::InboxRule innocent_looking;
  innocent_looking.id = "r-quiet";
  innocent_looking.display_name = "tidy";
  ASSERT_TRUE(sim_.world()
                  .AddInboxRule(kTenant, "alice@contoso.com", innocent_looking)
                  .ok());
  ASSERT_TRUE(SendIsolatingReport(sim_, org_, {alice}).ok());
  ASSERT_TRUE(Settle());
  ASSERT_TRUE(
      sim_.world().Rule(kTenant, "alice@contoso.com", "r-quiet")->is_enabled);

  auto named = SendIsolatingReport(sim_, org_, {alice}, {"r-quiet"});
  ASSERT_TRUE(named.ok());
  ASSERT_TRUE(Settle());
  EXPECT_FALSE(
      sim_.world().Rule(kTenant, "alice@contoso.com", "r-quiet")->is_enabled);
  EXPECT_EQ(sim_.log().Count("revoke_sign_in_sessions"), 1);
  EXPECT_EQ(sim_.log().Count("set_account_enabled"), 1);
  EXPECT_EQ(sim_.log().Count("list_inbox_rules"), 2);
}

// A LIMITED isolation leaves the account enabled, so a new report about it
// is evidence the attacker came back: its sessions are revoked again.
TEST_F(IsolationSimulationTest, Iso9NewReportOnLimitedIdentityRevokesAgain) {
  OrganizationSetup org;
  org.hybrid = true;
  SetUpOrg(true, org);
  const std::string bob =
      NewIdentity({.upn = "bob@contoso.com", .hybrid = true});
  ASSERT_TRUE(SendIsolatingReport(sim_, org_, {bob}).ok());
  ASSERT_TRUE(SendIsolatingReport(sim_, org_, {bob}).ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.log().Count("revoke_sign_in_sessions"), 1)
      << "the second report joined the revoke under way";
  ASSERT_TRUE(sim_.world().SignIn(kTenant, "bob@contoso.com").ok());
  ASSERT_TRUE(SendIsolatingReport(sim_, org_, {bob}).ok());
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.log().Count("revoke_sign_in_sessions"), 2);
  EXPECT_EQ(sim_.world().SessionCount(kTenant, "bob@contoso.com"), 0);
}

}  // namespace isolation_simulation_test
}  // namespace cordon::sim
