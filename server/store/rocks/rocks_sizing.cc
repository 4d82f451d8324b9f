#include "server/store/rocks/rocks_sizing.h"

#include <algorithm>
#include <array>

#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"

namespace cordon::store {
namespace {

// Appended logs: scanned in key order, and their only point reads (the
// events an account's index names) are of keys that exist, where a bloom
// filter cannot save the block read. A filter would be memory for nothing.
constexpr std::array<absl::string_view, 4> kScanOnlyFamilies = {
    "default", "audit", "events", "events_by_account"};

// ~1% false positives: a missing key (an unknown API key, a UPN not yet
// taken, a new telemetry event id) is answered without reading a block.
constexpr double kBloomBitsPerKey = 10;

// Each memtable may take up to this share of the budget before it is
// switched; the shared budget flushes the largest one earlier when all of
// them together reach it.
constexpr uint64_t kMemtableShareOfBudget = 4;

bool ScanOnly(absl::string_view family_name) {
  return std::find(kScanOnlyFamilies.begin(), kScanOnlyFamilies.end(),
                   family_name) != kScanOnlyFamilies.end();
}

}  // namespace

RocksMemory SharedRocksMemory(const RocksSizing& sizing) {
  RocksMemory memory;
  memory.cache = rocksdb::NewLRUCache(sizing.memory_bytes);
  // Memtables are charged to the cache: together they and the cached
  // blocks never exceed memory_bytes, and memtables get at most half.
  memory.write_buffers = std::make_shared<rocksdb::WriteBufferManager>(
      sizing.memory_bytes / 2, memory.cache);
  return memory;
}

void SizeDbOptions(const RocksSizing& sizing, const RocksMemory& memory,
                   rocksdb::DBOptions* options) {
  options->write_buffer_manager = memory.write_buffers;
  options->max_total_wal_size = sizing.max_wal_bytes;
  // Two cores is the machine this is sized for; flushes and compactions
  // share them with the server.
  options->max_background_jobs = 2;
  // Write SST files out as they grow instead of in one burst at the end.
  options->bytes_per_sync = 1 << 20;
  // RocksDB's own info log: a new file per open, so years of restarts
  // would otherwise keep a thousand of them.
  options->keep_log_file_num = 10;
  options->max_log_file_size = 16 << 20;
}

rocksdb::ColumnFamilyOptions SizedFamilyOptions(absl::string_view family_name,
                                                const RocksSizing& sizing,
                                                const RocksMemory& memory,
                                                bool auto_compaction) {
  rocksdb::ColumnFamilyOptions options;
  options.disable_auto_compactions = !auto_compaction;
  options.write_buffer_size = std::max<uint64_t>(
      sizing.memory_bytes / 2 / kMemtableShareOfBudget, uint64_t{1} << 20);
  // A TransactionDB otherwise keeps flushed memtables in memory as write
  // history (max_write_buffer_number * write_buffer_size per family) for
  // conflict checks against a snapshot; Cordon's transactions never set
  // one (rocks_transaction.cc), so the history is never read.
  options.max_write_buffer_size_to_maintain = 1;
  // Levels sized from the last one up: space amplification stays near 1.1
  // whatever the data size.
  options.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = memory.cache;
  // Index and filter blocks live in the cache too, so they are bounded by
  // it; level-0's stay pinned, as every read consults them.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  if (!ScanOnly(family_name)) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace cordon::store
