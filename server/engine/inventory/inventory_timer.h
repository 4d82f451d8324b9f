#ifndef CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TIMER_H_
#define CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TIMER_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "server/core/resource_name.h"
#include "server/engine/inventory/inventory_sync.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ISO-12 "then periodically": a chain of INVENTORY_SYNC actions in the
// outbox, one per bound organization. Binding a tenant queues the first
// (due at once) and starts a new chain (InventoryState.timer_chain): an
// action of an older chain, still queued from an earlier binding (unbind
// and bind again, or A, B, A), is dropped, so there is never more than one
// chain per organization. Each run queues the next, `interval` later, while
// the organization is still bound to the same tenant. A zero interval
// queues nothing. A failed run is recorded on the organization by
// InventorySync and, when it may pass (throttled, a 5xx, a timeout, a store
// hiccup), retried with the worker's backoff a few times (RetryPolicy),
// Retry-After respected, before the chain waits for the next interval; one
// that cannot pass soon (AADSTS, unbound) waits for the next interval.
class InventoryTimer : public ActionHandler {
 public:
  InventoryTimer(store::Database* db, const ports::Clock* clock,
                 InventorySync* inventory, Outbox* outbox,
                 absl::Duration interval)
      : db_(db),
        clock_(clock),
        inventory_(inventory),
        outbox_(outbox),
        interval_(interval) {}

  // The first run of `org`, just bound to `tenant`, in the binding's write.
  absl::Status Schedule(store::Transaction& txn,
                        const core::OrganizationName& org,
                        const std::string& tenant);

  // False for an action of a chain a later binding replaced.
  absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction& action) const override;

  // Runs the inventory. Unlike other actions it uses the store: its pages
  // are written each in their own transaction as they are read (see
  // InventorySync), and a repeat after a crash resumes at the next page.
  ActionResult Perform(const cordon::store::OutboxAction& action) override;
  // The run's pages are written fenced with `term`.
  ActionResult PerformFor(const cordon::store::OutboxAction& action,
                          store::LeaderTerm term) override;
  // A few quick retries, then the chain's interval takes over: never a
  // spin, whatever the tenant answers.
  core::RetryPolicy RetryPolicy() const override;
  // The delta query is a Graph directory call: a 429 holds back the
  // tenant's other calls, and theirs hold back the inventory.
  ThrottledBy HeldBackBy(const cordon::store::OutboxAction&) const override {
    return ThrottledBy::kTenant;
  }

  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;

 private:
  absl::Status Queue(store::Transaction& txn, const std::string& org,
                     const std::string& tenant, uint64_t chain, absl::Time due);

  store::Database* db_;
  const ports::Clock* clock_;
  InventorySync* inventory_;
  Outbox* outbox_;
  const absl::Duration interval_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TIMER_H_
