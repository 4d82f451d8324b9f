#ifndef CORDON_SERVER_ENGINE_COMMON_CHILD_COUNTS_H_
#define CORDON_SERVER_ENGINE_COMMON_CHILD_COUNTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/database.h"
#include "server/store/family.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// How many children a parent has, kept as a counter row (IndexKind::
// kChildCount) instead of counted by a scan: a cap check or an emptiness
// check then costs one read whatever the parent holds (issue 14: creates
// into organizations of 1,000 ran at 40% of the rate into empty ones).
//
// Counted: identities per organization (parent key be64(account)
// be64(org)); organizations, users and access rules per account (parent
// key be64(account)). Every insert or delete of such a row changes the
// counter in its own transaction, so a crash leaves both or neither. The
// counter is read for update: two writers of one parent serialize on it,
// which costs nothing where the parent's row is already locked. The
// identities of an organization are counted in 16 parts instead, each
// locked on its own, so creates in one organization do not wait for each
// other (issue 14); a reader sums them.

// The children of `family` under `parent_key`, locked in `txn` until it
// ends (0 when none).
absl::StatusOr<int64_t> LockChildCount(store::Transaction& txn,
                                       store::Family family,
                                       absl::string_view parent_key);

// Adds `delta` (one insert: 1, one delete: -1) to the counter, locking it.
// DATA_LOSS when it would go below zero: a row written past the counter.
// For identities, only the part `spread` picks is locked and changed (pass
// the row's id, so concurrent writers lock different parts); a part alone
// may go below zero.
absl::Status AddChildCount(store::Transaction& txn, store::Family family,
                           absl::string_view parent_key, int64_t delta,
                           uint64_t spread = 0);

// AddChildCount for a counter this transaction already read with
// LockChildCount, which returned `locked_count`: no second read. Not for
// identities, whose parts AddChildCount changes one at a time.
absl::Status AddToLockedChildCount(store::Transaction& txn,
                                   store::Family family,
                                   absl::string_view parent_key,
                                   int64_t locked_count, int64_t delta);

// Removes the counter (every part of it) inside `txn`, which has locked it
// with LockChildCount and found it zero: the parent is being deleted.
void ClearChildCount(store::Transaction& txn, store::Family family,
                     absl::string_view parent_key);

// The committed count, read outside a transaction.
absl::StatusOr<int64_t> ReadChildCount(const store::Database& db,
                                       store::Family family,
                                       absl::string_view parent_key);

// At start, before serving, once per database (a kMeta marker records it):
// sets every counter from a scan, for stores written before counters
// existed. A crash part-way leaves the marker unset and the next start
// counts again (the counters are written whole, not added to).
absl::Status CountChildrenOfOldStore(store::Database& db);

// Every counter that differs from a scan of the rows, as "family parent:
// counted N, stored M"; empty when all agree. For tests and the
// simulator's invariants.
absl::StatusOr<std::vector<std::string>> ChildCountMismatches(
    const store::Database& db);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_CHILD_COUNTS_H_
