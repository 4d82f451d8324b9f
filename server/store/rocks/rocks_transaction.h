#ifndef CORDON_SERVER_STORE_ROCKS_ROCKS_TRANSACTION_H_
#define CORDON_SERVER_STORE_ROCKS_ROCKS_TRANSACTION_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/utilities/transaction.h"
#include "server/store/transaction.h"

namespace cordon::store {

class RocksDatabase;

// A pessimistic RocksDB transaction: GetForUpdate takes a row lock, Commit
// writes the batch to the (synced) WAL.
class RocksTransaction final : public Transaction {
 public:
  ~RocksTransaction() override;
  RocksTransaction(const RocksTransaction&) = delete;
  RocksTransaction& operator=(const RocksTransaction&) = delete;

  absl::StatusOr<bool> GetRawForUpdate(Family family, absl::string_view key,
                                       std::string* value) override;
  absl::StatusOr<bool> GetRawForShare(Family family, absl::string_view key,
                                      std::string* value) override;
  absl::StatusOr<bool> GetRaw(Family family, absl::string_view key,
                              std::string* value) override;
  void PutRaw(Family family, absl::string_view key,
              absl::string_view value) override;
  void Delete(Family family, absl::string_view key) override;
  absl::Status Commit() override;

 private:
  friend class RocksDatabase;
  RocksTransaction(RocksDatabase* db, rocksdb::Transaction* txn);
  // Writes cannot fail in a pessimistic transaction once keys are locked
  // except through storage errors; the first one is kept and reported by
  // Commit, which then refuses to commit.
  void Remember(const rocksdb::Status& status);
  // txn_->Commit(), then the written families' generations moved.
  absl::Status CommitWrites();

  RocksDatabase* db_;
  std::unique_ptr<rocksdb::Transaction> txn_;
  absl::Status first_error_;
  // Bit f set once Family f was written (Database::WriteGeneration).
  uint32_t written_families_ = 0;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_ROCKS_TRANSACTION_H_
