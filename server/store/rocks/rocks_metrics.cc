#include "server/store/rocks/rocks_metrics.h"

#include <string>

#include "rocksdb/transaction_log.h"

namespace cordon::store {
namespace {

// A family of one RocksDB integer property, one sample per column family.
metrics::Registry::Registration AddRocksPropertyFamily(
    const RocksDatabase* db, metrics::Registry* registry,
    const std::string& name, const std::string& help,
    const std::string& property) {
  return registry->AddComputed(
      name, help, metrics::MetricType::kGauge, {"family"}, [db, property]() {
        std::vector<metrics::Sample> samples;
        for (int f = 0; f < static_cast<int>(Family::kCount); ++f) {
          uint64_t value = 0;
          if (!db->raw()->GetIntProperty(db->handle(static_cast<Family>(f)),
                                         property, &value)) {
            continue;
          }
          samples.push_back(
              {{std::string(kFamilyNames[f])}, static_cast<double>(value)});
        }
        return samples;
      });
}

double RocksWalBytes(const RocksDatabase* db) {
  rocksdb::VectorLogPtr files;
  if (!db->raw()->GetSortedWalFiles(files).ok()) return 0;
  uint64_t bytes = 0;
  for (const auto& file : files) bytes += file->SizeFileBytes();
  return static_cast<double>(bytes);
}

}  // namespace

RocksMetrics::RocksMetrics(const RocksDatabase* db,
                           metrics::Registry* registry) {
  registrations_.push_back(AddRocksPropertyFamily(
      db, registry, "cordon_rocksdb_live_sst_bytes",
      "Bytes of the table files that hold live data, per column family.",
      "rocksdb.live-sst-files-size"));
  registrations_.push_back(AddRocksPropertyFamily(
      db, registry, "cordon_rocksdb_memtable_bytes",
      "Bytes of memtables (active, unflushed and pinned), per column family.",
      "rocksdb.size-all-mem-tables"));
  registrations_.push_back(AddRocksPropertyFamily(
      db, registry, "cordon_rocksdb_pending_compaction_bytes",
      "Bytes RocksDB estimates compaction still has to rewrite, per column "
      "family.",
      "rocksdb.estimate-pending-compaction-bytes"));
  registrations_.push_back(registry->AddComputed(
      "cordon_rocksdb_wal_bytes",
      "Bytes of the write-ahead log files, replayed at the next start.",
      metrics::MetricType::kGauge, {}, [db]() -> std::vector<metrics::Sample> {
        return {{{}, RocksWalBytes(db)}};
      }));
  registrations_.push_back(registry->AddComputed(
      "cordon_storage_refusing_writes",
      "1 while the disk refuses writes (writes answer UNAVAILABLE, reads "
      "go on), else 0.",
      metrics::MetricType::kGauge, {}, [db]() -> std::vector<metrics::Sample> {
        return {{{}, db->RefusingWrites() ? 1.0 : 0.0}};
      }));
}

}  // namespace cordon::store
