#include "server/engine/outbox/outbox.h"

#include <algorithm>

#include "server/core/errors.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

uint64_t MicrosOf(absl::Time time) {
  // Times before the epoch never occur for due times; clamp to keep the key
  // order well defined.
  return static_cast<uint64_t>(std::max<int64_t>(0, absl::ToUnixMicros(time)));
}

}  // namespace

absl::Time Outbox::DueTimeOf(const std::string& key) {
  return absl::FromUnixMicros(
      static_cast<int64_t>(store::ReadUint64(key, 0).value_or(0)));
}

absl::Status Outbox::Enqueue(store::Transaction& txn,
                             cordon::store::OutboxAction action,
                             absl::Time due) {
  CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
  action.set_id(id);
  txn.Put(store::Family::kOutbox, store::KeyOf({MicrosOf(due), id}), action);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<QueuedAction>> Outbox::Due(absl::Time now,
                                                      int limit) const {
  std::vector<QueuedAction> due;
  const uint64_t now_micros = MicrosOf(now);
  std::string start_after;  // empty: from the beginning
  {
    std::lock_guard<std::mutex> lock(floor_mu_);
    if (now < last_full_scan_ || now - last_full_scan_ >= kFullScanPeriod) {
      last_full_scan_ = now;
    } else if (floor_ != absl::InfinitePast()) {
      // Ids are never 0, so this key sorts before every key at the floor.
      start_after = store::KeyOf({MicrosOf(floor_), 0});
    }
  }
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kOutbox, "", start_after, false,
      [&](absl::string_view key, absl::string_view value) {
        if (static_cast<int>(due.size()) >= limit ||
            store::ReadUint64(key, 0).value_or(0) > now_micros) {
          return false;
        }
        QueuedAction queued;
        queued.key = std::string(key);
        if (!queued.action.ParseFromArray(value.data(), value.size())) {
          parse_status = absl::DataLossError("outbox action does not parse");
          return false;
        }
        due.push_back(std::move(queued));
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  {
    std::lock_guard<std::mutex> lock(floor_mu_);
    absl::Time floor = now - kCommitSlack;
    if (!due.empty()) floor = std::min(floor, DueTimeOf(due.front().key));
    floor_ = floor;
  }
  return due;
}

absl::StatusOr<absl::optional<absl::Time>> Outbox::NextDue() const {
  absl::optional<absl::Time> next;
  // From Due's floor too: the idle server loop asks this every pass. What
  // lies below the floor is found by Due's next full scan.
  std::string start_after;
  {
    std::lock_guard<std::mutex> lock(floor_mu_);
    if (floor_ != absl::InfinitePast()) {
      start_after = store::KeyOf({MicrosOf(floor_), 0});
    }
  }
  CORDON_RETURN_IF_ERROR(
      db_->Scan(store::Family::kOutbox, "", start_after, false,
                [&](absl::string_view key, absl::string_view) {
                  next = DueTimeOf(std::string(key));
                  return false;
                }));
  return next;
}

bool Outbox::IsTimer(cordon::store::OutboxAction::Kind kind) {
  return kind == cordon::store::OutboxAction::ESCALATION_NOTICE_DUE ||
         kind == cordon::store::OutboxAction::RTP_CHECK ||
         kind == cordon::store::OutboxAction::PRUNE_EVENTS ||
         kind == cordon::store::OutboxAction::PRUNE_DEDUP_ROWS;
}

absl::StatusOr<absl::optional<absl::Time>> Outbox::NextDueWork(
    int max_scanned) const {
  absl::optional<absl::Time> next;
  absl::Status status;
  int scanned = 0;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kOutbox, "", "", false,
      [&](absl::string_view key, absl::string_view value) {
        cordon::store::OutboxAction action;
        if (!action.ParseFromArray(value.data(),
                                   static_cast<int>(value.size()))) {
          status = absl::DataLossError("an outbox action does not parse");
          return false;
        }
        if (!IsTimer(action.kind())) {
          next = DueTimeOf(std::string(key));
          return false;
        }
        if (++scanned >= max_scanned) {
          status = absl::ResourceExhaustedError(
              "more timers queued than NextDueWork looks through");
          return false;
        }
        return true;
      }));
  CORDON_RETURN_IF_ERROR(status);
  return next;
}

absl::StatusOr<bool> Outbox::Take(store::Transaction& txn,
                                  const std::string& key) {
  std::string ignored;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetRawForUpdate(store::Family::kOutbox, key, &ignored));
  if (found) txn.Delete(store::Family::kOutbox, key);
  return found;
}

absl::Status Outbox::Reschedule(store::Transaction& txn, const std::string& key,
                                cordon::store::OutboxAction action,
                                absl::Time due) {
  txn.Delete(store::Family::kOutbox, key);
  txn.Put(store::Family::kOutbox, store::KeyOf({MicrosOf(due), action.id()}),
          action);
  return absl::OkStatus();
}

}  // namespace cordon::engine
