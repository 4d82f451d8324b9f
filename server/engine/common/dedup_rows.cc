#include "server/engine/common/dedup_rows.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "server/core/errors.h"
#include "server/engine/common/run_once.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

// kind byte, be64(written micros), family byte, then the row's key.
constexpr size_t kTimeOffset = 1;
constexpr size_t kFamilyOffset = kTimeOffset + 8;
constexpr size_t kRowKeyOffset = kFamilyOffset + 1;

// kMeta: present once TrackUntrackedDedupRows has tracked every old row.
constexpr char kBackfilledKey[] = "dedup_rows_backfilled";
constexpr size_t kRowsPerCommit = 1000;

uint64_t MicrosOf(absl::Time time) {
  const int64_t micros = absl::ToUnixMicros(time);
  return micros < 0 ? 0 : static_cast<uint64_t>(micros);
}

std::string IndexPrefix() {
  return std::string(1, static_cast<char>(store::IndexKind::kDedupExpiry));
}

// Family byte then row key: what follows the time in an index row.
std::string TrackedName(store::Family family, absl::string_view key) {
  std::string name(1, static_cast<char>(family));
  name.append(key.data(), key.size());
  return name;
}

absl::StatusOr<absl::flat_hash_set<std::string>> TrackedRows(
    const store::Database& db) {
  absl::flat_hash_set<std::string> tracked;
  CORDON_RETURN_IF_ERROR(
      db.Scan(store::Family::kIndex, IndexPrefix(), "", /*reverse=*/false,
              [&](absl::string_view key, absl::string_view) {
                if (key.size() > kFamilyOffset) {
                  tracked.insert(std::string(key.substr(kFamilyOffset)));
                }
                return true;
              }));
  return tracked;
}

// Tracks `family`'s rows missing from `tracked`, a thousand per commit (a
// crash part-way leaves the marker unset: the next start goes on).
absl::Status TrackMissing(store::Database& db, store::Family family,
                          const absl::flat_hash_set<std::string>& tracked,
                          absl::Time now) {
  std::vector<std::string> missing;
  CORDON_RETURN_IF_ERROR(
      db.Scan(family, "", "", /*reverse=*/false,
              [&](absl::string_view key, absl::string_view) {
                if (!tracked.contains(TrackedName(family, key))) {
                  missing.emplace_back(key);
                }
                return true;
              }));
  for (size_t first = 0; first < missing.size(); first += kRowsPerCommit) {
    const size_t end = std::min(missing.size(), first + kRowsPerCommit);
    CORDON_RETURN_IF_ERROR(store::Transact(db, [&](store::Transaction& txn) {
      for (size_t i = first; i < end; ++i) {
        TrackDedupRow(txn, family, missing[i], now);
      }
      return txn.Commit();
    }));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status TrackUntrackedDedupRows(store::Database& db, absl::Time now) {
  return RunOncePerStore(db, kBackfilledKey, [&]() -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(const absl::flat_hash_set<std::string> tracked,
                            TrackedRows(db));
    for (store::Family family :
         {store::Family::kIdempotency, store::Family::kTelemetryEvents}) {
      CORDON_RETURN_IF_ERROR(TrackMissing(db, family, tracked, now));
    }
    return absl::OkStatus();
  });
}

void TrackDedupRow(store::Transaction& txn, store::Family family,
                   absl::string_view key, absl::Time written) {
  txn.PutRaw(store::Family::kIndex,
             store::IndexKey(store::IndexKind::kDedupExpiry,
                             {MicrosOf(written)}, TrackedName(family, key)),
             "");
}

absl::StatusOr<bool> PruneDedupRows(const store::Database& db,
                                    store::Transaction& txn, absl::Time before,
                                    int limit) {
  const std::string prefix = IndexPrefix();
  const uint64_t cutoff = MicrosOf(before);
  int deleted = 0;
  bool more = false;
  CORDON_RETURN_IF_ERROR(
      db.Scan(store::Family::kIndex, prefix, "", /*reverse=*/false,
              [&](absl::string_view key, absl::string_view) {
                const absl::optional<uint64_t> written =
                    store::ReadUint64(key, kTimeOffset);
                if (!written.has_value() || *written >= cutoff) return false;
                if (deleted == limit) {
                  more = true;
                  return false;
                }
                if (key.size() > kRowKeyOffset) {
                  const auto family = static_cast<store::Family>(
                      static_cast<unsigned char>(key[kFamilyOffset]));
                  if (family == store::Family::kIdempotency ||
                      family == store::Family::kTelemetryEvents) {
                    txn.Delete(family, key.substr(kRowKeyOffset));
                  }
                }
                txn.Delete(store::Family::kIndex, key);
                ++deleted;
                return true;
              }));
  return more;
}

}  // namespace cordon::engine
