#ifndef CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TALLY_H_
#define CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TALLY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "cordon/v1/identity.pb.h"
#include "server/core/resource_name.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ISO-12: the count behind InventoryStatus.identities — identities keyed to
// a tenant user and not deleted in the tenant — lives in the organization's
// InventoryState and is adjusted in the write that changes it, so reading
// it never scans the organization's identities.

// Whether `identity` is counted.
bool IsTenantIdentity(const cordon::v1::Identity& identity);

// Counts by scanning: once per organization whose state predates the count.
absl::StatusOr<int64_t> CountTenantIdentities(
    const store::Database& db, const core::OrganizationName& org);

// In the write that deletes `identity` by hand: it is no longer counted.
absl::Status ForgetTenantIdentity(store::Transaction& txn,
                                  const core::IdentityName& name,
                                  const cordon::v1::Identity& identity);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TALLY_H_
