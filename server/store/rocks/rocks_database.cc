#include "server/store/rocks/rocks_database.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/keys.h"
#include "server/store/rocks/rocks_status.h"
#include "server/store/rocks/rocks_transaction.h"

namespace cordon::store {
namespace {

constexpr absl::string_view kSchemaVersionKey = "schema_version";
constexpr absl::string_view kIdHighWaterKey = "id_high_water";
constexpr absl::string_view kEventCursorHighWaterKey =
    "event_cursor_high_water";
// Cursors one synced meta write reserves (see EventSequencer).
constexpr uint64_t kCursorBlock = 1024;

rocksdb::WriteOptions SyncedWrite(bool sync) {
  rocksdb::WriteOptions options;
  options.sync = sync;
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDatabase>> RocksDatabase::Open(
    const std::string& path, const RocksDatabaseOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // Group commit: concurrent synced writers share one fsync.
  db_options.enable_pipelined_write = true;
  if (options.env != nullptr) db_options.env = options.env;

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  families.emplace_back(rocksdb::kDefaultColumnFamilyName,
                        rocksdb::ColumnFamilyOptions());
  for (absl::string_view name : kFamilyNames) {
    families.emplace_back(std::string(name), rocksdb::ColumnFamilyOptions());
  }
  rocksdb::TransactionDBOptions txn_options;
  txn_options.transaction_lock_timeout = options.lock_timeout_ms;

  rocksdb::TransactionDB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status status = rocksdb::TransactionDB::Open(
      db_options, txn_options, path, families, &handles, &db);
  if (!status.ok()) {
    if (status.IsIOError() &&
        status.ToString().find("lock") != std::string::npos) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data dir ", path, " is locked: another cordon-server is using it (",
          status.ToString(), ")"));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open data dir ", path, ": ", status.ToString()));
  }
  std::unique_ptr<RocksDatabase> database(
      new RocksDatabase(db, std::move(handles), options));
  if (absl::Status s = database->CheckSchema(); !s.ok()) return s;
  if (absl::Status s = database->LoadIdHighWater(); !s.ok()) return s;
  if (absl::Status s = database->StartEventSequencer(); !s.ok()) return s;
  return database;
}

RocksDatabase::RocksDatabase(rocksdb::TransactionDB* db,
                             std::vector<rocksdb::ColumnFamilyHandle*> handles,
                             RocksDatabaseOptions options)
    : db_(db), handles_(std::move(handles)), options_(options) {}

RocksDatabase::~RocksDatabase() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  // Flushes nothing by itself: the WAL already holds every acknowledged write.
  db_->Close();
  delete db_;
}

absl::Status RocksDatabase::CheckSchema() {
  absl::StatusOr<std::string> stored = Get(Family::kMeta, kSchemaVersionKey);
  if (absl::IsNotFound(stored.status())) {
    return FromRocks(db_->Put(
        SyncedWrite(true), handle(Family::kMeta),
        rocksdb::Slice(kSchemaVersionKey.data(), kSchemaVersionKey.size()),
        absl::StrCat(kSchemaVersion)));
  }
  if (!stored.ok()) return stored.status();
  int version = 0;
  if (!absl::SimpleAtoi(*stored, &version) || version != kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir has schema version \"", *stored, "\"; this cordon-server ",
        "understands version ", kSchemaVersion,
        " only. Use the cordon-server release that wrote it."));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> RocksDatabase::ReadHighWater(
    absl::string_view key) const {
  absl::StatusOr<std::string> stored = Get(Family::kMeta, key);
  if (absl::IsNotFound(stored.status())) return 0;
  if (!stored.ok()) return stored.status();
  absl::optional<uint64_t> high_water = ReadUint64(*stored, 0);
  if (!high_water.has_value()) {
    return absl::DataLossError(absl::StrCat("meta/", key, " is corrupt"));
  }
  return *high_water;
}

absl::Status RocksDatabase::WriteHighWater(absl::string_view key,
                                           uint64_t value) {
  std::string bytes;
  AppendUint64(&bytes, value);
  return FromRocks(db_->Put(SyncedWrite(true), handle(Family::kMeta),
                            rocksdb::Slice(key.data(), key.size()), bytes));
}

absl::Status RocksDatabase::LoadIdHighWater() {
  absl::StatusOr<uint64_t> high_water = ReadHighWater(kIdHighWaterKey);
  if (!high_water.ok()) return high_water.status();
  absl::MutexLock lock(&id_mu_);
  if (*high_water == 0) return absl::OkStatus();
  // Ids below the high-water mark may have been handed out before a crash;
  // start above it so that none is reused.
  next_id_ = *high_water;
  reserved_until_ = *high_water;
  return absl::OkStatus();
}

absl::Status RocksDatabase::StartEventSequencer() {
  absl::StatusOr<uint64_t> high_water = ReadHighWater(kEventCursorHighWaterKey);
  if (!high_water.ok()) return high_water.status();
  sequencer_ = std::make_unique<EventSequencer>(
      *high_water, kCursorBlock, [this](uint64_t limit) {
        return WriteHighWater(kEventCursorHighWaterKey, limit);
      });
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> RocksDatabase::NextId() {
  absl::MutexLock lock(&id_mu_);
  if (next_id_ >= reserved_until_) {
    const uint64_t new_limit = next_id_ + options_.id_block_size;
    if (absl::Status s = WriteHighWater(kIdHighWaterKey, new_limit); !s.ok()) {
      return s;
    }
    reserved_until_ = new_limit;
  }
  return next_id_++;
}

absl::StatusOr<std::string> RocksDatabase::Get(Family family,
                                               absl::string_view key) const {
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), handle(family),
               rocksdb::Slice(key.data(), key.size()), &value);
  if (!status.ok()) return FromRocks(status);
  return value;
}

absl::Status RocksDatabase::Scan(
    Family family, absl::string_view prefix, absl::string_view start_after,
    bool reverse,
    const std::function<bool(absl::string_view, absl::string_view)>& visit)
    const {
  const std::string lower(prefix);
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice lower_slice(lower);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_lower_bound = &lower_slice;
  if (!upper.empty()) read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(read_options, handle(family)));
  const rocksdb::Slice after(start_after.data(), start_after.size());
  // Positions on the first key to visit in the scan's direction.
  if (start_after.empty()) {
    reverse ? it->SeekToLast() : it->Seek(lower_slice);
  } else {
    reverse ? it->SeekForPrev(after) : it->Seek(after);
    if (it->Valid() && it->key() == after) reverse ? it->Prev() : it->Next();
  }
  for (; it->Valid(); reverse ? it->Prev() : it->Next()) {
    if (!visit(absl::string_view(it->key().data(), it->key().size()),
               absl::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status());
}

std::unique_ptr<Transaction> RocksDatabase::Begin() {
  rocksdb::WriteOptions write_options = SyncedWrite(options_.sync_writes);
  rocksdb::TransactionOptions txn_options;
  // Two writers that lock rows in opposite orders fail fast with ABORTED
  // instead of waiting for the lock timeout.
  txn_options.deadlock_detect = true;
  return std::unique_ptr<Transaction>(new RocksTransaction(
      this, db_->BeginTransaction(write_options, txn_options)));
}

}  // namespace cordon::store
