#ifndef CORDON_TESTS_SUPPORT_TEST_STORE_H_
#define CORDON_TESTS_SUPPORT_TEST_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/database.h"
#include "server/store/rocks/rocks_database.h"

namespace cordon::testing {

// Which store the integration suite runs on (issue 15: one suite held to
// both backends, a parameter rather than a copy). By default RocksDB in
// the test's data dir. With the environment's CORDON_TEST_STORE=etcd, a
// real one-member etcd that the first test of the process starts (it dies
// with the process), each data dir its own root there, so that tests never
// see each other's rows and a restart reopens the same state.
bool TestStoreIsEtcd();

// Opens the store for `data_dir`; `rocks` applies to RocksDB only.
absl::StatusOr<std::unique_ptr<store::Database>> OpenTestStore(
    const std::string& data_dir, const store::RocksDatabaseOptions& rocks);

}  // namespace cordon::testing

#endif  // CORDON_TESTS_SUPPORT_TEST_STORE_H_
