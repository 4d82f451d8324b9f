#include "server/engine/common/rows.h"

namespace cordon::engine {

absl::Status RowDoesNotParse(absl::string_view record_kind) {
  return absl::DataLossError(absl::StrCat(record_kind, " does not parse"));
}

absl::Status CheckRowExists(const store::Database& db, store::Family family,
                            absl::string_view key, absl::string_view resource) {
  const absl::Status status = db.Get(family, key).status();
  if (absl::IsNotFound(status)) {
    return absl::NotFoundError(absl::StrCat(resource, " not found"));
  }
  return status;
}

absl::StatusOr<int> CountRowsUpTo(const store::Database& db,
                                  store::Family family,
                                  absl::string_view prefix, int limit) {
  int count = 0;
  CORDON_RETURN_IF_ERROR(db.Scan(
      family, prefix, "", /*reverse=*/false,
      [&](absl::string_view, absl::string_view) { return ++count < limit; }));
  return count;
}

}  // namespace cordon::engine
