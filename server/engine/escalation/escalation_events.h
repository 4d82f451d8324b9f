#ifndef CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_EVENTS_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_EVENTS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "cordon/v1/escalation.pb.h"
#include "server/core/escalation/escalation_name.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// The occurrences of an escalation (ESC-7), each in a row of its own, so
// joining an open escalation is an insert: it neither reads nor rewrites the
// escalation's row, and concurrent joins of one escalation share their
// synced commits instead of queueing on one row (issue 14: 266 sign-ins/s
// joined one escalation when each rewrote it).
//
// Rows (Family::kIndex, store::IndexKind::kEscalationOccurrence):
// be64(account) be64(escalation) 0x01 be64(event id) -> EscalationEvent
// (ids from Database::NextId, so rows sort in the order they were added);
// be64(account) be64(escalation) 0x00 -> be64(occurrences whose rows were
// dropped). Only the latest kMaxEvents rows are kept: now and then an Add
// drops the older ones and adds their number to the dropped count, under
// that count's lock, so `event_count` = dropped + rows stays exact.
class EscalationEvents {
 public:
  // The rows kept per escalation (Escalation.events shows at most these).
  static constexpr int kMaxEvents = 1000;

  explicit EscalationEvents(store::Database* db) : db_(db) {}

  // Adds `event` to escalation `name` in `txn` as row `id` (a fresh
  // Database::NextId), and, about once in kDropEvery adds, drops the rows
  // past the latest kMaxEvents.
  absl::Status Add(store::Transaction& txn, const core::EscalationName& name,
                   uint64_t id, const cordon::v1::EscalationEvent& event) const;

  // Sets `escalation`'s events (the latest kMaxEvents, oldest first) and
  // event_count from the committed rows.
  absl::Status Fill(const core::EscalationName& name,
                    cordon::v1::Escalation* escalation) const;

  // Writes `events` (oldest first) as rows of `name`, `earlier` occurrences
  // before them counted as dropped: what a migration of an escalation that
  // kept its events in its own row writes.
  absl::Status Import(
      store::Transaction& txn, const core::EscalationName& name,
      const google::protobuf::RepeatedPtrField<cordon::v1::EscalationEvent>&
          events,
      int64_t earlier) const;

  // Roughly one Add in this many drops the old rows of its escalation.
  static constexpr uint64_t kDropEvery = 64;
  // Rows one drop deletes at most, and rows one Fill counts at most.
  static constexpr int kMaxDroppedPerAdd = 4096;
  static constexpr int kMaxCounted = 8 * kMaxEvents;

 private:
  // Deletes the rows of `name` past its latest kMaxEvents (committed ones,
  // up to kMaxDroppedPerAdd) and adds them to its dropped count.
  absl::Status DropOld(store::Transaction& txn,
                       const core::EscalationName& name) const;

  store::Database* db_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_EVENTS_H_
