#ifndef CORDON_SERVER_ENGINE_TELEMETRY_TELEMETRY_EVENT_ID_H_
#define CORDON_SERVER_ENGINE_TELEMETRY_TELEMETRY_EVENT_ID_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/engine/common/dedup_rows.h"
#include "server/store/keys.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Telemetry is idempotent per event id and account: the ids seen are rows
// of the telemetry_events family. Sign-in ids are printable, so endpoint
// ids get a 0x01 byte after the account and the two kinds never collide.
inline std::string SignInEventKey(uint64_t account,
                                  const std::string& event_id) {
  std::string key = store::KeyOf({account});
  key.append(event_id);
  return key;
}

inline std::string EndpointEventKey(uint64_t account,
                                    const std::string& event_id) {
  std::string key = store::KeyOf({account});
  key.push_back('\x01');
  key.append(event_id);
  return key;
}

// What recording one telemetry event did: a duplicate (an event id seen
// before) changes nothing and is answered {duplicate: true}.
enum class Ingestion { kRecorded, kDuplicate };

// Locks the event id's row in `txn`, present or absent, so that a
// concurrent duplicate waits for this write and then sees it. True when the
// event was recorded before (the caller answers {duplicate: true}).
inline absl::StatusOr<bool> LockEventId(store::Transaction& txn,
                                        const std::string& event_key) {
  std::string seen;
  return txn.GetRawForUpdate(store::Family::kTelemetryEvents, event_key, &seen);
}

// Records the event id in `txn` (after LockEventId found it new), kept for
// --dedup_retention from `now` (engine/common/dedup_rows.h).
inline void RememberEventId(store::Transaction& txn,
                            const std::string& event_key, absl::Time now) {
  txn.PutRaw(store::Family::kTelemetryEvents, event_key, "");
  TrackDedupRow(txn, store::Family::kTelemetryEvents, event_key, now);
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TELEMETRY_TELEMETRY_EVENT_ID_H_
