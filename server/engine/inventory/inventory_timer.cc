#include "server/engine/inventory/inventory_timer.h"

#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::InventoryState;
using cordon::store::OutboxAction;

std::string StateKey(const core::OrganizationName& org) {
  return store::KeyOf({org.account, org.organization});
}

// A run that failed without a Graph call: the store's transient trouble
// passes; unbound, gone or a tenant that never stops paging does not.
bool StoreMayRecover(const absl::Status& status) {
  return absl::IsAborted(status) || absl::IsUnavailable(status) ||
         absl::IsDeadlineExceeded(status);
}

}  // namespace

absl::Status InventoryTimer::Queue(store::Transaction& txn,
                                   const std::string& org,
                                   const std::string& tenant, uint64_t chain,
                                   absl::Time due) {
  OutboxAction action;
  action.set_kind(OutboxAction::INVENTORY_SYNC);
  action.set_organization(org);
  action.set_tenant_id(tenant);
  action.set_epoch(chain);
  *action.mutable_create_time() = ToTimestamp(clock_->Now());
  return outbox_->Enqueue(txn, std::move(action), due);
}

absl::Status InventoryTimer::Schedule(store::Transaction& txn,
                                      const core::OrganizationName& org,
                                      const std::string& tenant) {
  if (interval_ <= absl::ZeroDuration()) return absl::OkStatus();
  InventoryState state;
  CORDON_RETURN_IF_ERROR(
      txn.GetForUpdate(store::Family::kInventory, StateKey(org), &state)
          .status());
  // A new chain; whatever the older one has queued stops (IsCurrent).
  state.set_timer_chain(state.timer_chain() + 1);
  txn.Put(store::Family::kInventory, StateKey(org), state);
  return Queue(txn, org.ToString(), tenant, state.timer_chain(), clock_->Now());
}

absl::StatusOr<bool> InventoryTimer::IsCurrent(
    const OutboxAction& action) const {
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(action.organization());
  if (!org.ok()) return false;
  InventoryState state;
  absl::StatusOr<std::string> stored =
      db_->Get(store::Family::kInventory, StateKey(*org));
  if (stored.ok() && !state.ParseFromString(*stored)) {
    return RowDoesNotParse("inventory state");
  }
  if (!stored.ok() && !absl::IsNotFound(stored.status())) {
    return stored.status();
  }
  return state.timer_chain() == action.epoch();
}

core::RetryPolicy InventoryTimer::RetryPolicy() const {
  core::RetryPolicy policy;
  policy.initial_backoff = absl::Minutes(1);
  policy.max_backoff = absl::Minutes(10);
  policy.max_attempts = 4;
  return policy;
}

ActionResult InventoryTimer::Perform(const OutboxAction& action) {
  return PerformFor(action, store::LeaderTerm{});
}

ActionResult InventoryTimer::PerformFor(const OutboxAction& action,
                                        store::LeaderTerm term) {
  ActionResult result;
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(action.organization());
  if (!org.ok()) return result;  // nothing to run, nothing to retry
  absl::optional<core::GraphCallOutcome> failed_call;
  const absl::Status ran = inventory_->Run(*org, &failed_call, term).status();
  if (ran.ok()) return result;
  // The failure is on the organization already; this decides the retry.
  result.detail = std::string(ran.message());
  if (failed_call.has_value()) {
    result.error_class = core::ClassifyGraphOutcome(*failed_call);
    result.retry_after = failed_call->retry_after;
  } else {
    result.error_class = StoreMayRecover(ran) ? core::ErrorClass::kRetryable
                                              : core::ErrorClass::kPermanent;
  }
  return result;
}

absl::Status InventoryTimer::RecordEnd(store::Transaction& txn,
                                       const OutboxAction& action,
                                       ActionEnd end, const ActionResult&) {
  if (interval_ <= absl::ZeroDuration() || end == ActionEnd::kSuperseded) {
    return absl::OkStatus();  // a replaced chain ends here
  }
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(action.organization());
  if (!org.ok()) return absl::OkStatus();
  cordon::v1::Organization stored;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kOrganizations, StateKey(*org), &stored));
  InventoryState state;
  CORDON_RETURN_IF_ERROR(
      txn.GetForUpdate(store::Family::kInventory, StateKey(*org), &state)
          .status());
  // Deleted, unbound, bound elsewhere or bound again since: this chain
  // ends (a binding started the chain that goes on).
  if (!found || stored.m365_tenant_id() != action.tenant_id() ||
      state.timer_chain() != action.epoch()) {
    return absl::OkStatus();
  }
  return Queue(txn, action.organization(), action.tenant_id(), action.epoch(),
               clock_->Now() + interval_);
}

}  // namespace cordon::engine
