#ifndef CORDON_SERVER_ENGINE_COMMON_PAGE_SCAN_H_
#define CORDON_SERVER_ENGINE_COMMON_PAGE_SCAN_H_

#include <string>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/errors.h"
#include "server/engine/common/page.h"
#include "server/engine/common/rows.h"
#include "server/store/database.h"
#include "server/store/family.h"

namespace cordon::engine {

struct PageScanOptions {
  // Newest first, for keys that grow with time (the audit trail).
  bool reverse = false;
  // Hand back a token only when a row is known to follow the page. Without
  // it, a page that fills up (or spends the row budget) exactly on the last
  // row still carries a token, and the call after it returns an empty page.
  bool token_only_when_rows_remain = false;
};

// One page of the rows of `family` under `prefix` that `keep` accepts,
// resuming after `page.resume_after_key`. Stops at `page.page_size` kept
// rows or RowsExaminedBudget(page) examined ones, whichever comes first, so a
// selective filter never turns one call into a full scan. The token advances
// past rows `keep` drops too: the next call resumes where this one stopped
// instead of examining them again.
template <typename Row>
absl::StatusOr<Page<Row>> ScanPage(const store::Database& db,
                                   store::Family family,
                                   absl::string_view prefix,
                                   const PageRequest& page,
                                   absl::string_view record_kind,
                                   absl::FunctionRef<bool(const Row&)> keep,
                                   const PageScanOptions& options = {}) {
  Page<Row> result;
  const int budget = RowsExaminedBudget(page);
  int examined = 0;
  bool rows_remain = false;
  absl::Status parse_status;
  const auto page_full = [&] {
    return static_cast<int>(result.items.size()) >= page.page_size ||
           examined >= budget;
  };
  CORDON_RETURN_IF_ERROR(db.Scan(
      family, prefix, page.resume_after_key, options.reverse,
      [&](absl::string_view key, absl::string_view value) {
        if (page_full()) {
          rows_remain = true;
          return false;
        }
        ++examined;
        result.resume_after_key = std::string(key);
        Row row;
        if (!row.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_status = RowDoesNotParse(record_kind);
          return false;
        }
        if (keep(row)) result.items.push_back(std::move(row));
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  const bool more =
      rows_remain || (!options.token_only_when_rows_remain && page_full());
  if (!more) result.resume_after_key.clear();
  return result;
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_PAGE_SCAN_H_
