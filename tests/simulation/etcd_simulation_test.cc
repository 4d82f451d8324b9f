// Issue 15: Cordon's engine in the simulated world on the etcd backend, so
// that both backends are held to one contract by the same scenarios (a
// parameter, not a copy). Every scenario file runs with seed 1 on a real
// one-member etcd and on RocksDB: both pass, and their event logs are the
// same byte for byte. The one scenario that fails Cordon's disk is RocksDB
// only, and says so on etcd. The tenant inventory's pages are fenced by the
// worker's term.

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/core/check.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/leadership.h"
#include "simulator/cordon_setup.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_report.h"
#include "simulator/scenario_runner.h"
#include "simulator/simulation.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"
#include "tests/simulation/scenario_files.h"

namespace cordon::sim {
namespace etcd_simulation_test {

namespace fs = std::filesystem;

// The process's one cluster (started on first use); each simulation
// writes under a root of its own.
const process_testing::EtcdCluster& Cluster() {
  absl::StatusOr<const process_testing::EtcdCluster*> cluster =
      process_testing::SharedEtcdCluster();
  CORDON_CHECK(cluster.ok(), "the test's etcd did not start");
  return **cluster;
}

absl::StatusOr<std::unique_ptr<store::EtcdDatabase>> OpenEtcd(
    const std::string& root) {
  store::EtcdDatabaseOptions options;
  options.client.endpoints = Cluster().endpoints();
  options.root = root;
  return store::EtcdDatabase::Open(std::move(options));
}

// A fresh root of the cluster; every restart of one simulation opens the
// same.
struct EtcdRoot {
  std::string root;
  StoreOpener opener;
};
EtcdRoot FreshEtcdRoot() {
  static std::atomic<int> runs{0};
  const std::string root = absl::StrCat("sim/", ++runs, "/");
  return {root, [root]() -> absl::StatusOr<std::unique_ptr<store::Database>> {
            auto db = OpenEtcd(root);
            if (!db.ok()) return db.status();
            return std::unique_ptr<store::Database>(std::move(*db));
          }};
}

// How many rows of `family` the cluster holds under `root`.
int RowsUnder(const std::string& root, store::Family family) {
  auto db = OpenEtcd(root);
  EXPECT_TRUE(db.ok()) << db.status();
  int rows = 0;
  if (db.ok()) {
    EXPECT_TRUE((*db)
                    ->Scan(family, "", "", false,
                           [&](absl::string_view, absl::string_view) {
                             ++rows;
                             return true;
                           })
                    .ok());
  }
  return rows;
}

bool FailsCordonsDisk(const fs::path& file) {
  return file.stem() == "disk_faults";
}

class ScenarioOnEtcdTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioOnEtcdTest, Issue15SameEventLogAsOnRocksDb) {
  auto scenario = LoadScenario(GetParam().string());
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const EtcdRoot etcd = FreshEtcdRoot();
  const ScenarioReport on_etcd =
      RunScenario(*scenario, 1, {.open_store = etcd.opener});
  ASSERT_TRUE(on_etcd.setup_error.empty()) << on_etcd.setup_error;
  EXPECT_GT(RowsUnder(etcd.root, store::Family::kAccounts), 0)
      << "the run did not store in etcd";
  if (FailsCordonsDisk(GetParam())) {
    EXPECT_FALSE(on_etcd.ok());
    EXPECT_NE(ReportToText(on_etcd).find("disk faults need Cordon's RocksDB"),
              std::string::npos)
        << ReportToText(on_etcd);
    return;
  }
  const ScenarioReport on_rocks = RunScenario(*scenario, 1);
  EXPECT_TRUE(on_etcd.ok()) << ReportToText(on_etcd);
  EXPECT_TRUE(on_rocks.ok()) << ReportToText(on_rocks);
  EXPECT_EQ(on_etcd.event_log, on_rocks.event_log);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioOnEtcdTest,
                         ::testing::ValuesIn(scenario_files::ScenarioFiles()),
                         scenario_files::ScenarioName);

// The inventory's pages are written fenced by the term of the worker pass
// that runs it: a run for a term another server has ended writes nothing
// and ends LEADERSHIP_LOST; a run for the current term writes them.
TEST(InventoryOnEtcdTest, Issue15PagesAreFencedByTheWorkersTerm) {
  const EtcdRoot etcd = FreshEtcdRoot();
  SimulationOptions options;
  options.open_store = etcd.opener;
  Simulation sim(std::move(options));
  auto account = AddAccount(sim);
  ASSERT_TRUE(account.ok()) << account.status();
  auto organization = AddOrganization(sim, *account, {.delta_page_size = 2});
  ASSERT_TRUE(organization.ok()) << organization.status();
  const core::OrganizationName org =
      *core::ParseOrganizationName(*organization);
  for (const char* upn : {"a@contoso.com", "b@contoso.com", "c@contoso.com"}) {
    ASSERT_TRUE(sim.world()
                    .AddUser("00000000-0000-0000-0000-000000000001",
                             {.upn = upn, .usage_location = "DE"})
                    .ok());
  }
  // Another server on the same store is elected twice: the first term is
  // over.
  auto other = OpenEtcd(etcd.root);
  ASSERT_TRUE(other.ok()) << other.status();
  auto ended = process_testing::StartNewLeaderTerm(**other);
  ASSERT_TRUE(ended.ok()) << ended.status();
  auto current = process_testing::StartNewLeaderTerm(**other);
  ASSERT_TRUE(current.ok()) << current.status();

  const auto deposed = sim.engine().inventory().Run(org, nullptr, *ended);
  EXPECT_TRUE(store::IsLeadershipLost(deposed.status())) << deposed.status();
  EXPECT_EQ(RowsUnder(etcd.root, store::Family::kIdentities), 0);

  const auto led = sim.engine().inventory().Run(org, nullptr, *current);
  ASSERT_TRUE(led.ok()) << led.status();
  EXPECT_EQ(led->added, 3);
  EXPECT_GE(RowsUnder(etcd.root, store::Family::kIdentities), 3);
}

}  // namespace etcd_simulation_test
}  // namespace cordon::sim
