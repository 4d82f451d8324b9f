#include "server/engine/escalation/escalation_events_migration.h"

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "cordon/v1/escalation.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/run_once.h"
#include "server/engine/escalation/escalation_events.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

constexpr absl::string_view kEscalationEventsMovedKey =
    "escalation_events_in_rows";

// The keys of the escalation rows that still hold occurrences.
absl::StatusOr<std::vector<std::string>> RowsWithEvents(
    const store::Database& db) {
  std::vector<std::string> keys;
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(db.Scan(
      store::Family::kEscalations, "", "", /*reverse=*/false,
      [&](absl::string_view key, absl::string_view value) {
        cordon::v1::Escalation row;
        if (!row.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_status = RowDoesNotParse("escalation record");
          return false;
        }
        if (row.events_size() > 0 || row.event_count() > 0) {
          keys.emplace_back(key);
        }
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  return keys;
}

absl::Status MoveOne(store::Database& db, const EscalationEvents& events,
                     const std::string& key) {
  return store::Transact(db, [&](store::Transaction& txn) -> absl::Status {
    cordon::v1::Escalation row;
    CORDON_ASSIGN_OR_RETURN(
        bool found, txn.GetForUpdate(store::Family::kEscalations, key, &row));
    if (!found) return absl::OkStatus();
    CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                            core::ParseEscalationName(row.name()));
    CORDON_RETURN_IF_ERROR(events.Import(
        txn, name, row.events(), row.event_count() - row.events_size()));
    // The etag and update time stay: the resource a client sees is the same.
    row.clear_events();
    row.clear_event_count();
    txn.Put(store::Family::kEscalations, key, row);
    return txn.Commit();
  });
}

}  // namespace

absl::Status MoveEscalationEventsToRows(store::Database& db) {
  const EscalationEvents events(&db);
  return RunOncePerStore(db, kEscalationEventsMovedKey, [&]() -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(std::vector<std::string> keys, RowsWithEvents(db));
    for (const std::string& key : keys) {
      CORDON_RETURN_IF_ERROR(MoveOne(db, events, key));
    }
    return absl::OkStatus();
  });
}

}  // namespace cordon::engine
