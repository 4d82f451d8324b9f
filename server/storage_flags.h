#ifndef CORDON_SERVER_STORAGE_FLAGS_H_
#define CORDON_SERVER_STORAGE_FLAGS_H_

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/rocks/rocks_database.h"

namespace cordon {

struct StorageSettings {
  // --store: the embedded RocksDB in --data_dir (the default), or an etcd
  // cluster (--etcd_endpoints; docs/scale-out.md).
  enum class Backend { kRocksDb, kEtcd };
  Backend backend = Backend::kRocksDb;
  // --etcd_endpoints and --etcd_root, with --store=etcd.
  store::EtcdDatabaseOptions etcd;
  // --leader_lease_ttl, with --store=etcd: how long a replica that stopped
  // renewing its lead (killed, cut off) keeps it at most.
  std::chrono::seconds leader_lease_ttl{5};
  // The options the data dir is opened with: RocksDB's sizing
  // (--rocksdb_memory_mb, --rocksdb_max_wal_mb; store/rocks/rocks_sizing.h).
  store::RocksDatabaseOptions rocks;
  // --backup_dir, absolute: where CreateBackup writes; "" takes no backups.
  std::string backup_dir;
};

// cordon-server's storage flags, checked; INVALID_ARGUMENT naming the flag
// at fault. --backup_dir may be neither `data_dir` nor inside it, and
// needs --store=rocksdb (an etcd cluster is backed up with etcdctl).
absl::StatusOr<StorageSettings> ReadStorageFlags(const std::string& data_dir);

}  // namespace cordon

#endif  // CORDON_SERVER_STORAGE_FLAGS_H_
