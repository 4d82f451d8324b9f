#include "tests/support/test_store.h"

#include <cstdlib>
#include <utility>

#include "server/store/etcd/etcd_database.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::testing {
namespace {

// The process's one cluster, started on first use.
absl::StatusOr<std::vector<std::string>> ClusterEndpoints() {
  absl::StatusOr<const process_testing::EtcdCluster*> cluster =
      process_testing::SharedEtcdCluster();
  if (!cluster.ok()) return cluster.status();
  return (*cluster)->endpoints();
}

}  // namespace

bool TestStoreIsEtcd() {
  const char* store = std::getenv("CORDON_TEST_STORE");
  return store != nullptr && std::string(store) == "etcd";
}

absl::StatusOr<std::unique_ptr<store::Database>> OpenTestStore(
    const std::string& data_dir, const store::RocksDatabaseOptions& rocks) {
  if (!TestStoreIsEtcd()) {
    auto db = store::RocksDatabase::Open(data_dir, rocks);
    if (!db.ok()) return db.status();
    return std::unique_ptr<store::Database>(std::move(*db));
  }
  absl::StatusOr<std::vector<std::string>> endpoints = ClusterEndpoints();
  if (!endpoints.ok()) return endpoints.status();
  store::EtcdDatabaseOptions options;
  options.client.endpoints = *endpoints;
  options.root = data_dir + "/";
  auto db = store::EtcdDatabase::Open(std::move(options));
  if (!db.ok()) return db.status();
  return std::unique_ptr<store::Database>(std::move(*db));
}

}  // namespace cordon::testing
