// The invariant checker looks only at what a step changed (the simulation's
// ChangeJournal), yet misses nothing a full rescan finds: violations planted
// by a step, in the world or in Cordon's store, are caught by the next
// incremental Check(); a write the journal never saw is caught by the full
// CheckAll() that quiet points and the end of a run do; and over every
// scenario file the incremental answers equal a full rescan's, step by step.

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/store/keys.h"
#include "server/store/transaction.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_runner.h"
#include "simulator/simulation.h"

namespace cordon::sim {
namespace incremental_invariants_test {

using cordon::store::IsolationRecord;
using cordon::v1::IncidentReport;
using cordon::v1::IsolationHold;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kTenant[] = "00000000-0000-0000-0000-000000000001";
constexpr char kAlice[] = "alice@contoso.com";

class IncrementalInvariantsTest : public ::testing::Test {
 protected:
  IncrementalInvariantsTest() : sim_(SimulationOptions{}), invariants_(&sim_) {}

  void SetUp() override {
    auto account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    auto org = AddOrganization(sim_, *account, {});
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = *org;
    for (const char* upn : {kAlice, "bob@contoso.com"}) {
      auto identity = AddIdentity(sim_, org_, {.upn = upn});
      ASSERT_TRUE(identity.ok()) << identity.status();
      identities_.push_back(*identity);
    }
    ExpectNoViolation();  // the first check rescans everything
  }

  void ExpectNoViolation() {
    auto violations = invariants_.Check();
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_THAT(*violations, IsEmpty());
  }

  // Alice isolated by a report; returns the report.
  std::string IsolateAlice() {
    auto report = SendIsolatingReport(sim_, org_, {identities_[0]});
    EXPECT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(sim_.Settle(absl::Hours(1)).ok());
    ExpectNoViolation();
    return report.ok() ? *report : "";
  }

  // Alice isolated by a report and released again: her account is one
  // Cordon touched (ISO-4 applies).
  void IsolateAndReleaseAlice() {
    const std::string report = IsolateAlice();
    ASSERT_TRUE(sim_.engine()
                    .incidents()
                    .Close(Simulation::Operator(),
                           *core::ParseIncidentReportName(report), "",
                           IncidentReport::RESOLVED)
                    .ok());
    ASSERT_TRUE(sim_.Settle(absl::Hours(1)).ok());
    ExpectNoViolation();
  }

  // Rewrites Alice's isolation record through `db`, as a buggy step might.
  void TamperAlice(store::Database& db,
                   const std::function<void(IsolationRecord*)>& change) {
    const core::IdentityName name = *core::ParseIdentityName(identities_[0]);
    const std::string key =
        store::KeyOf({name.account, name.organization, name.identity});
    std::unique_ptr<store::Transaction> txn = db.Begin();
    IsolationRecord record;
    ASSERT_TRUE(
        txn->GetForUpdate(store::Family::kIsolation, key, &record).ok());
    change(&record);
    txn->Put(store::Family::kIsolation, key, record);
    ASSERT_TRUE(txn->Commit().ok());
  }

  Simulation sim_;
  InvariantChecker invariants_;
  std::string org_;
  std::vector<std::string> identities_;
};

// ISO-4: a disable Cordon never asked for, planted in the world after the
// release, is caught by the next incremental check (the world journals the
// user), and reported for as long as it lasts, as a full rescan would.
TEST_F(IncrementalInvariantsTest, Iso4DisablePlantedInTheWorldIsCaught) {
  IsolateAndReleaseAlice();
  ASSERT_EQ(sim_.world().ApplySetCloudEnabled(kTenant, kAlice, false),
            WorldResult::kDone);
  for (int check = 0; check < 2; ++check) {
    auto violations = invariants_.Check();
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_THAT(*violations,
                ElementsAre(HasSubstr("cloud account disabled without a hold")))
        << "check " << check;
  }
  ASSERT_EQ(sim_.world().ApplySetCloudEnabled(kTenant, kAlice, true),
            WorldResult::kDone);
  ExpectNoViolation();
}

// ISO-4/ISO-6: a step that drops the hold of an isolated identity, in
// Cordon's store, leaves a disabled account without a hold: caught by the
// next incremental check (the store journals the commit).
TEST_F(IncrementalInvariantsTest, Iso6HoldDroppedInTheStoreIsCaught) {
  IsolateAlice();
  TamperAlice(sim_.database(), [](IsolationRecord* record) {
    record->clear_holds();
    record->set_pending_release(0);
  });
  auto violations = invariants_.Check();
  ASSERT_TRUE(violations.ok()) << violations.status();
  EXPECT_THAT(*violations,
              ElementsAre(HasSubstr("cloud account disabled without a hold")));
}

// ISO-7: an automated hold appearing on an excluded identity is a change,
// reported by the check that sees it and not again, exactly as by a full
// rescan after every step.
TEST_F(IncrementalInvariantsTest, Iso7AutomatedHoldOnExcludedIsReportedOnce) {
  auto excluded = AddIdentity(
      sim_, org_,
      {.upn = "carol@contoso.com", .excluded_from_isolation = true});
  ASSERT_TRUE(excluded.ok()) << excluded.status();
  ExpectNoViolation();
  const core::IdentityName name = *core::ParseIdentityName(*excluded);
  std::unique_ptr<store::Transaction> txn = sim_.database().Begin();
  IsolationRecord record;
  IsolationHold* hold = record.add_holds();
  hold->set_kind(IsolationHold::INCIDENT_REPORT);
  hold->set_source("planted");
  txn->Put(store::Family::kIsolation,
           store::KeyOf({name.account, name.organization, name.identity}),
           record);
  ASSERT_TRUE(txn->Commit().ok());
  auto violations = invariants_.Check();
  ASSERT_TRUE(violations.ok()) << violations.status();
  EXPECT_THAT(
      *violations,
      ElementsAre(HasSubstr("excluded, yet held automatically by planted")));
  ExpectNoViolation();
}

// A write the journal never saw (straight to the backend) is invisible to
// the incremental check, which is why quiet points and the end of a run
// rescan everything: CheckAll() catches it.
TEST_F(IncrementalInvariantsTest, Iso6UnjournaledWriteIsCaughtByTheFullCheck) {
  IsolateAlice();
  TamperAlice(sim_.unrecorded_database(), [](IsolationRecord* record) {
    record->clear_holds();
    record->set_pending_release(0);
  });
  ExpectNoViolation();
  auto violations = invariants_.CheckAll();
  ASSERT_TRUE(violations.ok()) << violations.status();
  EXPECT_THAT(*violations,
              ElementsAre(HasSubstr("cloud account disabled without a hold")));
}

std::vector<std::filesystem::path> ScenarioFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(CORDON_SCENARIO_SOURCE_DIR)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// DESIGN rule 3, every ISO/ESC invariant: over every scenario file, the
// incremental check after each step answers exactly what a full rescan
// answers (cross_check_invariants reports any difference as a violation).
TEST(IncrementalInvariantsScenarioTest, EveryScenarioMatchesAFullRescan) {
  const std::vector<std::filesystem::path> files = ScenarioFiles();
  ASSERT_FALSE(files.empty());
  for (const std::filesystem::path& file : files) {
    auto scenario = LoadScenario(file.string());
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    const ScenarioReport report =
        RunScenario(*scenario, 7, {.cross_check_invariants = true});
    EXPECT_TRUE(report.setup_error.empty()) << file << report.setup_error;
    for (const auto& violation : report.invariant_violations) {
      ADD_FAILURE() << file << " step " << violation.step << ": "
                    << violation.message;
    }
  }
}

}  // namespace incremental_invariants_test
}  // namespace cordon::sim
