#include "server/store/rocks/rocks_transaction.h"

#include "server/store/rocks/rocks_database.h"
#include "server/store/rocks/rocks_status.h"

namespace cordon::store {
namespace {

rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

}  // namespace

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
  if (!status.ok()) return FromRocks(status);
  return true;
}

void RocksTransaction::PutRaw(Family family, absl::string_view key,
                              absl::string_view value) {
  Remember(txn_->Put(db_->handle(family), ToSlice(key), ToSlice(value)));
}

void RocksTransaction::Delete(Family family, absl::string_view key) {
  Remember(txn_->Delete(db_->handle(family), ToSlice(key)));
}

void RocksTransaction::Remember(const rocksdb::Status& status) {
  if (!status.ok() && first_error_.ok()) first_error_ = FromRocks(status);
}

absl::Status RocksTransaction::Commit() {
  if (!first_error_.ok()) return first_error_;
  return FromRocks(txn_->Commit());
}

}  // namespace cordon::store
