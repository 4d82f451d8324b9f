#include "server/engine/common/retention_timer.h"

#include <string>

#include "server/core/errors.h"
#include "server/store/family.h"
#include "server/store/transact.h"

namespace cordon::engine {

absl::Status RetentionTimer::Start() {
  if (retention_ <= absl::ZeroDuration()) return absl::OkStatus();
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    std::string unused;
    CORDON_ASSIGN_OR_RETURN(
        bool queued,
        txn.GetRawForUpdate(store::Family::kMeta, chain_key_, &unused));
    if (queued) return absl::OkStatus();
    CORDON_RETURN_IF_ERROR(QueueNext(txn, clock_->Now()));
    return txn.Commit();
  });
}

absl::Status RetentionTimer::QueueNext(store::Transaction& txn,
                                       absl::Time due) {
  txn.PutRaw(store::Family::kMeta, chain_key_, "");
  cordon::store::OutboxAction action;
  action.set_kind(kind_);
  return outbox_->Enqueue(txn, std::move(action), due);
}

absl::Status RetentionTimer::RecordEnd(store::Transaction& txn,
                                       const cordon::store::OutboxAction&,
                                       ActionEnd, const ActionResult&) {
  const absl::Time now = clock_->Now();
  if (retention_ <= absl::ZeroDuration()) {
    // The retention was switched off since the run was queued: the chain
    // ends, and a later start with a retention begins a new one.
    txn.Delete(store::Family::kMeta, chain_key_);
    return absl::OkStatus();
  }
  CORDON_ASSIGN_OR_RETURN(bool more, prune_(txn, now - retention_, kPerRun));
  return QueueNext(txn, more ? now : now + kPeriod);
}

}  // namespace cordon::engine
