#include "server/store/transaction.h"

#include "server/store/database.h"

namespace cordon::store {
namespace {

rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

}  // namespace

Transaction::Transaction(Database* db, rocksdb::Transaction* txn)
    : db_(db), txn_(txn) {}

Transaction::~Transaction() {
  // Rolls back unless committed; a no-op after Commit.
  if (txn_ != nullptr) txn_->Rollback().PermitUncheckedError();
}

absl::StatusOr<bool> Transaction::GetRawForUpdate(Family family,
                                                  absl::string_view key,
                                                  std::string* value) {
  rocksdb::Status status = txn_->GetForUpdate(
      rocksdb::ReadOptions(), db_->handle(family), ToSlice(key), value);
  if (status.IsNotFound()) return false;
  if (!status.ok()) return FromRocks(status);
  return true;
}

absl::StatusOr<bool> Transaction::GetForUpdate(
    Family family, absl::string_view key,
    google::protobuf::MessageLite* message) {
  std::string value;
  absl::StatusOr<bool> found = GetRawForUpdate(family, key, &value);
  if (!found.ok() || !*found) return found;
  if (!message->ParseFromString(value)) {
    return absl::DataLossError("stored record does not parse");
  }
  return true;
}

void Transaction::Put(Family family, absl::string_view key,
                      const google::protobuf::MessageLite& message) {
  PutRaw(family, key, message.SerializeAsString());
}

void Transaction::PutRaw(Family family, absl::string_view key,
                         absl::string_view value) {
  Remember(txn_->Put(db_->handle(family), ToSlice(key), ToSlice(value)));
}

void Transaction::Delete(Family family, absl::string_view key) {
  Remember(txn_->Delete(db_->handle(family), ToSlice(key)));
}

void Transaction::Remember(const rocksdb::Status& status) {
  if (!status.ok() && first_error_.ok()) first_error_ = FromRocks(status);
}

absl::Status Transaction::Commit() {
  if (!first_error_.ok()) return first_error_;
  return FromRocks(txn_->Commit());
}

}  // namespace cordon::store
