#ifndef CORDON_SERVER_ENGINE_COMMON_DEDUP_ROWS_H_
#define CORDON_SERVER_ENGINE_COMMON_DEDUP_ROWS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/database.h"
#include "server/store/family.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Rows whose only job is to make a retry safe — the request_id of a create
// (Family::kIdempotency) and the id of an ingested telemetry event
// (Family::kTelemetryEvents) — are forgotten after --dedup_retention, so
// they do not grow for ever. Each is written with an index row
// (IndexKind::kDedupExpiry: be64(written micros) family-byte key) and
// pruned oldest first by a PRUNE_DEDUP_ROWS RetentionTimer. A retry within
// the retention of the first call always finds its row.

// Records that `key` of `family`, written in `txn` now, may go after the
// retention.
void TrackDedupRow(store::Transaction& txn, store::Family family,
                   absl::string_view key, absl::Time written);

// At start, before serving, once per database (a kMeta marker records it):
// tracks every row of both families that has no index row, as written
// `now`. Rows written before tracking existed would otherwise never be
// pruned; counted from the upgrade, they go no earlier than a retry of
// theirs could need them.
absl::Status TrackUntrackedDedupRows(store::Database& db, absl::Time now);

// Deletes up to `limit` tracked rows written before `before`, with their
// index rows; true when more are left.
absl::StatusOr<bool> PruneDedupRows(const store::Database& db,
                                    store::Transaction& txn, absl::Time before,
                                    int limit);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_DEDUP_ROWS_H_
