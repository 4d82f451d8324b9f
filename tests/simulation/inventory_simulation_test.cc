// ISO-12 tenant inventory end to end: Cordon's engine on a real RocksDB
// against the simulated tenant's delta query, on virtual time.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "simulator/cordon_setup.h"
#include "simulator/escalation_query.h"
#include "simulator/fault_plan.h"
#include "simulator/simulated_graph.h"
#include "simulator/simulation.h"

namespace cordon::sim {
namespace inventory_simulation_test {

using cordon::v1::Identity;
using cordon::v1::InventoryStatus;

constexpr char kTenant[] = "00000000-0000-0000-0000-000000000001";

class InventorySimulationTest : public ::testing::Test {
 protected:
  explicit InventorySimulationTest(SimulationOptions options = {})
      : sim_(std::move(options)) {}

  void SetUp() override {
    auto account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    auto organization = AddOrganization(sim_, *account, {.delta_page_size = 2});
    ASSERT_TRUE(organization.ok()) << organization.status();
    org_ = *core::ParseOrganizationName(*organization);
  }

  void AddUser(const std::string& upn, bool hybrid = false) {
    ASSERT_TRUE(sim_.world()
                    .AddUser(kTenant, {.upn = upn,
                                       .on_premises_sync_enabled = hybrid,
                                       .usage_location = "DE"})
                    .ok());
  }

  absl::StatusOr<engine::InventoryCounts> Sync() {
    return sim_.engine().inventory().Run(org_);
  }

  // The organization's identities by UPN.
  std::map<std::string, Identity> Identities() {
    std::map<std::string, Identity> by_upn;
    auto page = sim_.engine().identities().List(
        org_, {}, {.page_size = 1000, .resume_after_key = ""});
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return by_upn;
    for (const Identity& identity : page->items) {
      by_upn[identity.upn()] = identity;
    }
    return by_upn;
  }

  // The summaries of the inventory's audit records on the organization.
  std::vector<std::string> InventoryAudit() {
    std::vector<std::string> trail;
    engine::AuditLog::Query query;
    query.account = org_.account;
    query.resource = org_.ToString();
    auto page = sim_.engine().audit().List(
        query, {.page_size = 1000, .resume_after_key = ""});
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return trail;
    for (const cordon::v1::AuditEvent& event : page->items) {
      if (event.method() != "InventorySync") continue;
      EXPECT_EQ(event.principal(), "system");
      trail.push_back(event.summary());
    }
    return trail;
  }

  int StatusIdentities() {
    auto org =
        sim_.engine().organizations().Get(org_.account, org_.organization);
    EXPECT_TRUE(org.ok()) << org.status();
    return org.ok() ? org->inventory().identities() : -1;
  }

  // ESC-2 INTEGRATION_M365_INACCESSIBLE escalations of the account.
  absl::StatusOr<std::vector<cordon::v1::Escalation>>
  InaccessibleEscalations() {
    EscalationSelector selector;
    selector.type = cordon::v1::INTEGRATION_M365_INACCESSIBLE;
    return MatchingEscalations(sim_.engine(), org_.account, selector);
  }

  Simulation sim_;
  core::OrganizationName org_;
};

TEST_F(InventorySimulationTest, Iso12UsersBecomeIdentitiesWithObjectIds) {
  AddUser("a@contoso.com");
  AddUser("h@contoso.com", /*hybrid=*/true);
  AddUser("c@contoso.com");
  auto counts = Sync();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->added, 3);
  EXPECT_EQ(counts->pages, 2);
  auto identities = Identities();
  ASSERT_EQ(identities.size(), 3u);
  EXPECT_EQ(identities["a@contoso.com"].entra_object_id(),
            sim_.world().ObjectId(kTenant, "a@contoso.com"));
  EXPECT_EQ(identities["h@contoso.com"].source(), Identity::HYBRID_SYNCED);
  EXPECT_EQ(identities["c@contoso.com"].source(), Identity::CLOUD_ONLY);
  EXPECT_EQ(identities["c@contoso.com"].usage_location(), "DE");
  EXPECT_EQ(identities["c@contoso.com"].isolation_state(), Identity::ACTIVE);
  auto org = sim_.engine().organizations().Get(org_.account, org_.organization);
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->inventory().last_outcome(), InventoryStatus::SUCCEEDED);
  // Nothing changed: a delta round applies nothing.
  auto again = Sync();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->added + again->updated + again->deleted, 0);
}

TEST_F(InventorySimulationTest, Iso12HandMadeIdentityIsAdoptedByUpn) {
  auto made = AddIdentity(sim_, org_.ToString(), {.upn = "a@contoso.com"});
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(GetIdentity(sim_, *made)->entra_object_id(), "");
  auto counts = Sync();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->added, 0);
  EXPECT_EQ(GetIdentity(sim_, *made)->entra_object_id(),
            sim_.world().ObjectId(kTenant, "a@contoso.com"));
  EXPECT_EQ(Identities().size(), 1u);
}

TEST_F(InventorySimulationTest, Iso12RenameIsTheSameIdentity) {
  AddUser("a@contoso.com");
  ASSERT_TRUE(Sync().ok());
  const std::string name = Identities()["a@contoso.com"].name();
  ASSERT_EQ(sim_.world().AdminRenameUser(kTenant, "a@contoso.com",
                                         "anna@contoso.com"),
            WorldResult::kDone);
  auto counts = Sync();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->updated, 1);
  auto identities = Identities();
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities["anna@contoso.com"].name(), name);
  // The UPN index follows: the old UPN is free for a hand-made identity.
  EXPECT_TRUE(
      AddIdentity(sim_, org_.ToString(), {.upn = "a@contoso.com"}).ok());
}

TEST_F(InventorySimulationTest, Iso12DeletedUserIsMarkedAndKept) {
  AddUser("a@contoso.com");
  AddUser("b@contoso.com");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(sim_.world().AdminDeleteUser(kTenant, "b@contoso.com"),
            WorldResult::kDone);
  auto counts = Sync();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->deleted, 1);
  auto identities = Identities();
  ASSERT_EQ(identities.size(), 2u);
  EXPECT_TRUE(identities["b@contoso.com"].deleted_in_tenant());
  EXPECT_TRUE(identities["b@contoso.com"].has_delete_time());
  EXPECT_FALSE(identities["a@contoso.com"].deleted_in_tenant());
}

// ISO-12 with ISO-7: a report on a user deleted in the tenant isolates
// nothing and says why.
TEST_F(InventorySimulationTest, Iso12DeletedUserIsNotIsolatedAndReportSaysWhy) {
  AddUser("b@contoso.com");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(sim_.world().AdminDeleteUser(kTenant, "b@contoso.com"),
            WorldResult::kDone);
  ASSERT_TRUE(Sync().ok());
  const std::string b = Identities()["b@contoso.com"].name();
  const int graph_calls = sim_.log().Count("graph ");
  auto report = SendIsolatingReport(sim_, org_.ToString(), {b});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_TRUE(sim_.Settle(absl::Hours(1)).ok());
  EXPECT_EQ(sim_.log().Count("graph "), graph_calls);
  auto sent =
      sim_.engine().incidents().Get(*core::ParseIncidentReportName(*report));
  ASSERT_TRUE(sent.ok()) << sent.status();
  ASSERT_EQ(sent->response_actions_size(), 1);
  EXPECT_EQ(sent->response_actions(0).kind(),
            cordon::v1::ResponseAction::ISOLATION_SKIPPED);
  EXPECT_EQ(sent->response_actions(0).detail(), "IDENTITY_DELETED_IN_TENANT");
  EXPECT_EQ(GetIdentity(sim_, b)->isolation_state(), Identity::ACTIVE);
}

TEST_F(InventorySimulationTest, Iso12ExpiredTokenFullReadMarksUnseenDeleted) {
  AddUser("a@contoso.com");
  AddUser("b@contoso.com");
  AddUser("c@contoso.com");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(sim_.world().AdminDeleteUser(kTenant, "c@contoso.com"),
            WorldResult::kDone);
  ASSERT_TRUE(sim_.world().ExpireDeltaTokens(kTenant).ok());
  auto counts = Sync();
  ASSERT_TRUE(counts.ok()) << counts.status();
  // A full round lists no removals: c is deleted because it was not seen.
  EXPECT_EQ(counts->deleted, 1);
  EXPECT_TRUE(Identities()["c@contoso.com"].deleted_in_tenant());
  EXPECT_FALSE(Identities()["b@contoso.com"].deleted_in_tenant());
}

// ISO-12: InventoryStatus.identities counts the identities standing for a
// live tenant user, kept by each write that changes it: pages, deletes in
// the tenant, and deleting an identity by hand (after which a change in the
// tenant brings the user back once, not twice).
TEST_F(InventorySimulationTest, Iso12StatusCountsTenantIdentities) {
  for (const char* upn : {"a@contoso.com", "b@contoso.com", "c@contoso.com"}) {
    AddUser(upn);
  }
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StatusIdentities(), 3);
  ASSERT_EQ(sim_.world().AdminDeleteUser(kTenant, "b@contoso.com"),
            WorldResult::kDone);
  AddUser("d@contoso.com");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StatusIdentities(), 3);  // a, c, d
  const Identity a = Identities()["a@contoso.com"];
  ASSERT_TRUE(sim_.engine()
                  .identities()
                  .Delete({"test", "", "test"},
                          *core::ParseIdentityName(a.name()), a.etag())
                  .ok());
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StatusIdentities(), 2);
  ASSERT_EQ(sim_.world().AdminRenameUser(kTenant, "a@contoso.com",
                                         "anna@contoso.com"),
            WorldResult::kDone);
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StatusIdentities(), 3);
  // A full round counts the same.
  ASSERT_TRUE(sim_.world().ExpireDeltaTokens(kTenant).ok());
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StatusIdentities(), 3);
}

// ISO-11/ISO-12: the inventory's changes leave an audit trail, one record
// per page that changed identities (by the system, on the organization);
// a run that changes nothing adds none.
TEST_F(InventorySimulationTest, Iso12Iso11InventoryChangesAreAudited) {
  using ::testing::HasSubstr;
  for (const char* upn : {"a@contoso.com", "b@contoso.com", "c@contoso.com"}) {
    AddUser(upn);
  }
  ASSERT_TRUE(Sync().ok());  // two pages, both adding
  EXPECT_THAT(InventoryAudit(),
              ::testing::UnorderedElementsAre(HasSubstr("added 2"),
                                              HasSubstr("added 1")));
  ASSERT_TRUE(Sync().ok());  // nothing changed
  EXPECT_EQ(InventoryAudit().size(), 2u);
  ASSERT_EQ(sim_.world().AdminRenameUser(kTenant, "a@contoso.com",
                                         "anna@contoso.com"),
            WorldResult::kDone);
  ASSERT_TRUE(Sync().ok());
  EXPECT_THAT(InventoryAudit(),
              ::testing::UnorderedElementsAre(
                  HasSubstr("added 2"), HasSubstr("added 1"),
                  HasSubstr("added 0, updated 1, marked deleted in the "
                            "tenant 0")));
}

// ISO-12 with the identity cap (kMaxIdentitiesPerOrganization, 3 here): a
// tenant larger than the cap fills the organization to it and no further;
// the run completes, says how many users it left out, and a later run takes
// them in as room is made.
TEST_F(InventorySimulationTest, Iso12TenantPastTheIdentityCapStopsAtIt) {
  for (const char* upn : {"a@contoso.com", "b@contoso.com", "c@contoso.com",
                          "d@contoso.com", "e@contoso.com"}) {
    AddUser(upn);
  }
  SimulatedGraph graph(&sim_.world(), &sim_.faults(), &sim_.log(),
                       &sim_.random());
  engine::InventorySync capped(&sim_.database(), &sim_.clock(), &graph, nullptr,
                               &sim_.engine().escalations(),
                               &sim_.engine().audit(),
                               /*after_drift=*/nullptr,
                               /*max_identities=*/3);
  auto counts = capped.Run(org_);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->added, 3);
  EXPECT_EQ(counts->over_cap, 2);
  EXPECT_EQ(Identities().size(), 3u);
  auto org = sim_.engine().organizations().Get(org_.account, org_.organization);
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->inventory().last_outcome(), InventoryStatus::FAILED);
  EXPECT_THAT(org->inventory().last_error(),
              ::testing::HasSubstr("TOO_MANY_IDENTITIES: 2 tenant users"));
  EXPECT_EQ(org->inventory().identities(), 3);
  // An admin deletes one identity: the next run (a full round, since users
  // were left out) fills the room it made, and only that.
  const Identity a = Identities().begin()->second;
  ASSERT_TRUE(sim_.engine()
                  .identities()
                  .Delete({"test", "", "test"},
                          *core::ParseIdentityName(a.name()), a.etag())
                  .ok());
  counts = capped.Run(org_);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->added, 1);
  EXPECT_EQ(counts->over_cap, 2);
  EXPECT_EQ(Identities().size(), 3u);
}

// ISO-12 with ESC-2: a tenant whose consent was revoked fails the run with
// INTEGRATION_M365_INACCESSIBLE, on the organization and as the CRITICAL
// escalation, so admins learn of it before any incident; repeated runs
// join the one open escalation (ESC-7).
TEST_F(InventorySimulationTest,
       Iso12Esc2AadstsDuringInventoryRaisesOneEscalation) {
  AddUser("a@contoso.com");
  sim_.faults().SetTenantAadsts(kTenant, "AADSTS65001");
  for (int run = 0; run < 2; ++run) {
    auto counts = Sync();
    EXPECT_EQ(counts.status().code(), absl::StatusCode::kFailedPrecondition);
    sim_.clock().Advance(absl::Minutes(30));
  }
  auto org = sim_.engine().organizations().Get(org_.account, org_.organization);
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->inventory().last_outcome(), InventoryStatus::FAILED);
  EXPECT_THAT(org->inventory().last_error(),
              ::testing::HasSubstr("AADSTS65001"));
  auto raised = InaccessibleEscalations();
  ASSERT_TRUE(raised.ok()) << raised.status();
  ASSERT_EQ(raised->size(), 1u);
  const cordon::v1::Escalation& escalation = raised->front();
  EXPECT_EQ(escalation.severity(), cordon::v1::CRITICAL);
  EXPECT_EQ(escalation.organization(), org_.ToString());
  EXPECT_EQ(escalation.events_size(), 2);
  EXPECT_THAT(escalation.events(0).summary(),
              ::testing::HasSubstr("AADSTS65001"));
}

// ESC-2/ESC-7: the escalation the inventory raised is the one a failed
// isolation in the same tenant joins, not a second one.
TEST_F(InventorySimulationTest,
       Iso12Esc2InventoryAndIsolationShareTheEscalation) {
  auto alice = AddIdentity(sim_, org_.ToString(), {.upn = "alice@contoso.com"});
  ASSERT_TRUE(alice.ok()) << alice.status();
  sim_.faults().SetTenantAadsts(kTenant, "AADSTS7000215");
  EXPECT_EQ(Sync().status().code(), absl::StatusCode::kFailedPrecondition);
  auto report = SendIsolatingReport(sim_, org_.ToString(), {*alice});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_TRUE(sim_.Settle(absl::Hours(1)).ok());
  auto raised = InaccessibleEscalations();
  ASSERT_TRUE(raised.ok()) << raised.status();
  ASSERT_EQ(raised->size(), 1u);
  EXPECT_THAT(raised->front().identities(), ::testing::Contains(*alice));
  EXPECT_GT(raised->front().events_size(), 1);
}

// ISO-12 "then periodically": binding the tenant queues a run at once, and
// each run queues the next one interval later.
class InventoryPeriodicTest : public InventorySimulationTest {
 protected:
  static SimulationOptions Every30Minutes() {
    SimulationOptions options;
    options.inventory_interval = absl::Minutes(30);
    return options;
  }
  explicit InventoryPeriodicTest(SimulationOptions options = Every30Minutes())
      : InventorySimulationTest(std::move(options)) {}
  void Rebind(const std::string& tenant) {
    auto org =
        sim_.engine().organizations().Get(org_.account, org_.organization);
    ASSERT_TRUE(org.ok()) << org.status();
    cordon::v1::Organization patch;
    patch.set_name(org->name());
    patch.set_etag(org->etag());
    patch.set_m365_tenant_id(tenant);
    google::protobuf::FieldMask mask;
    mask.add_paths("m365_tenant_id");
    auto updated =
        sim_.engine().organizations().Update({"test", "", "test"}, patch, mask);
    ASSERT_TRUE(updated.ok()) << updated.status();
  }
  // Over two hours a single chain reads the tenant's one delta page once
  // per 30 minutes.
  void ExpectOneRunPerInterval() {
    ASSERT_TRUE(sim_.RunUntilIdle().ok());
    const int before = sim_.log().Count("graph ");
    ASSERT_TRUE(sim_.Advance(absl::Hours(2)).ok());
    EXPECT_EQ(sim_.log().Count("graph ") - before, 4);
  }
  absl::Time LastSync() {
    auto org =
        sim_.engine().organizations().Get(org_.account, org_.organization);
    EXPECT_TRUE(org.ok()) << org.status();
    return org.ok() ? absl::FromUnixSeconds(
                          org->inventory().last_sync_time().seconds())
                    : absl::InfinitePast();
  }
};

TEST_F(InventoryPeriodicTest, Iso12RunsOnBindingThenEveryInterval) {
  AddUser("a@contoso.com");
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  EXPECT_EQ(Identities().size(), 1u);  // the run queued by the binding
  const absl::Time first = LastSync();
  AddUser("b@contoso.com");
  ASSERT_TRUE(sim_.Advance(absl::Minutes(29)).ok());
  EXPECT_EQ(Identities().size(), 1u);
  EXPECT_EQ(LastSync(), first);
  ASSERT_TRUE(sim_.Advance(absl::Minutes(2)).ok());
  EXPECT_EQ(Identities().size(), 2u);
  EXPECT_EQ(LastSync(), first + absl::Minutes(30));
}

// ISO-12: binding again (after an unbind, or via another tenant) starts a
// new timer chain and ends the old one: runs stay one per interval.
TEST_F(InventoryPeriodicTest, Iso12UnbindAndBindAgainKeepsOneTimerChain) {
  AddUser("a@contoso.com");
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  Rebind("");
  Rebind(kTenant);
  ExpectOneRunPerInterval();
}

TEST_F(InventoryPeriodicTest, Iso12BindingElsewhereAndBackKeepsOneTimerChain) {
  AddUser("a@contoso.com");
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  Rebind("00000000-0000-0000-0000-0000000000b2");
  Rebind(kTenant);
  ExpectOneRunPerInterval();
}

// ISO-12 with ISO-11: a periodic run stopped by a passing failure (here
// Graph's throttling, one call a minute) is retried within minutes, with
// Retry-After respected, not left until the next interval.
class InventoryRetryTest : public InventoryPeriodicTest {
 protected:
  static SimulationOptions ThrottledEvery30Minutes() {
    SimulationOptions options = Every30Minutes();
    options.faults.calls_per_minute = 1;
    return options;
  }
  InventoryRetryTest() : InventoryPeriodicTest(ThrottledEvery30Minutes()) {}
};

TEST_F(InventoryRetryTest, Iso12Iso11ThrottledRunIsRetriedBeforeTheInterval) {
  for (const char* upn : {"a@contoso.com", "b@contoso.com", "c@contoso.com",
                          "d@contoso.com", "e@contoso.com"}) {
    AddUser(upn);
  }
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  EXPECT_EQ(Identities().size(), 2u);  // page 2 was refused (429)
  ASSERT_TRUE(sim_.Advance(absl::Minutes(10)).ok());
  EXPECT_EQ(Identities().size(), 5u);
  auto org = sim_.engine().organizations().Get(org_.account, org_.organization);
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->inventory().last_outcome(), InventoryStatus::SUCCEEDED);
}

// ISO-11/ESC-2: a tenant that refuses Cordon's credentials is not retried
// before the next interval: one run each 30 minutes, never a spin.
TEST_F(InventoryPeriodicTest, Iso12Esc2InaccessibleTenantWaitsForTheInterval) {
  AddUser("a@contoso.com");
  sim_.faults().SetTenantAadsts(kTenant, "AADSTS65001");
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  ExpectOneRunPerInterval();
}

// Zero (the default here) queues nothing: the outbox stays empty.
TEST_F(InventorySimulationTest, Iso12ZeroIntervalQueuesNoRun) {
  AddUser("a@contoso.com");
  ASSERT_TRUE(sim_.Advance(absl::Hours(2)).ok());
  EXPECT_TRUE(Identities().empty());
  auto due = sim_.engine().outbox().NextDue();
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_FALSE(due->has_value());
}

// ISO-12: one transaction per page; a run that stops between pages (here a
// throttled second page, then a crash) resumes at the next page.
class InventoryResumeTest : public InventorySimulationTest {
 protected:
  static SimulationOptions Throttled() {
    SimulationOptions options;
    options.faults.calls_per_minute = 1;
    return options;
  }
  InventoryResumeTest() : InventorySimulationTest(Throttled()) {}
};

TEST_F(InventoryResumeTest, Iso12CrashBetweenPagesResumesWithoutLoss) {
  for (const char* upn : {"a@contoso.com", "b@contoso.com", "c@contoso.com",
                          "d@contoso.com", "e@contoso.com"}) {
    AddUser(upn);
  }
  auto first = Sync();
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Identities().size(), 2u);  // the first page is kept
  auto org = sim_.engine().organizations().Get(org_.account, org_.organization);
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->inventory().last_outcome(), InventoryStatus::FAILED);
  EXPECT_THAT(org->inventory().last_error(), ::testing::HasSubstr("429"));
  ASSERT_TRUE(sim_.CrashAndRestart().ok());
  // One page a minute: each run applies the page it gets and stops.
  std::vector<size_t> seen;
  for (int minute = 0; minute < 5 && seen.size() < 5; ++minute) {
    sim_.clock().Advance(absl::Minutes(1));
    auto counts = Sync();
    seen.push_back(Identities().size());
    if (counts.ok()) break;
  }
  // Pages 2 and 3 in turn, never page 1 again.
  EXPECT_THAT(seen, ::testing::ElementsAre(4u, 5u));
}

// ISO-12 / ISO-11 over the RPC's status: a refusal someone must act on is
// FAILED_PRECONDITION (M365_INVENTORY_REFUSED), not UNAVAILABLE, which
// tells a client to retry; what may pass by itself stays UNAVAILABLE.
class InventoryFailureTest : public InventorySimulationTest,
                             public ::testing::WithParamInterface<FaultKind> {
 protected:
  static SimulationOptions Failing(FaultKind kind) {
    SimulationOptions options;
    OperationFaults& faults = options.faults.For(Operation::kReadUsersDelta);
    faults.error_rate = 1;
    faults.mix = ErrorMix::Only(kind);
    return options;
  }
  InventoryFailureTest() : InventorySimulationTest(Failing(GetParam())) {}
};

TEST_P(InventoryFailureTest, Iso12Iso11StatusSaysWhetherToRetry) {
  AddUser("a@contoso.com");
  const absl::Status status = Sync().status();
  if (GetParam() == FaultKind::kPermanent) {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_EQ(core::ReasonOf(status), "M365_INVENTORY_REFUSED");
  } else {
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  }
}

INSTANTIATE_TEST_SUITE_P(Faults, InventoryFailureTest,
                         ::testing::Values(FaultKind::kPermanent,
                                           FaultKind::kUnavailable,
                                           FaultKind::kInternalError));

}  // namespace inventory_simulation_test
}  // namespace cordon::sim
