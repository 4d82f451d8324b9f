#include "server/engine/escalation/escalation_events.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "server/core/errors.h"
#include "server/engine/common/rows.h"
#include "server/store/conflict.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::v1::EscalationEvent;

constexpr char kDroppedTag = 0x00;
constexpr char kEventTag = 0x01;
// A Fill that sees a drop commit while it reads starts again, this often.
constexpr int kFillAttempts = 4;

std::string EscalationEventsPrefix(const core::EscalationName& name, char tag) {
  return store::IndexKey(store::IndexKind::kEscalationOccurrence,
                         {name.account, name.escalation},
                         absl::string_view(&tag, 1));
}

std::string EscalationEventKey(const core::EscalationName& name, uint64_t id) {
  std::string key = EscalationEventsPrefix(name, kEventTag);
  store::AppendUint64(&key, id);
  return key;
}

// A pseudo-random but reproducible choice of about one id in kDropEvery:
// ids of several escalations interleave regularly, which a plain modulo
// would turn into some never dropping.
bool DropsOnAdd(uint64_t id) {
  return (id * 0x9E3779B97F4A7C15ull) % EscalationEvents::kDropEvery == 0;
}

absl::StatusOr<int64_t> ReadDropped(const store::Database& db,
                                    const std::string& key) {
  absl::StatusOr<std::string> value = db.Get(store::Family::kIndex, key);
  if (absl::IsNotFound(value.status())) return 0;
  if (!value.ok()) return value.status();
  const absl::optional<uint64_t> dropped = store::ReadUint64(*value, 0);
  if (!dropped) return RowDoesNotParse("escalation event count");
  return static_cast<int64_t>(*dropped);
}

}  // namespace

absl::Status EscalationEvents::Add(store::Transaction& txn,
                                   const core::EscalationName& name,
                                   uint64_t id,
                                   const EscalationEvent& event) const {
  txn.Put(store::Family::kIndex, EscalationEventKey(name, id), event);
  if (!DropsOnAdd(id)) return absl::OkStatus();
  return DropOld(txn, name);
}

absl::Status EscalationEvents::DropOld(store::Transaction& txn,
                                       const core::EscalationName& name) const {
  // Locked first: a drop that waited for another one scans after it
  // committed, so no row is counted as dropped twice.
  const std::string dropped_key = EscalationEventsPrefix(name, kDroppedTag);
  std::string mine;
  CORDON_ASSIGN_OR_RETURN(
      bool counted,
      txn.GetRawForUpdate(store::Family::kIndex, dropped_key, &mine));
  // The rows are scanned as committed: once this transaction has dropped
  // some (its count differs from the committed one, which only grows),
  // another drop here would count them again.
  CORDON_ASSIGN_OR_RETURN(int64_t dropped, ReadDropped(*db_, dropped_key));
  std::string committed;
  if (dropped > 0) store::AppendUint64(&committed, dropped);
  if (counted != (dropped > 0) || (counted && mine != committed)) {
    return absl::OkStatus();
  }
  int seen = 0;
  int deleted = 0;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kIndex, EscalationEventsPrefix(name, kEventTag), "",
      /*reverse=*/true, [&](absl::string_view key, absl::string_view) {
        if (++seen <= kMaxEvents) return true;
        txn.Delete(store::Family::kIndex, key);
        return ++deleted < kMaxDroppedPerAdd;
      }));
  if (deleted == 0) return absl::OkStatus();
  std::string count;
  store::AppendUint64(&count, static_cast<uint64_t>(dropped + deleted));
  txn.PutRaw(store::Family::kIndex, dropped_key, count);
  return absl::OkStatus();
}

absl::Status EscalationEvents::Fill(const core::EscalationName& name,
                                    cordon::v1::Escalation* escalation) const {
  const std::string dropped_key = EscalationEventsPrefix(name, kDroppedTag);
  for (int attempt = 0; attempt < kFillAttempts; ++attempt) {
    CORDON_ASSIGN_OR_RETURN(int64_t dropped_before,
                            ReadDropped(*db_, dropped_key));
    std::vector<EscalationEvent> newest;
    int64_t rows = 0;
    absl::Status parse_status;
    CORDON_RETURN_IF_ERROR(db_->Scan(
        store::Family::kIndex, EscalationEventsPrefix(name, kEventTag), "",
        /*reverse=*/true, [&](absl::string_view, absl::string_view value) {
          if (++rows <= kMaxEvents) {
            EscalationEvent& event = newest.emplace_back();
            if (!event.ParseFromArray(value.data(),
                                      static_cast<int>(value.size()))) {
              parse_status = RowDoesNotParse("escalation event");
              return false;
            }
          }
          return rows < kMaxCounted;
        }));
    CORDON_RETURN_IF_ERROR(parse_status);
    CORDON_ASSIGN_OR_RETURN(int64_t dropped_after,
                            ReadDropped(*db_, dropped_key));
    // The count only grows, with each drop: unchanged means no drop
    // committed while the rows were read, so the two agree.
    if (dropped_after != dropped_before) continue;
    escalation->clear_events();
    for (auto it = newest.rbegin(); it != newest.rend(); ++it) {
      *escalation->add_events() = std::move(*it);
    }
    escalation->set_event_count(dropped_before + rows);
    return absl::OkStatus();
  }
  return store::ConflictError();
}

absl::Status EscalationEvents::Import(
    store::Transaction& txn, const core::EscalationName& name,
    const google::protobuf::RepeatedPtrField<EscalationEvent>& events,
    int64_t earlier) const {
  for (const EscalationEvent& event : events) {
    CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
    txn.Put(store::Family::kIndex, EscalationEventKey(name, id), event);
  }
  if (earlier <= 0) return absl::OkStatus();
  std::string count;
  store::AppendUint64(&count, static_cast<uint64_t>(earlier));
  txn.PutRaw(store::Family::kIndex, EscalationEventsPrefix(name, kDroppedTag),
             count);
  return absl::OkStatus();
}

}  // namespace cordon::engine
