#ifndef CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_SYNC_H_
#define CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_SYNC_H_

#include <functional>
#include <map>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "cordon/store/records.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/inventory/inventory_page.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"
#include "server/store/database.h"

namespace cordon::engine {

// An organization's tenant inventory (ISO-12): reads the tenant's users with
// the delta query, one page at a time, and applies each page in its own
// transaction together with the link that follows it, so memory stays flat
// however large the tenant and a crash between pages resumes at the next
// page. A completed round stores its delta link; an expired one starts a
// full round, after which users it did not see are marked deleted. Each
// run's end (or failure) is visible on the organization (InventoryStatus).
class InventorySync {
 public:
  // Pages of one run; a tenant that keeps paging past it is broken.
  static constexpr int kMaxPagesPerRun = 100000;

  // `after_drift` runs after a page that found drift (ISO-13) commits, so
  // the disables it queued are performed now (it wakes the worker).
  InventorySync(store::Database* db, const ports::Clock* clock,
                ports::Graph* graph, InventoryPage::EnabledHook on_enabled,
                std::function<void()> after_drift = nullptr)
      : db_(db),
        clock_(clock),
        graph_(graph),
        on_enabled_(std::move(on_enabled)),
        after_drift_(std::move(after_drift)) {}

  // Runs the inventory of `org` until its round completes. NOT_FOUND for
  // an unknown organization, FAILED_PRECONDITION (ORGANIZATION_NOT_BOUND)
  // without a tenant; a failed Graph call ends the run with UNAVAILABLE
  // (or FAILED_PRECONDITION for an AADSTS the customer must fix) after it
  // is recorded on the organization. Runs of one organization are serial.
  absl::StatusOr<InventoryCounts> Run(const core::OrganizationName& org);

 private:
  // The link to read next: the round under way, else the last delta link
  // (a full round when empty). Starts afresh for a new tenant.
  absl::StatusOr<cordon::store::InventoryState> LoadState(
      const core::OrganizationName& org, const std::string& tenant_id) const;
  // One page and the state after it, in one transaction. Returns true when
  // the round completed.
  absl::StatusOr<bool> ApplyPage(const core::OrganizationName& org,
                                 const ports::UsersDeltaPage& page,
                                 cordon::store::InventoryState* state,
                                 InventoryCounts* counts);
  // The run's end on the organization ("" = succeeded).
  absl::Status RecordOutcome(const core::OrganizationName& org,
                             const std::string& error);
  absl::Status WriteStatus(store::Transaction& txn,
                           const core::OrganizationName& org, absl::Time now,
                           const std::string& error);
  absl::Mutex* LockFor(const core::OrganizationName& org);

  store::Database* db_;
  const ports::Clock* clock_;
  ports::Graph* graph_;
  InventoryPage::EnabledHook on_enabled_;
  std::function<void()> after_drift_;
  absl::Mutex locks_mu_;
  std::map<std::pair<uint64_t, uint64_t>, absl::Mutex> locks_
      ABSL_GUARDED_BY(locks_mu_);
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_SYNC_H_
