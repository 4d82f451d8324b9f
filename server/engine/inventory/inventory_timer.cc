#include "server/engine/inventory/inventory_timer.h"

#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/resource_time.h"
#include "server/store/keys.h"

namespace cordon::engine {

using cordon::store::OutboxAction;

absl::Status InventoryTimer::Queue(store::Transaction& txn,
                                   const std::string& org,
                                   const std::string& tenant, absl::Time due) {
  OutboxAction action;
  action.set_kind(OutboxAction::INVENTORY_SYNC);
  action.set_organization(org);
  action.set_tenant_id(tenant);
  *action.mutable_create_time() = ToTimestamp(clock_->Now());
  return outbox_->Enqueue(txn, std::move(action), due);
}

absl::Status InventoryTimer::Schedule(store::Transaction& txn,
                                      const core::OrganizationName& org,
                                      const std::string& tenant) {
  if (interval_ <= absl::ZeroDuration()) return absl::OkStatus();
  return Queue(txn, org.ToString(), tenant, clock_->Now());
}

ActionResult InventoryTimer::Perform(const OutboxAction& action) {
  ActionResult result;
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(action.organization());
  // A failed run is on the organization already; the chain retries it.
  if (org.ok()) {
    absl::Status ran = inventory_->Run(*org).status();
    if (!ran.ok()) result.detail = std::string(ran.message());
  }
  return result;
}

absl::Status InventoryTimer::RecordEnd(store::Transaction& txn,
                                       const OutboxAction& action, ActionEnd,
                                       const ActionResult&) {
  if (interval_ <= absl::ZeroDuration()) return absl::OkStatus();
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(action.organization());
  if (!org.ok()) return absl::OkStatus();
  cordon::v1::Organization stored;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kOrganizations,
                       store::KeyOf({org->account, org->organization}),
                       &stored));
  // Deleted, unbound or bound elsewhere since: this chain ends.
  if (!found || stored.m365_tenant_id() != action.tenant_id()) {
    return absl::OkStatus();
  }
  return Queue(txn, action.organization(), action.tenant_id(),
               clock_->Now() + interval_);
}

}  // namespace cordon::engine
