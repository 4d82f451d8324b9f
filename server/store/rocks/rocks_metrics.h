#ifndef CORDON_SERVER_STORE_ROCKS_ROCKS_METRICS_H_
#define CORDON_SERVER_STORE_ROCKS_ROCKS_METRICS_H_

#include <vector>

#include "server/metrics/registry.h"
#include "server/store/rocks/rocks_database.h"

namespace cordon::store {

// The database's size as RocksDB reports it, read at each scrape from
// RocksDB's properties (kept in memory: no file is read but the WAL
// directory's listing): live table bytes, memtable bytes and the bytes
// compaction still has to rewrite, per column family; the WAL's bytes; and
// whether the disk refuses writes (operations.md, "A full or failing
// disk"). `db` and `registry` must outlive this.
class RocksMetrics {
 public:
  RocksMetrics(const RocksDatabase* db, metrics::Registry* registry);

 private:
  std::vector<metrics::Registry::Registration> registrations_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_ROCKS_METRICS_H_
