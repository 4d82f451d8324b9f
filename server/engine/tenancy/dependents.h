#ifndef CORDON_SERVER_ENGINE_TENANCY_DEPENDENTS_H_
#define CORDON_SERVER_ENGINE_TENANCY_DEPENDENTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/core/resource_name.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// What hangs off an identity or an organization in the store, deleted in
// the same write that deletes it, so nothing is left behind to be found by
// a later resource that reuses nothing but looks alike (issue 8): the access
// rules at its scope (ESC-4), the identity's isolation record, the
// organization's endpoint rows. The callers refuse first while a hold or a
// pending action still depends on the identity. Incident reports and
// escalations stay: they are history, and the audit log names them.
// Returns what was deleted, in words for the audit record ("" if nothing).
absl::StatusOr<std::string> DeleteIdentityDependents(
    const store::Database& db, store::Transaction& txn,
    const core::IdentityName& identity);
absl::StatusOr<std::string> DeleteOrganizationDependents(
    const store::Database& db, store::Transaction& txn,
    const core::OrganizationName& organization);

// Rows of one organization's endpoints deleted at most; an organization
// with more keeps the rest (bounded writes), which the audit record says.
inline constexpr int kMaxEndpointRowsDeleted = 100000;

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_DEPENDENTS_H_
