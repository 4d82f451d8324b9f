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

}  // namespace cordon::engine
