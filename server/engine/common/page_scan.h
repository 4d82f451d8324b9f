#ifndef CORDON_SERVER_ENGINE_COMMON_PAGE_SCAN_H_
#define CORDON_SERVER_ENGINE_COMMON_PAGE_SCAN_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

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

// What ScanPageOf does with one row: keep it in the page, pass over it, or
// stop the scan because it does not parse.
enum class RowVerdict { kKeep, kSkip, kBroken };

// The paging loop under ScanPage and ScanRawPage: one page of the rows of
// `family` under `prefix`, resuming after `page.resume_after_key`, where
// `judge(value)` decides each row and `keep(value)` adds a kept one to the
// page. Stops at `page.page_size` kept rows or RowsExaminedBudget(page)
// examined ones, whichever comes first, so a selective filter never turns
// one call into a full scan. The token advances past skipped rows too: the
// next call resumes where this one stopped instead of examining them again.
template <typename Item>
absl::StatusOr<Page<Item>> ScanPageOf(
    const store::Database& db, store::Family family, absl::string_view prefix,
    const PageRequest& page, absl::string_view record_kind,
    absl::FunctionRef<RowVerdict(absl::string_view)> judge,
    absl::FunctionRef<void(absl::string_view, std::vector<Item>*)> keep,
    const PageScanOptions& options) {
  Page<Item> result;
  const int budget = RowsExaminedBudget(page);
  int examined = 0;
  bool rows_remain = false, broken = false;
  const auto page_full = [&] {
    return static_cast<int>(result.items.size()) >= page.page_size ||
           examined >= budget;
  };
  CORDON_RETURN_IF_ERROR(
      db.Scan(family, prefix, page.resume_after_key, options.reverse,
              [&](absl::string_view key, absl::string_view value) {
                if (page_full()) {
                  rows_remain = true;
                  return false;
                }
                ++examined;
                result.resume_after_key = std::string(key);
                const RowVerdict verdict = judge(value);
                if (verdict == RowVerdict::kBroken) {
                  broken = true;
                  return false;
                }
                if (verdict == RowVerdict::kKeep) keep(value, &result.items);
                return true;
              }));
  if (broken) return RowDoesNotParse(record_kind);
  const bool more =
      rows_remain || (!options.token_only_when_rows_remain && page_full());
  if (!more) result.resume_after_key.clear();
  return result;
}

// One page of the rows of `family` under `prefix` that `keep` accepts, parsed
// (ScanPageOf says how the page ends).
template <typename Row>
absl::StatusOr<Page<Row>> ScanPage(const store::Database& db,
                                   store::Family family,
                                   absl::string_view prefix,
                                   const PageRequest& page,
                                   absl::string_view record_kind,
                                   absl::FunctionRef<bool(const Row&)> keep,
                                   const PageScanOptions& options = {}) {
  Row row;
  return ScanPageOf<Row>(
      db, family, prefix, page, record_kind,
      [&](absl::string_view value) {
        if (!row.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return RowVerdict::kBroken;
        }
        return keep(row) ? RowVerdict::kKeep : RowVerdict::kSkip;
      },
      [&](absl::string_view, std::vector<Row>* items) {
        items->push_back(std::move(row));
        row = Row();
      },
      options);
}

// The same page as ScanPage, but each kept row as the bytes stored, for a
// response that sends them on as they are (api/stored_rows.h): a page of 50
// identities then costs no parse, copy, destruction or serialization of
// each. Without `keep` no row is parsed at all; with it, each row is
// parsed into one reused message for `keep` to judge.
template <typename Row>
absl::StatusOr<Page<std::string>> ScanRawPage(
    const store::Database& db, store::Family family, absl::string_view prefix,
    const PageRequest& page, absl::string_view record_kind,
    const std::function<bool(const Row&)>& keep,
    const PageScanOptions& options = {}) {
  Row row;
  return ScanPageOf<std::string>(
      db, family, prefix, page, record_kind,
      [&](absl::string_view value) {
        if (!keep) return RowVerdict::kKeep;
        if (!row.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return RowVerdict::kBroken;
        }
        return keep(row) ? RowVerdict::kKeep : RowVerdict::kSkip;
      },
      [](absl::string_view value, std::vector<std::string>* items) {
        items->emplace_back(value);
      },
      options);
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_PAGE_SCAN_H_
