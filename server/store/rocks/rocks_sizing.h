#ifndef CORDON_SERVER_STORE_ROCKS_ROCKS_SIZING_H_
#define CORDON_SERVER_STORE_ROCKS_ROCKS_SIZING_H_

#include <cstdint>
#include <memory>

#include "absl/strings/string_view.h"
#include "rocksdb/cache.h"
#include "rocksdb/options.h"
#include "rocksdb/write_buffer_manager.h"

namespace cordon::store {

// How much memory and disk RocksDB may hold, chosen deliberately (issue 14:
// 461 MB of RSS and 404 MB of write-ahead logs after loading a million
// identities with RocksDB's defaults). docs/decisions.md explains each
// choice.
struct RocksSizing {
  // Everything RocksDB caches, in bytes (--rocksdb_memory_mb): one LRU block
  // cache shared by every column family, holding data, index and filter
  // blocks, into which the memtables are charged as well (at most half of
  // it, through one WriteBufferManager).
  uint64_t memory_bytes = uint64_t{128} << 20;
  // The write-ahead logs kept, in bytes (--rocksdb_max_wal_mb): past it,
  // the families that hold the oldest log alive are flushed so it can go.
  // What a restart replays is bounded by it.
  uint64_t max_wal_bytes = uint64_t{32} << 20;
};

// The cache and the write-buffer budget one database's families share.
struct RocksMemory {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;
};

RocksMemory SharedRocksMemory(const RocksSizing& sizing);

// Applies `sizing` to the database-wide options.
void SizeDbOptions(const RocksSizing& sizing, const RocksMemory& memory,
                   rocksdb::DBOptions* options);

// The options of the family named `family_name` (a kFamilyNames entry, or
// RocksDB's "default"): the shared cache, a memtable size within the
// budget, and a bloom filter unless the family is only ever scanned.
rocksdb::ColumnFamilyOptions SizedFamilyOptions(absl::string_view family_name,
                                                const RocksSizing& sizing,
                                                const RocksMemory& memory,
                                                bool auto_compaction);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_ROCKS_SIZING_H_
