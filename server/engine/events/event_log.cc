#include "server/engine/events/event_log.h"

#include <algorithm>
#include <string>
#include <utility>

#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/store/event_row.h"
#include "server/store/family.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::v1::Event;

constexpr absl::string_view kPrunedThroughKey = "events_pruned_through";
constexpr char kEventRecordKind[] = "event record";

bool Passes(const EventFilter& filter, int type, uint64_t organization) {
  if (type < 0 || type >= static_cast<int>(filter.types.size()) ||
      !filter.types.test(type)) {
    return false;
  }
  return filter.organization == 0 || filter.organization == organization;
}

uint64_t OrganizationIdOf(const Event& event) {
  if (event.organization().empty()) return 0;
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(event.organization());
  return org.ok() ? org->organization : 0;
}

}  // namespace

absl::Status EventLog::Append(store::Transaction& txn, Event event) const {
  CORDON_ASSIGN_OR_RETURN(core::AccountName account,
                          core::ParseAccountName(event.account()));
  store::EventRow row;
  row.account = account.account;
  row.organization = OrganizationIdOf(event);
  row.type = event.type();
  event.clear_cursor();
  *event.mutable_time() = ToTimestamp(clock_->Now());
  row.value = event.SerializeAsString();
  txn.AppendEvent(std::move(row));
  return absl::OkStatus();
}

absl::Status EventLog::AppendAll(store::Transaction& txn,
                                 std::vector<Event> events) const {
  for (Event& event : events) {
    CORDON_RETURN_IF_ERROR(Append(txn, std::move(event)));
  }
  return absl::OkStatus();
}

absl::StatusOr<EventBatch> EventLog::Read(const EventFilter& filter,
                                          int64_t after, int64_t head,
                                          int limit) const {
  EventBatch batch;
  batch.read_through = std::max(after, head);
  if (after >= head) return batch;
  batch.read_through = after;
  batch.caught_up = true;
  if (filter.account == 0) {
    // accounts/-: the log itself, every event read.
    CORDON_RETURN_IF_ERROR(ScanRows(
        store::Family::kEvents, "", after, head, limit,
        [&](int64_t, absl::string_view value) -> Picked {
          Event event;
          if (!event.ParseFromArray(value.data(),
                                    static_cast<int>(value.size()))) {
            return RowDoesNotParse(kEventRecordKind);
          }
          if (!Passes(filter, event.type(), OrganizationIdOf(event))) {
            return absl::nullopt;
          }
          return event;
        },
        &batch));
  } else {
    // One account: its index rows, and only the events that pass are read.
    CORDON_RETURN_IF_ERROR(ScanRows(
        store::Family::kEventsByAccount, store::KeyOf({filter.account}), after,
        head, limit,
        [&](int64_t cursor, absl::string_view value) -> Picked {
          absl::optional<store::EventIndexEntry> entry =
              store::ParseEventIndexValue(value);
          if (!entry.has_value()) return RowDoesNotParse("event index row");
          if (!Passes(filter, entry->type, entry->organization)) {
            return absl::nullopt;
          }
          absl::StatusOr<Event> event =
              ReadRow<Event>(*db_, store::Family::kEvents,
                             store::KeyOf({static_cast<uint64_t>(cursor)}),
                             "event", kEventRecordKind);
          // Pruned meanwhile: the stream sees PrunedThrough move and ends.
          if (absl::IsNotFound(event.status())) return absl::nullopt;
          if (!event.ok()) return event.status();
          return *std::move(event);
        },
        &batch));
  }
  if (batch.caught_up) batch.read_through = head;
  return batch;
}

absl::Status EventLog::ScanRows(
    store::Family family, absl::string_view prefix, int64_t after, int64_t head,
    int limit, absl::FunctionRef<Picked(int64_t, absl::string_view)> pick,
    EventBatch* batch) const {
  std::string start(prefix);
  store::AppendUint64(&start, static_cast<uint64_t>(after));
  absl::Status status;
  int scanned = 0;
  CORDON_RETURN_IF_ERROR(
      db_->Scan(family, prefix, start, /*reverse=*/false,
                [&](absl::string_view key, absl::string_view value) {
                  const int64_t cursor = static_cast<int64_t>(
                      store::ReadUint64(key, prefix.size()).value_or(0));
                  if (cursor > head) return false;
                  batch->read_through = cursor;
                  Picked picked = pick(cursor, value);
                  if (!picked.ok()) {
                    status = picked.status();
                    return false;
                  }
                  if (picked->has_value()) {
                    (*picked)->set_cursor(cursor);
                    batch->events.push_back(**std::move(picked));
                  }
                  if (++scanned < kMaxScannedPerRead &&
                      static_cast<int>(batch->events.size()) < limit) {
                    return true;
                  }
                  batch->caught_up = false;
                  return false;
                }));
  return status;
}

absl::StatusOr<int64_t> EventLog::PrunedThrough() const {
  absl::StatusOr<std::string> stored =
      db_->Get(store::Family::kMeta, kPrunedThroughKey);
  if (absl::IsNotFound(stored.status())) return 0;
  CORDON_RETURN_IF_ERROR(stored.status());
  const absl::optional<uint64_t> cursor = store::ReadUint64(*stored, 0);
  if (!cursor.has_value()) return RowDoesNotParse("meta/events_pruned_through");
  return static_cast<int64_t>(*cursor);
}

absl::StatusOr<bool> EventLog::Prune(store::Transaction& txn, absl::Time before,
                                     int limit) const {
  std::string stored;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetRawForUpdate(store::Family::kMeta, kPrunedThroughKey, &stored));
  const uint64_t pruned = found ? store::ReadUint64(stored, 0).value_or(0) : 0;
  const int64_t head = Head();
  uint64_t last = pruned;
  int deleted = 0;
  bool more = false;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kEvents, "", store::KeyOf({pruned}), /*reverse=*/false,
      [&](absl::string_view key, absl::string_view value) {
        const uint64_t cursor = store::ReadUint64(key, 0).value_or(0);
        Event event;
        if (static_cast<int64_t>(cursor) > head ||
            !event.ParseFromArray(value.data(),
                                  static_cast<int>(value.size())) ||
            FromTimestamp(event.time()) >= before) {
          return false;
        }
        if (deleted == limit) {
          more = true;
          return false;
        }
        absl::StatusOr<core::AccountName> account =
            core::ParseAccountName(event.account());
        txn.Delete(store::Family::kEvents, key);
        if (account.ok()) {
          txn.Delete(store::Family::kEventsByAccount,
                     store::KeyOf({account->account, cursor}));
        }
        last = cursor;
        ++deleted;
        return true;
      }));
  if (last != pruned) {
    txn.PutRaw(store::Family::kMeta, kPrunedThroughKey, store::KeyOf({last}));
  }
  return more;
}

}  // namespace cordon::engine
