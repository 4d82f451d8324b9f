#ifndef CORDON_SERVER_STORE_CONFLICT_H_
#define CORDON_SERVER_STORE_CONFLICT_H_

#include "absl/status/status.h"

namespace cordon::store {

// The error every backend returns when a lock cannot be granted (a deadlock
// victim, a lock wait timeout, a write conflict): ABORTED with the reason
// CONCURRENT_CHANGE. Nothing was written, and running the whole transaction
// again can succeed. The message is Cordon's, as it reaches clients.
absl::Status ConflictError();

// True for ConflictError().
bool IsConflict(const absl::Status& status);

// Waits before the `attempt`-th run of a transaction that lost a conflict
// runs again: a random time, growing with `attempt`, of at most 100 ms.
// On an optimistic backend (etcd) writers that collided would otherwise
// run again together and collide again, so that under a burst on one row
// (a hundred sends for one identity) some would use up their attempts.
// Real time: only threads that raced for a row wait, which a simulation's
// one thread never does.
void WaitBeforeRetry(int attempt);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_CONFLICT_H_
