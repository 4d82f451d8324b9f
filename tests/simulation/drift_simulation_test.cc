// ISO-13 drift end to end: Cordon's engine on a real RocksDB against the
// simulated tenant, on virtual time. The tenant inventory (ISO-12) sees an
// isolated account enabled again and Cordon disables it again the same way,
// recording the drift on the identity and its reports.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/store/transact.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"
#include "tests/simulation/refusing_graph.h"

namespace cordon::sim {
namespace drift_simulation_test {

using cordon::store::OutboxAction;
using cordon::v1::Identity;
using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kTenant[] = "00000000-0000-0000-0000-000000000001";

class DriftSimulationTest : public ::testing::Test {
 protected:
  explicit DriftSimulationTest(SimulationOptions options = {})
      : sim_(std::move(options)), invariants_(&sim_) {}

  void SetUpOrg(OrganizationSetup setup = {}) {
    auto account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    auto organization = AddOrganization(sim_, *account, setup);
    ASSERT_TRUE(organization.ok()) << organization.status();
    org_ = *core::ParseOrganizationName(*organization);
  }
  std::string NewIdentity(IdentitySetup setup) {
    auto identity = AddIdentity(sim_, org_.ToString(), setup);
    EXPECT_TRUE(identity.ok()) << identity.status();
    return identity.ok() ? *identity : "";
  }
  // Sends a report on `identities` and lets the isolation finish.
  std::string Isolate(const std::vector<std::string>& identities) {
    auto report = SendIsolatingReport(sim_, org_.ToString(), identities);
    EXPECT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(Settle());
    return report.ok() ? *report : "";
  }
  // The inventory's drift count of one run (-1 when the run failed).
  int SyncDrift() {
    auto counts = sim_.engine().inventory().Run(org_);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? counts->drift : -1;
  }
  bool Settle() {
    auto settled = sim_.Settle(absl::Hours(24));
    EXPECT_TRUE(settled.ok()) << settled.status();
    auto violations = invariants_.Check();
    EXPECT_TRUE(violations.ok()) << violations.status();
    if (violations.ok()) {
      EXPECT_THAT(*violations, IsEmpty());
    }
    return settled.ok() && *settled;
  }
  // The value read, or an empty one after a failed expectation.
  template <typename T>
  static T Read(absl::StatusOr<T> read) {
    EXPECT_TRUE(read.ok()) << read.status();
    return read.ok() ? *std::move(read) : T();
  }
  Identity Get(const std::string& identity) {
    return Read(GetIdentity(sim_, identity));
  }
  IncidentReport Report(const std::string& name) {
    return Read(
        sim_.engine().incidents().Get(*core::ParseIncidentReportName(name)));
  }
  // The report's entries of `kind` that record drift (ISO-13).
  std::vector<ResponseAction> DriftEntries(const std::string& report,
                                           ResponseAction::Kind kind) {
    std::vector<ResponseAction> entries;
    const IncidentReport read = Report(report);
    for (const ResponseAction& action : read.response_actions()) {
      if (action.kind() == kind &&
          action.detail().find("ISO-13") != std::string::npos) {
        entries.push_back(action);
      }
    }
    return entries;
  }
  // The kinds of the actions queued now.
  std::vector<OutboxAction::Kind> QueuedKinds() {
    std::vector<OutboxAction::Kind> kinds;
    auto due = sim_.engine().outbox().Due(absl::InfiniteFuture(), 100);
    EXPECT_TRUE(due.ok()) << due.status();
    if (!due.ok()) return kinds;
    for (const auto& queued : *due) kinds.push_back(queued.action.kind());
    return kinds;
  }
  // Disables of `upn` that reached the account (no injected fault), by
  // Graph and the agent (`call` "set_account_enabled") or by Graph alone
  // ("graph set_account_enabled").
  size_t Disables(const std::string& upn,
                  absl::string_view call = "set_account_enabled") {
    return sim_.log().CountIf([&](absl::string_view line) {
      return absl::StrContains(line, call) && absl::StrContains(line, upn) &&
             absl::StrContains(line, "enabled=false") &&
             !absl::StrContains(line, "fault=");
    });
  }
  size_t GraphDisables(const std::string& upn) {
    return Disables(upn, "graph set_account_enabled");
  }

  Simulation sim_;
  InvariantChecker invariants_;
  core::OrganizationName org_;
};

// An admin re-enables an isolated cloud-only user in the tenant: disabled
// again through Graph, counted, recorded on the report; again next time.
TEST_F(DriftSimulationTest, Iso13CloudReEnableIsDisabledAgainThroughGraph) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string report = Isolate({alice});
  EXPECT_EQ(SyncDrift(), 0);  // sees the disable Cordon made
  ASSERT_EQ(
      sim_.world().AdminSetCloudEnabled(kTenant, "alice@contoso.com", true),
      WorldResult::kDone);
  EXPECT_EQ(SyncDrift(), 1);
  EXPECT_THAT(QueuedKinds(),
              ::testing::ElementsAre(OutboxAction::DISABLE_ACCOUNT));
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), false);
  EXPECT_EQ(GraphDisables("alice@contoso.com"), 2u);
  Identity after = Get(alice);
  EXPECT_EQ(after.drift_count(), 1);
  EXPECT_EQ(absl::FromUnixSeconds(after.last_drift_time().seconds()),
            absl::FromUnixSeconds(absl::ToUnixSeconds(sim_.clock().Now())));
  EXPECT_EQ(after.isolation_state(), Identity::ISOLATED);
  EXPECT_TRUE(after.isolation().cloud_account_disabled());
  auto entries = DriftEntries(report, ResponseAction::IDENTITY_DISABLED);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome(), ResponseAction::SUCCEEDED);
  // The audit log says why Cordon acted with nobody asking.
  engine::AuditLog::Query query;
  query.account = org_.account;
  query.resource = alice;
  auto audit = sim_.engine().audit().List(
      query, {.page_size = 100, .resume_after_key = ""});
  ASSERT_TRUE(audit.ok()) << audit.status();
  int drift_events = 0;
  for (const auto& event : audit->items) {
    drift_events += absl::StrContains(event.summary(), "ISO-13") ? 1 : 0;
  }
  EXPECT_EQ(drift_events, 1);

  // Re-enabled once more: a second drift, corrected the same way.
  sim_.clock().Advance(absl::Minutes(5));
  ASSERT_EQ(
      sim_.world().AdminSetCloudEnabled(kTenant, "alice@contoso.com", true),
      WorldResult::kDone);
  EXPECT_EQ(SyncDrift(), 1);
  ASSERT_TRUE(Settle());
  EXPECT_EQ(Get(alice).drift_count(), 2);
  EXPECT_EQ(GraphDisables("alice@contoso.com"), 3u);
  EXPECT_EQ(DriftEntries(report, ResponseAction::IDENTITY_DISABLED).size(), 2u);
}

// Two reports hold the identity: both record the drift, one carried by the
// action and one following it, and both get its outcome.
TEST_F(DriftSimulationTest, Iso13EveryHoldingReportRecordsTheDrift) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string first = Isolate({alice});
  const std::string second = Isolate({alice});
  ASSERT_EQ(
      sim_.world().AdminSetCloudEnabled(kTenant, "alice@contoso.com", true),
      WorldResult::kDone);
  EXPECT_EQ(SyncDrift(), 1);
  for (const std::string& report : {first, second}) {
    auto pending = DriftEntries(report, ResponseAction::IDENTITY_DISABLED);
    ASSERT_EQ(pending.size(), 1u) << report;
    EXPECT_EQ(pending[0].outcome(), ResponseAction::PENDING);
  }
  ASSERT_TRUE(Settle());
  EXPECT_EQ(GraphDisables("alice@contoso.com"), 2u);  // one action for both
  for (const std::string& report : {first, second}) {
    auto done = DriftEntries(report, ResponseAction::IDENTITY_DISABLED);
    ASSERT_EQ(done.size(), 1u) << report;
    EXPECT_EQ(done[0].outcome(), ResponseAction::SUCCEEDED) << report;
  }
}

// A hybrid user disabled through the agent is re-enabled on-prem and
// directory sync carries it up: disabled again on-prem and in the cloud.
TEST_F(DriftSimulationTest, Iso13OnPremReEnableIsDisabledAgainThroughTheAgent) {
  SetUpOrg({.hybrid = true, .agent_version = "0.14.22"});
  const std::string bob =
      NewIdentity({.upn = "bob@contoso.com", .hybrid = true});
  const std::string report = Isolate({bob});
  ASSERT_EQ(Disables("bob@contoso.com") - GraphDisables("bob@contoso.com"), 1u);
  ASSERT_EQ(
      sim_.world().AdminSetOnPremEnabled(kTenant, "bob@contoso.com", true),
      WorldResult::kDone);
  ASSERT_TRUE(sim_.world().RunDirectorySyncCycle(kTenant).ok());
  ASSERT_EQ(sim_.world().IsCloudEnabled(kTenant, "bob@contoso.com"), true);
  EXPECT_EQ(SyncDrift(), 1);
  EXPECT_THAT(QueuedKinds(), ::testing::UnorderedElementsAre(
                                 OutboxAction::DISABLE_ACCOUNT,
                                 OutboxAction::AGENT_DISABLE_ACCOUNT));
  ASSERT_TRUE(Settle());
  EXPECT_EQ(sim_.world().IsOnPremEnabled(kTenant, "bob@contoso.com"), false);
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "bob@contoso.com"), false);
  // The agent disabled it twice: at isolation and after the drift.
  EXPECT_EQ(Disables("bob@contoso.com") - GraphDisables("bob@contoso.com"), 2u);
  EXPECT_EQ(Get(bob).drift_count(), 1);
  auto entries = DriftEntries(report, ResponseAction::ON_PREM_DISABLED);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome(), ResponseAction::SUCCEEDED);
}

// ISO-9: a LIMITED isolation never disabled anything: enabled is expected.
TEST_F(DriftSimulationTest, Iso13Iso9LimitedHybridEnabledIsNoDrift) {
  SetUpOrg({.hybrid = true, .agent_version = "0.14.3"});
  const std::string sam =
      NewIdentity({.upn = "sam@contoso.com", .hybrid = true});
  Isolate({sam});
  ASSERT_EQ(Get(sam).isolation_state(), Identity::LIMITED);
  EXPECT_EQ(SyncDrift(), 0);  // a full round: Sam is seen enabled
  EXPECT_THAT(QueuedKinds(), IsEmpty());
  EXPECT_EQ(Disables("sam@contoso.com"), 0u);
  EXPECT_EQ(Get(sam).drift_count(), 0);
}

// A released identity is not Cordon's to disable: re-enabled by the
// release itself, seen enabled, no drift.
TEST_F(DriftSimulationTest, Iso13ReleasedIdentityEnabledIsNoDrift) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string report = Isolate({alice});
  auto closed = sim_.engine().incidents().Close(
      Simulation::Operator(), *core::ParseIncidentReportName(report), "",
      IncidentReport::RESOLVED);
  ASSERT_TRUE(closed.ok()) << closed.status();
  ASSERT_TRUE(Settle());
  ASSERT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
  EXPECT_EQ(SyncDrift(), 0);
  EXPECT_THAT(QueuedKinds(), IsEmpty());
  EXPECT_EQ(GraphDisables("alice@contoso.com"), 1u);
  EXPECT_EQ(Get(alice).drift_count(), 0);
}

// The isolation's disable is still queued when the inventory sees the
// account enabled: it will land by itself, nothing is queued twice.
TEST_F(DriftSimulationTest, Iso13DisableStillQueuedIsNotQueuedTwice) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  auto report = SendIsolatingReport(sim_, org_.ToString(), {alice});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(SyncDrift(), 0);
  int disables = 0;
  for (OutboxAction::Kind kind : QueuedKinds()) {
    disables += kind == OutboxAction::DISABLE_ACCOUNT ? 1 : 0;
  }
  EXPECT_EQ(disables, 1);
  ASSERT_TRUE(Settle());
  EXPECT_EQ(GraphDisables("alice@contoso.com"), 1u);
  EXPECT_EQ(Get(alice).drift_count(), 0);
  EXPECT_THAT(DriftEntries(*report, ResponseAction::IDENTITY_DISABLED),
              IsEmpty());
}

// The drift's disable belongs to the isolation's epoch: a release before
// the worker performs it supersedes it (never performed) and enables the
// account as any release would (ISO-4).
TEST_F(DriftSimulationTest, Iso13ReleaseBeforeTheReDisableSupersedesIt) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string report = Isolate({alice});
  ASSERT_EQ(
      sim_.world().AdminSetCloudEnabled(kTenant, "alice@contoso.com", true),
      WorldResult::kDone);
  ASSERT_EQ(SyncDrift(), 1);
  auto closed = sim_.engine().incidents().Close(
      Simulation::Operator(), *core::ParseIncidentReportName(report), "",
      IncidentReport::RESOLVED);
  ASSERT_TRUE(closed.ok()) << closed.status();
  ASSERT_TRUE(Settle());
  EXPECT_EQ(GraphDisables("alice@contoso.com"), 1u);  // the isolation's only
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
  const Identity after = Get(alice);
  EXPECT_EQ(after.isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(after.isolation().pending_actions(), 0);
  EXPECT_EQ(after.drift_count(), 1);
  auto entries = DriftEntries(report, ResponseAction::IDENTITY_DISABLED);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome(), ResponseAction::SUPERSEDED);
}

// DriftCorrection's hook itself: an identity no hold isolates, or one
// deleted in the tenant, is no drift and nothing is written.
TEST_F(DriftSimulationTest, Iso13HookIgnoresUnheldAndDeletedIdentities) {
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string bob = NewIdentity({.upn = "bob@contoso.com"});
  Isolate({bob});
  ASSERT_EQ(SyncDrift(), 0);
  ASSERT_EQ(sim_.world().AdminDeleteUser(kTenant, "bob@contoso.com"),
            WorldResult::kDone);
  ASSERT_EQ(SyncDrift(), 0);
  ASSERT_TRUE(Get(bob).deleted_in_tenant());
  const Identity alice_before = Get(alice);
  for (const std::string& name : {alice, bob}) {
    auto drift = store::Transact(
        sim_.database(), [&](store::Transaction& txn) -> absl::StatusOr<bool> {
          auto found = sim_.engine().drift().OnEnabled(
              txn, *core::ParseIdentityName(name));
          if (!found.ok()) return found;
          absl::Status committed = txn.Commit();
          if (!committed.ok()) return committed;
          return *found;
        });
    ASSERT_TRUE(drift.ok()) << drift.status();
    EXPECT_FALSE(*drift) << name;
  }
  EXPECT_THAT(QueuedKinds(), IsEmpty());
  EXPECT_EQ(Get(alice).update_time().seconds(),
            alice_before.update_time().seconds());
  EXPECT_EQ(Get(bob).drift_count(), 0);
}

class RefusedDriftTest : public DriftSimulationTest {
 protected:
  RefusedDriftTest() : DriftSimulationTest(RefusingAccountChanges()) {}
};

// Graph refuses the re-disable for good: recorded FAILED on the report like
// any disable, and visible on the identity (ISO-11).
TEST_F(RefusedDriftTest, Iso13RefusedReDisableIsRecordedFailed) {
  sim_.faults().SetQuiet(true);  // the isolation itself goes through
  SetUpOrg();
  const std::string alice = NewIdentity({.upn = "alice@contoso.com"});
  const std::string report = Isolate({alice});
  ASSERT_TRUE(Get(alice).isolation().cloud_account_disabled());
  ASSERT_EQ(
      sim_.world().AdminSetCloudEnabled(kTenant, "alice@contoso.com", true),
      WorldResult::kDone);
  sim_.faults().SetQuiet(false);
  EXPECT_EQ(SyncDrift(), 1);
  ASSERT_TRUE(Settle());
  auto entries = DriftEntries(report, ResponseAction::IDENTITY_DISABLED);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome(), ResponseAction::FAILED);
  const Identity after = Get(alice);
  EXPECT_EQ(after.drift_count(), 1);
  EXPECT_FALSE(after.isolation().cloud_account_disabled());
  EXPECT_THAT(after.isolation().last_failure(), HasSubstr("DISABLE_ACCOUNT"));
  EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
}

// ISO-12's crash between pages with drift on every page: each page's drift
// commits with the page, so the resumed run neither loses nor repeats it.
class DriftResumeTest : public DriftSimulationTest {
 protected:
  static SimulationOptions Throttled() {
    SimulationOptions options;
    options.faults.calls_per_minute = 1;
    return options;
  }
  DriftResumeTest() : DriftSimulationTest(Throttled()) {}
};

TEST_F(DriftResumeTest, Iso13CrashBetweenPagesNeitherLosesNorDoublesDrift) {
  SetUpOrg({.delta_page_size = 2});
  const std::vector<std::string> upns = {"a@contoso.com", "b@contoso.com",
                                         "c@contoso.com", "d@contoso.com",
                                         "e@contoso.com"};
  std::vector<std::string> identities;
  for (const std::string& upn : upns) {
    identities.push_back(NewIdentity({.upn = upn}));
  }
  Isolate(identities);
  for (const std::string& upn : upns) {
    ASSERT_EQ(sim_.world().AdminSetCloudEnabled(kTenant, upn, true),
              WorldResult::kDone);
  }
  sim_.clock().Advance(absl::Minutes(1));
  // The first page is applied, the second throttled: the run fails.
  EXPECT_EQ(sim_.engine().inventory().Run(org_).status().code(),
            absl::StatusCode::kUnavailable);
  auto drifted = [&] {
    int count = 0;
    for (const std::string& identity : identities) {
      count += Get(identity).drift_count();
    }
    return count;
  };
  EXPECT_EQ(drifted(), 2);  // the first page's two users, committed with it
  ASSERT_TRUE(sim_.CrashAndRestart().ok());
  EXPECT_EQ(drifted(), 2);
  int drift = 0;
  for (int minute = 0; minute < 5; ++minute) {
    sim_.clock().Advance(absl::Minutes(1));
    auto counts = sim_.engine().inventory().Run(org_);
    if (counts.ok()) {
      drift += counts->drift;
      break;
    }
  }
  ASSERT_TRUE(Settle());
  for (size_t i = 0; i < upns.size(); ++i) {
    EXPECT_EQ(Get(identities[i]).drift_count(), 1) << upns[i];
    EXPECT_EQ(GraphDisables(upns[i]), 2u) << upns[i];
    EXPECT_EQ(sim_.world().IsCloudEnabled(kTenant, upns[i]), false) << upns[i];
  }
  EXPECT_GE(drift, 1);  // the last page's drift, counted by the run that ended
}

}  // namespace drift_simulation_test
}  // namespace cordon::sim
