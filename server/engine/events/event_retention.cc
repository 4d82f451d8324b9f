#include "server/engine/events/event_retention.h"

#include <string>

#include "server/core/errors.h"
#include "server/store/family.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

// Present while a PRUNE_EVENTS run is queued: one chain, never two.
constexpr absl::string_view kChainKey = "event_prune_queued";

}  // namespace

absl::Status EventRetention::Start() {
  if (retention_ <= absl::ZeroDuration()) return absl::OkStatus();
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    std::string unused;
    CORDON_ASSIGN_OR_RETURN(
        bool queued,
        txn.GetRawForUpdate(store::Family::kMeta, kChainKey, &unused));
    if (queued) return absl::OkStatus();
    CORDON_RETURN_IF_ERROR(QueueNext(txn, clock_->Now()));
    return txn.Commit();
  });
}

absl::Status EventRetention::QueueNext(store::Transaction& txn,
                                       absl::Time due) {
  txn.PutRaw(store::Family::kMeta, kChainKey, "");
  cordon::store::OutboxAction action;
  action.set_kind(cordon::store::OutboxAction::PRUNE_EVENTS);
  return outbox_->Enqueue(txn, std::move(action), due);
}

absl::Status EventRetention::RecordEnd(store::Transaction& txn,
                                       const cordon::store::OutboxAction&,
                                       ActionEnd, const ActionResult&) {
  const absl::Time now = clock_->Now();
  if (retention_ <= absl::ZeroDuration()) {
    // The retention was switched off since the run was queued: the chain
    // ends, and a later start with a retention begins a new one.
    txn.Delete(store::Family::kMeta, kChainKey);
    return absl::OkStatus();
  }
  CORDON_ASSIGN_OR_RETURN(bool more,
                          log_->Prune(txn, now - retention_, kPerRun));
  return QueueNext(txn, more ? now : now + kPeriod);
}

}  // namespace cordon::engine
