#include "server/engine/inventory/inventory_tally.h"

#include <algorithm>

#include "cordon/store/records.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/identity_manager.h"
#include "server/store/keys.h"

namespace cordon::engine {

using cordon::v1::Identity;

bool IsTenantIdentity(const Identity& identity) {
  return !identity.entra_object_id().empty() && !identity.deleted_in_tenant();
}

absl::StatusOr<int64_t> CountTenantIdentities(
    const store::Database& db, const core::OrganizationName& org) {
  int64_t count = 0;
  CORDON_RETURN_IF_ERROR(
      ScanRows<Identity>(db, store::Family::kIdentities,
                         store::KeyOf({org.account, org.organization}),
                         kMaxIdentitiesPerOrganization, "identity record",
                         [&](const Identity& identity) {
                           count += IsTenantIdentity(identity) ? 1 : 0;
                           return true;
                         }));
  return count;
}

absl::Status ForgetTenantIdentity(store::Transaction& txn,
                                  const core::IdentityName& name,
                                  const Identity& identity) {
  if (!IsTenantIdentity(identity)) return absl::OkStatus();
  const std::string key = store::KeyOf({name.account, name.organization});
  cordon::store::InventoryState state;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kInventory, key, &state));
  // Not counted yet: the first count will not see it.
  if (!found || !state.identities_counted()) return absl::OkStatus();
  state.set_identities(std::max<int64_t>(0, state.identities() - 1));
  txn.Put(store::Family::kInventory, key, state);
  return absl::OkStatus();
}

}  // namespace cordon::engine
