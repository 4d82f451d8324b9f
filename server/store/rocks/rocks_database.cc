#include "server/store/rocks/rocks_database.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/keys.h"
#include "server/store/rocks/rocks_sizing.h"
#include "server/store/rocks/rocks_status.h"
#include "server/store/rocks/rocks_transaction.h"

namespace cordon::store {
namespace {

constexpr absl::string_view kIdHighWaterKey = "id_high_water";
constexpr absl::string_view kEventCursorHighWaterKey =
    "event_cursor_high_water";
// Cursors one synced meta write reserves (see EventSequencer).
constexpr uint64_t kCursorBlock = 1024;
// A clean close flushes the memtables when they hold more than this, so a
// planned restart replays little; a smaller backlog (every test's) is
// cheaper to replay than to flush family by family.
constexpr uint64_t kFlushAtCloseBytes = uint64_t{4} << 20;

rocksdb::WriteOptions SyncedWrite(bool sync) {
  rocksdb::WriteOptions options;
  options.sync = sync;
  return options;
}

rocksdb::DBOptions DbOptions(rocksdb::Env* env) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  // Group commit: concurrent synced writers share one fsync.
  db_options.enable_pipelined_write = true;
  if (env != nullptr) db_options.env = env;
  // After a storage fault the next write resumes, not a RocksDB timer.
  db_options.max_bgerror_resume_count = 0;
  db_options.listeners.push_back(std::make_shared<WriteRecovery::Listener>());
  return db_options;
}

absl::Status OpenFailed(const std::string& path,
                        const rocksdb::Status& status) {
  if (status.IsIOError() &&
      status.ToString().find("lock") != std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir ", path, " is locked: another cordon-server is using it (",
        status.ToString(), ")"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot open data dir ", path, ": ", status.ToString()));
}

struct OpenedDb {
  rocksdb::TransactionDB* db = nullptr;
  // The default family, then kFamilyNames in order.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
};

// Opens the families the data dir has, then creates the missing ones in
// one batch. RocksDB's own create_missing_column_families creates them one
// at a time, rewriting and re-reading the OPTIONS file for each: on a new
// data dir that was most of the time a test server or a simulation took to
// open.
absl::StatusOr<OpenedDb> OpenWithFamilies(
    const std::string& path, const rocksdb::DBOptions& db_options,
    const rocksdb::TransactionDBOptions& txn_options,
    const std::function<rocksdb::ColumnFamilyOptions(absl::string_view)>&
        family_options) {
  std::vector<std::string> existing;
  if (!rocksdb::DB::ListColumnFamilies(db_options, path, &existing).ok()) {
    existing = {rocksdb::kDefaultColumnFamilyName};  // a new data dir
  }
  std::vector<std::string> wanted = {rocksdb::kDefaultColumnFamilyName};
  for (absl::string_view name : kFamilyNames) wanted.emplace_back(name);
  std::vector<rocksdb::ColumnFamilyDescriptor> present;
  std::vector<rocksdb::ColumnFamilyDescriptor> missing;
  for (const std::string& name : wanted) {
    const bool found =
        std::find(existing.begin(), existing.end(), name) != existing.end();
    (found ? present : missing).emplace_back(name, family_options(name));
  }
  OpenedDb opened;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status status = rocksdb::TransactionDB::Open(
      db_options, txn_options, path, present, &handles, &opened.db);
  if (!status.ok()) return OpenFailed(path, status);
  std::vector<rocksdb::ColumnFamilyHandle*> created;
  if (!missing.empty()) {
    status = opened.db->CreateColumnFamilies(missing, &created);
  }
  handles.insert(handles.end(), created.begin(), created.end());
  if (!status.ok()) {
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      opened.db->DestroyColumnFamilyHandle(handle);
    }
    delete opened.db;
    return OpenFailed(path, status);
  }
  // Back into the order of `wanted`, which handle() relies on.
  for (const std::string& name : wanted) {
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      if (handle->GetName() == name) opened.handles.push_back(handle);
    }
  }
  return opened;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDatabase>> RocksDatabase::Open(
    const std::string& path, const RocksDatabaseOptions& options) {
  std::unique_ptr<rocksdb::Env> env;
  if (options.file_system != nullptr) {
    env = rocksdb::NewCompositeEnv(options.file_system);
  }
  const RocksMemory memory = SharedRocksMemory(options.sizing);
  rocksdb::DBOptions db_options = DbOptions(env.get());
  SizeDbOptions(options.sizing, memory, &db_options);
  rocksdb::TransactionDBOptions txn_options;
  txn_options.transaction_lock_timeout = options.lock_timeout_ms;
  absl::StatusOr<OpenedDb> opened = OpenWithFamilies(
      path, db_options, txn_options, [&](absl::string_view name) {
        return SizedFamilyOptions(name, options.sizing, memory,
                                  options.auto_compaction);
      });
  if (!opened.ok()) return opened.status();
  std::unique_ptr<RocksDatabase> database(new RocksDatabase(
      std::move(env), opened->db, std::move(opened->handles), options));
  if (absl::Status s = database->CheckSchema(); !s.ok()) return s;
  if (absl::Status s = database->LoadIdHighWater(); !s.ok()) return s;
  if (absl::Status s = database->StartEventSequencer(); !s.ok()) return s;
  return database;
}

RocksDatabase::RocksDatabase(std::unique_ptr<rocksdb::Env> env,
                             rocksdb::TransactionDB* db,
                             std::vector<rocksdb::ColumnFamilyHandle*> handles,
                             RocksDatabaseOptions options)
    : env_(std::move(env)),
      db_(db),
      recovery_(std::make_unique<WriteRecovery>(db)),
      handles_(std::move(handles)),
      options_(std::move(options)) {}

RocksDatabase::~RocksDatabase() {
  // After a storage fault, retire the WAL a refused write may have reached
  // (WriteRecovery), if the disk allows it by now.
  recovery_->BeforeWrite();
  FlushLargeMemtables();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  // Flushes nothing by itself: the WAL already holds every acknowledged write.
  db_->Close();
  delete db_;
}

void RocksDatabase::FlushLargeMemtables() {
  uint64_t memtable_bytes = 0;
  if (!db_->GetAggregatedIntProperty(
          rocksdb::DB::Properties::kCurSizeAllMemTables, &memtable_bytes) ||
      memtable_bytes < kFlushAtCloseBytes) {
    return;
  }
  // Best effort: what a failed flush leaves is in the WAL, replayed at the
  // next start as after a crash.
  db_->Flush(rocksdb::FlushOptions(), std::vector<rocksdb::ColumnFamilyHandle*>(
                                          handles_.begin() + 1, handles_.end()))
      .PermitUncheckedError();
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
  recovery_->BeforeWrite();
  return recovery_->AfterWrite(
      db_->Put(SyncedWrite(true), handle(Family::kMeta),
               rocksdb::Slice(key.data(), key.size()), bytes));
}

absl::Status RocksDatabase::LoadIdHighWater() {
  absl::StatusOr<uint64_t> high_water = ReadHighWater(kIdHighWaterKey);
  if (!high_water.ok()) return high_water.status();
  std::lock_guard<std::mutex> lock(id_mu_);
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
  std::lock_guard<std::mutex> lock(id_mu_);
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
  if (!status.ok()) return FromRocksRead(status);
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
  return FromRocksRead(it->status());
}

std::unique_ptr<Transaction> RocksDatabase::Begin() {
  recovery_->BeforeWrite();
  rocksdb::WriteOptions write_options = SyncedWrite(options_.sync_writes);
  rocksdb::TransactionOptions txn_options;
  // Two writers that lock rows in opposite orders fail fast with ABORTED
  // instead of waiting for the lock timeout.
  txn_options.deadlock_detect = true;
  return std::unique_ptr<Transaction>(new RocksTransaction(
      this, db_->BeginTransaction(write_options, txn_options)));
}

absl::optional<uint64_t> RocksDatabase::WriteGeneration(Family family) const {
  const int f = static_cast<int>(family);
  // In flight first: a commit that has begun is seen here, or else its
  // generation move is seen below (both sequentially consistent).
  if (commits_in_flight_[f].load() != 0) return absl::nullopt;
  return write_generations_[f].load();
}

void RocksDatabase::NoteCommitting(uint32_t families) {
  for (int f = 0; f < static_cast<int>(Family::kCount); ++f) {
    if ((families & (1u << f)) != 0) commits_in_flight_[f].fetch_add(1);
  }
}

void RocksDatabase::NoteCommitted(uint32_t families) {
  for (int f = 0; f < static_cast<int>(Family::kCount); ++f) {
    if ((families & (1u << f)) != 0) {
      write_generations_[f].fetch_add(1);
      commits_in_flight_[f].fetch_sub(1);
    }
  }
}

}  // namespace cordon::store
