#ifndef CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_PAGE_H_
#define CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_PAGE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/resource_name.h"
#include "server/ports/graph.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// What applying inventory pages did (ISO-12, ISO-13).
struct InventoryCounts {
  int added = 0;
  int updated = 0;
  int deleted = 0;
  int drift = 0;
  // Users left unapplied because their UPN is another identity's.
  int conflicts = 0;
  int pages = 0;
  // The change in identities keyed to a tenant user and not deleted there
  // (InventoryStatus.identities): added, adopted and restored ones count
  // up, ones marked deleted down.
  int net_identities = 0;
  // New users left out because the organization is at its identity cap.
  int over_cap = 0;

  void Add(const InventoryCounts& other);
};

// Applies users of a delta page to an organization's identities inside the
// caller's transaction (ISO-12): keyed by the Entra object id, so a renamed
// UPN stays the same identity; an identity created by hand (no object id)
// is adopted by UPN; hybrid flag and usage location follow the tenant; a
// removed user is marked deleted, kept and never acted on.
class InventoryPage {
 public:
  // `on_enabled` is called for every identity the tenant shows enabled,
  // after its row is written (drift, ISO-13); it returns whether it recorded
  // drift.
  using EnabledHook = std::function<absl::StatusOr<bool>(
      store::Transaction&, const core::IdentityName&)>;

  // `room`: how many identities this page may create (the organization's
  // cap, kMaxIdentitiesPerOrganization, less what it has).
  InventoryPage(store::Database* db, absl::Time now,
                const core::OrganizationName& org, uint64_t round,
                EnabledHook on_enabled, int room)
      : db_(db),
        now_(now),
        org_(org),
        round_(round),
        on_enabled_(std::move(on_enabled)),
        room_(room) {}

  absl::Status Apply(store::Transaction& txn, const ports::DirectoryUser& user,
                     InventoryCounts* counts);

  // Adds the identities Apply created to the organization's count, in one
  // write per page rather than one per identity; call once, after the
  // page's last Apply.
  absl::Status CountCreated(store::Transaction& txn);

  // ISO-12, after a full round: every identity of the tenant the round did
  // not see is marked deleted. Returns how many.
  absl::StatusOr<int> MarkUnseenDeleted(store::Transaction& txn);

 private:
  absl::Status ApplyKnown(store::Transaction& txn, uint64_t identity,
                          const ports::DirectoryUser& user,
                          InventoryCounts* counts);
  // Drift (ISO-13) for a user the tenant shows enabled.
  absl::Status CheckEnabled(store::Transaction& txn, uint64_t identity,
                            const ports::DirectoryUser& user,
                            InventoryCounts* counts);
  absl::Status ApplyNew(store::Transaction& txn,
                        const ports::DirectoryUser& user,
                        InventoryCounts* counts);
  // The UPN index row for `upn` points at `identity` (nullopt: free). A row
  // held by an identity deleted in the tenant is taken over.
  absl::StatusOr<absl::optional<uint64_t>> UpnHolder(store::Transaction& txn,
                                                     absl::string_view upn);
  void IndexObjectId(store::Transaction& txn, absl::string_view object_id,
                     uint64_t identity);

  store::Database* db_;
  const absl::Time now_;
  const core::OrganizationName org_;
  const uint64_t round_;
  EnabledHook on_enabled_;
  int room_;
  int created_ = 0;  // by Apply, not yet counted (CountCreated)
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_PAGE_H_
