#include "server/engine/common/dedup_rows.h"

#include <string>

#include "server/core/errors.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

// kind byte, be64(written micros), family byte, then the row's key.
constexpr size_t kTimeOffset = 1;
constexpr size_t kFamilyOffset = kTimeOffset + 8;
constexpr size_t kRowKeyOffset = kFamilyOffset + 1;

uint64_t MicrosOf(absl::Time time) {
  const int64_t micros = absl::ToUnixMicros(time);
  return micros < 0 ? 0 : static_cast<uint64_t>(micros);
}

}  // namespace

void TrackDedupRow(store::Transaction& txn, store::Family family,
                   absl::string_view key, absl::Time written) {
  std::string tail(1, static_cast<char>(family));
  tail.append(key.data(), key.size());
  txn.PutRaw(store::Family::kIndex,
             store::IndexKey(store::IndexKind::kDedupExpiry,
                             {MicrosOf(written)}, tail),
             "");
}

absl::StatusOr<bool> PruneDedupRows(const store::Database& db,
                                    store::Transaction& txn, absl::Time before,
                                    int limit) {
  const std::string prefix(1,
                           static_cast<char>(store::IndexKind::kDedupExpiry));
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
