#ifndef CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TIMER_H_
#define CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TIMER_H_

#include <string>

#include "absl/time/time.h"
#include "server/core/resource_name.h"
#include "server/engine/inventory/inventory_sync.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ISO-12 "then periodically": a chain of INVENTORY_SYNC actions in the
// outbox, one per bound organization. Binding a tenant queues the first
// (due at once); each run queues the next, `interval` later, while the
// organization is still bound to the same tenant (a rebind to another
// tenant starts its own chain, the old one ends). A zero interval queues
// nothing. A failed run is recorded on the organization by InventorySync
// and retried at the next interval, not hammered.
class InventoryTimer : public ActionHandler {
 public:
  InventoryTimer(const ports::Clock* clock, InventorySync* inventory,
                 Outbox* outbox, absl::Duration interval)
      : clock_(clock),
        inventory_(inventory),
        outbox_(outbox),
        interval_(interval) {}

  // The first run of `org`, just bound to `tenant`, in the binding's write.
  absl::Status Schedule(store::Transaction& txn,
                        const core::OrganizationName& org,
                        const std::string& tenant);

  // Runs the inventory. Unlike other actions it uses the store: its pages
  // are written each in their own transaction as they are read (see
  // InventorySync), and a repeat after a crash resumes at the next page.
  ActionResult Perform(const cordon::store::OutboxAction& action) override;

  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;

 private:
  absl::Status Queue(store::Transaction& txn, const std::string& org,
                     const std::string& tenant, absl::Time due);

  const ports::Clock* clock_;
  InventorySync* inventory_;
  Outbox* outbox_;
  const absl::Duration interval_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INVENTORY_INVENTORY_TIMER_H_
