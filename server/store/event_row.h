#ifndef CORDON_SERVER_STORE_EVENT_ROW_H_
#define CORDON_SERVER_STORE_EVENT_ROW_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace cordon::store {

// One entry of the event log as the store sees it. The store gives it its
// cursor when the transaction that appended it commits, and writes two rows
// with the transaction's other writes (DESIGN rule 1):
//   Family::kEvents          be64(cursor)               -> value
//   Family::kEventsByAccount be64(account) be64(cursor) -> IndexValue()
// Cursors increase in commit order (see Database::EventHead), so a reader
// that scans up to the head never skips an event that commits later.
struct EventRow {
  uint64_t account = 0;
  uint64_t organization = 0;  // 0: the event concerns no organization
  int type = 0;               // cordon.v1.Event.Type, for filtering
  std::string value;          // the serialized event, without its cursor

  // What the account index row holds: enough to filter by organization and
  // type without reading the event.
  std::string IndexValue() const;
};

// The organization and type an account index row holds; nullopt when it
// does not parse.
struct EventIndexEntry {
  uint64_t organization = 0;
  int type = 0;
};
absl::optional<EventIndexEntry> ParseEventIndexValue(absl::string_view value);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_EVENT_ROW_H_
