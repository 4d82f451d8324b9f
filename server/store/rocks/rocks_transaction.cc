#include "server/store/rocks/rocks_transaction.h"

#include "server/store/keys.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/rocks/rocks_status.h"

namespace cordon::store {
namespace {

rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

}  // namespace

static_assert(static_cast<int>(Family::kCount) <= 32,
              "written_families_ holds one bit per family");

RocksTransaction::RocksTransaction(RocksDatabase* db, rocksdb::Transaction* txn)
    : db_(db), txn_(txn) {}

RocksTransaction::~RocksTransaction() {
  // Rolls back unless committed; a no-op after Commit.
  if (txn_ != nullptr) txn_->Rollback().PermitUncheckedError();
}

absl::StatusOr<bool> RocksTransaction::GetRawForUpdate(Family family,
                                                       absl::string_view key,
                                                       std::string* value) {
  rocksdb::Status status = txn_->GetForUpdate(
      rocksdb::ReadOptions(), db_->handle(family), ToSlice(key), value);
  if (status.IsNotFound()) return false;
  if (!status.ok()) return FromRocksRead(status);
  return true;
}

absl::StatusOr<bool> RocksTransaction::GetRawForShare(Family family,
                                                      absl::string_view key,
                                                      std::string* value) {
  rocksdb::Status status =
      txn_->GetForUpdate(rocksdb::ReadOptions(), db_->handle(family),
                         ToSlice(key), value, /*exclusive=*/false);
  if (status.IsNotFound()) return false;
  if (!status.ok()) return FromRocksRead(status);
  return true;
}

absl::StatusOr<bool> RocksTransaction::GetRaw(Family family,
                                              absl::string_view key,
                                              std::string* value) {
  rocksdb::Status status = txn_->Get(rocksdb::ReadOptions(),
                                     db_->handle(family), ToSlice(key), value);
  if (status.IsNotFound()) return false;
  if (!status.ok()) return FromRocksRead(status);
  return true;
}

void RocksTransaction::PutRaw(Family family, absl::string_view key,
                              absl::string_view value) {
  written_families_ |= 1u << static_cast<int>(family);
  Remember(txn_->Put(db_->handle(family), ToSlice(key), ToSlice(value)));
}

void RocksTransaction::Delete(Family family, absl::string_view key) {
  written_families_ |= 1u << static_cast<int>(family);
  Remember(txn_->Delete(db_->handle(family), ToSlice(key)));
}

void RocksTransaction::Remember(const rocksdb::Status& status) {
  if (!status.ok() && first_error_.ok()) first_error_ = FromRocks(status);
}

absl::Status RocksTransaction::CommitWrites() {
  db_->NoteCommitting(written_families_);
  absl::Status status = db_->recovery().AfterWrite(txn_->Commit());
  db_->NoteCommitted(written_families_);
  return status;
}

absl::Status RocksTransaction::Commit() {
  if (!first_error_.ok()) return first_error_;
  if (events_.empty()) {
    absl::Status status = CommitWrites();
    if (status.ok()) RunAfterCommit();
    return status;
  }
  // The cursors are taken last, just before the commit, so the time they
  // hold the head back is the commit's own (EventSequencer).
  absl::StatusOr<uint64_t> first = db_->sequencer().Reserve(events_.size());
  if (!first.ok()) return first.status();
  for (size_t i = 0; i < events_.size(); ++i) {
    const EventRow& row = events_[i];
    const uint64_t cursor = *first + i;
    PutRaw(Family::kEvents, KeyOf({cursor}), row.value);
    PutRaw(Family::kEventsByAccount, KeyOf({row.account, cursor}),
           row.IndexValue());
  }
  absl::Status status = first_error_.ok() ? CommitWrites() : first_error_;
  db_->sequencer().Finish(*first);
  if (status.ok()) RunAfterCommit();
  return status;
}

}  // namespace cordon::store
