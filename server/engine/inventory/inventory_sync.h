#ifndef CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_SYNC_H_
#define CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_SYNC_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/resource_name.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/inventory/inventory_page.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/engine/tenancy/identity_manager.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"
#include "server/store/database.h"
#include "server/store/leadership.h"

namespace cordon::engine {

// An organization's tenant inventory (ISO-12): reads the tenant's users with
// the delta query, one page at a time, and applies each page in its own
// transaction together with the link that follows it, so memory stays flat
// however large the tenant and a crash between pages resumes at the next
// page. A completed round stores its delta link; an expired one starts a
// full round, after which users it did not see are marked deleted. Each
// run's end (or failure) is visible on the organization (InventoryStatus);
// a tenant that refuses Cordon's credentials with an AADSTS error the
// customer must fix also raises (or joins) the organization's
// INTEGRATION_M365_INACCESSIBLE escalation (ESC-2), the same one a failed
// isolation raises, so admins learn of revoked consent before an incident.
class InventorySync {
 public:
  // Users past the organization's cap (`max_identities`, by default
  // kMaxIdentitiesPerOrganization, as for identities made by hand) are not
  // added: the run completes, says how many were left out
  // (InventoryCounts::over_cap, InventoryStatus FAILED with
  // TOO_MANY_IDENTITIES) and the next round reads everything again, so they
  // come in once there is room.
  // Pages of one run; a tenant that keeps paging past it is broken.
  static constexpr int kMaxPagesPerRun = 100000;

  // `after_drift` runs after a page that found drift (ISO-13) commits, so
  // the disables it queued are performed now (it wakes the worker).
  InventorySync(store::Database* db, const ports::Clock* clock,
                ports::Graph* graph, InventoryPage::EnabledHook on_enabled,
                EscalationManager* escalations, AuditLog* audit,
                std::function<void()> after_drift = nullptr,
                int max_identities = kMaxIdentitiesPerOrganization)
      : db_(db),
        clock_(clock),
        graph_(graph),
        on_enabled_(std::move(on_enabled)),
        escalations_(escalations),
        audit_(audit),
        after_drift_(std::move(after_drift)),
        max_identities_(max_identities) {}

  // Runs the inventory of `org` until its round completes. NOT_FOUND for
  // an unknown organization, FAILED_PRECONDITION (ORGANIZATION_NOT_BOUND)
  // without a tenant; a failed Graph call ends the run with UNAVAILABLE
  // when it may pass by itself, else FAILED_PRECONDITION
  // (INTEGRATION_M365_INACCESSIBLE for an AADSTS the customer must fix,
  // M365_INVENTORY_REFUSED) after it is recorded on the organization, and the
  // call's outcome is copied to `failed_call` when given (the timer retries by
  // it). A tenant that pages past kMaxPagesPerRun is RESOURCE_EXHAUSTED. Runs
  // of one organization are serial. Each write is fenced with `fence`
  // (the outbox worker's term, issue 15): once another server leads, the
  // run ends with LEADERSHIP_LOST before writing another page.
  absl::StatusOr<InventoryCounts> Run(
      const core::OrganizationName& org,
      absl::optional<core::GraphCallOutcome>* failed_call = nullptr,
      store::LeaderTerm fence = {});

 private:
  // The link to read next: the round under way, else the last delta link
  // (a full round when empty). Starts afresh for a new tenant.
  absl::StatusOr<cordon::store::InventoryState> LoadState(
      const core::OrganizationName& org, const std::string& tenant_id) const;
  // One page and the state after it, in one transaction. Returns true when
  // the round completed.
  // `room`: identities the run may still create.
  absl::StatusOr<bool> ApplyPage(const core::OrganizationName& org,
                                 const ports::UsersDeltaPage& page, int room,
                                 store::LeaderTerm fence,
                                 cordon::store::InventoryState* state,
                                 InventoryCounts* counts);
  // The page's users and the state after them, in `txn`.
  absl::Status ApplyUsers(store::Transaction& txn,
                          const core::OrganizationName& org,
                          const ports::UsersDeltaPage& page, int room,
                          absl::Time now, cordon::store::InventoryState* after,
                          InventoryCounts* page_counts);
  // ISO-11: one audit record per page that changed identities, in its
  // write (see the definition for why not one per identity).
  absl::Status AuditPage(store::Transaction& txn,
                         const core::OrganizationName& org,
                         const InventoryCounts& page_counts);
  // What a completed run leaves undone, for InventoryStatus ("" = none).
  std::string RunError(const InventoryCounts& run) const;
  // The run's end on the organization ("" = succeeded); `failed_call` is
  // the Graph call that ended it, if one did.
  absl::Status RecordOutcome(const core::OrganizationName& org,
                             const std::string& tenant,
                             const std::string& error,
                             const core::GraphCallOutcome* failed_call,
                             store::LeaderTerm fence);
  // Returns false when the organization is gone. `state`: that of a
  // completed round, whose identity count the status shows.
  absl::StatusOr<bool> WriteStatus(store::Transaction& txn,
                                   const core::OrganizationName& org,
                                   absl::Time now, const std::string& error,
                                   const cordon::store::InventoryState* state);
  // ESC-2 INTEGRATION_M365_INACCESSIBLE for the organization's tenant,
  // subject shared with the isolation path (M365TenantAccess::Subject).
  absl::Status RaiseInaccessible(store::Transaction& txn,
                                 const core::OrganizationName& org,
                                 const std::string& tenant,
                                 const std::string& error);
  std::mutex* LockFor(const core::OrganizationName& org);

  store::Database* db_;
  const ports::Clock* clock_;
  ports::Graph* graph_;
  InventoryPage::EnabledHook on_enabled_;
  EscalationManager* escalations_;
  AuditLog* audit_;
  std::function<void()> after_drift_;
  const int max_identities_;
  std::mutex locks_mu_;
  std::map<std::pair<uint64_t, uint64_t>, std::mutex> locks_
      ABSL_GUARDED_BY(locks_mu_);
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_SYNC_H_
