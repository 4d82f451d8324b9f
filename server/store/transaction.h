#ifndef CORDON_SERVER_STORE_TRANSACTION_H_
#define CORDON_SERVER_STORE_TRANSACTION_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "rocksdb/utilities/transaction.h"
#include "server/store/family.h"

namespace cordon::store {

class Database;

// One atomic, durable change (DESIGN rule 1). Reads made "for update" lock
// their keys until commit, so two calls that read-modify-write the same row
// serialize instead of losing an update. Destroying an uncommitted
// transaction rolls it back: nothing half-written after a failure.
class Transaction {
 public:
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Reads `key` into `message` and locks it until commit. Returns false when
  // absent (the absence is locked too, so a concurrent insert waits).
  absl::StatusOr<bool> GetForUpdate(Family family, absl::string_view key,
                                    google::protobuf::MessageLite* message);
  absl::StatusOr<bool> GetRawForUpdate(Family family, absl::string_view key,
                                       std::string* value);

  void Put(Family family, absl::string_view key,
           const google::protobuf::MessageLite& message);
  void PutRaw(Family family, absl::string_view key, absl::string_view value);
  void Delete(Family family, absl::string_view key);

  // Makes every write durable (synced to the WAL) and visible at once.
  absl::Status Commit();

  Database& database() { return *db_; }

 private:
  friend class Database;
  Transaction(Database* db, rocksdb::Transaction* txn);
  // Writes cannot fail in a pessimistic transaction once keys are locked
  // except through storage errors; the first one is kept and reported by
  // Commit, which then refuses to commit.
  void Remember(const rocksdb::Status& status);

  Database* db_;
  std::unique_ptr<rocksdb::Transaction> txn_;
  absl::Status first_error_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_TRANSACTION_H_
