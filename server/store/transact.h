#ifndef CORDON_SERVER_STORE_TRANSACT_H_
#define CORDON_SERVER_STORE_TRANSACT_H_

#include <chrono>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/conflict.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::store {

// How often Transact runs a body that keeps losing lock conflicts. Each
// conflict means another writer committed or is about to (deadlock
// detection aborts one of the two). On RocksDB, and among the writers of
// one etcd replica (which queue on LocalRowLocks), a handful suffices;
// writers on different etcd replicas meet only at the commit, where one
// may lose once to each of the others racing for its row, so a burst on
// one identity needs more, spread out by WaitBeforeRetry (whose waits add
// up to 5.8 s at most). The bound keeps a pathological case from spinning.
inline constexpr int kMaxConflictAttempts = 64;
// And no retry starts once this long has passed since the first attempt:
// each conflict may be a lock wait of its own (2 s on RocksDB, 5 s within
// an etcd replica), and 64 of them would hold a caller for minutes.
inline constexpr std::chrono::seconds kConflictRetryBudget{10};

namespace internal {
inline const absl::Status& StatusOf(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}
}  // namespace internal

// Runs `body(Transaction&)` in a fresh transaction — the body commits it —
// and runs it again, in a new transaction and after a short random wait
// (WaitBeforeRetry), while it fails with a lock conflict, at most
// kMaxConflictAttempts times and within kConflictRetryBudget. Writers that
// touch the same rows in different orders thus serialize inside the server
// instead of failing the caller. The body must have no effect outside its
// transaction before it commits. Returns what the body returns (absl::Status or
// absl::StatusOr<T>).
template <typename Body>
auto Transact(Database& db, Body&& body)
    -> decltype(body(std::declval<Transaction&>())) {
  const auto began = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    std::unique_ptr<Transaction> txn = db.Begin();
    auto result = body(*txn);
    if (attempt >= kMaxConflictAttempts ||
        !IsConflict(internal::StatusOf(result)) ||
        std::chrono::steady_clock::now() - began >= kConflictRetryBudget) {
      return result;
    }
    txn.reset();  // its locks, not held while it waits
    WaitBeforeRetry(attempt);
  }
}

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_TRANSACT_H_
