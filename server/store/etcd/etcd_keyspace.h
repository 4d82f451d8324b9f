#ifndef CORDON_SERVER_STORE_ETCD_ETCD_KEYSPACE_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_KEYSPACE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/store/family.h"

namespace cordon::store {

// Where Cordon's rows live in etcd's one flat keyspace: under a root
// prefix (so one cluster can hold several Cordons, or other data), one
// prefix per family named as on RocksDB's disk, then the row's key bytes as
// the engine made them (big-endian ids, so etcd's bytewise order is the
// same key order):
//   <root><family name>/<key>          e.g. "cordon/identities/\0\0..."
// and, beside the rows, the lock stamps of EtcdTransaction (empty values
// whose revisions stand for locks):
//   <root>lock/x/<family name>/<key>   moved by each read for update
//   <root>lock/s/<family name>/<key>   moved by each read for share
class EtcdKeyspace {
 public:
  // `root` is used as given; "cordon/" by default (EtcdDatabaseOptions).
  explicit EtcdKeyspace(std::string root) : root_(std::move(root)) {}

  // The etcd key of `key` in `family`.
  std::string Key(Family family, absl::string_view key) const;
  // The lock stamps of `key` in `family`: exclusive and shared.
  std::string ExclusiveStamp(Family family, absl::string_view key) const;
  std::string SharedStamp(Family family, absl::string_view key) const;
  // The prefix every key of `family` starts with.
  std::string FamilyPrefix(Family family) const;
  // The row key of an etcd key under `family`'s prefix (as Scan returns
  // it); the key must have come from that prefix.
  absl::string_view RowKey(Family family, absl::string_view etcd_key) const;

  // etcd's range_end for "every key starting with `prefix`": the prefix
  // with its last byte below 0xff incremented and what follows dropped;
  // "\0" (to the end of the keyspace) when every byte is 0xff.
  static std::string PrefixEnd(absl::string_view prefix);

 private:
  const std::string root_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_KEYSPACE_H_
