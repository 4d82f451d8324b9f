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

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_CONFLICT_H_
