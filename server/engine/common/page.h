#ifndef CORDON_SERVER_ENGINE_COMMON_PAGE_H_
#define CORDON_SERVER_ENGINE_COMMON_PAGE_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace cordon::engine {

// How many rows one List call may examine before it returns what it has with
// a token to go on (issue 14): at least kMinRowsExaminedPerPage, or
// kRowsExaminedPerResult per result asked for when the page is larger. A
// selective filter over a large collection then costs each call a few
// hundred rows, not a scan of the collection: a filter matching nothing in
// an organization of 1,000 identities cost one call all 1,000 rows (p99
// 114 ms at 40 calls in flight), now four calls of 256. The page may hold
// fewer results than asked, even none, with a token (AIP-158 allows it).
inline constexpr int kMinRowsExaminedPerPage = 256;
inline constexpr int kRowsExaminedPerResult = 2;

// A position in a collection: resume after this store key (empty = start).
struct PageRequest {
  int page_size = 50;
  std::string resume_after_key;
  // The rows this call may examine; 0 = the default for page_size
  // (RowsExaminedBudget). Set by benchmarks that compare budgets.
  int max_rows_examined = 0;
};

// The rows one call of `page` may examine (see kMinRowsExaminedPerPage).
inline int RowsExaminedBudget(const PageRequest& page) {
  if (page.max_rows_examined > 0) return page.max_rows_examined;
  return std::max(kMinRowsExaminedPerPage,
                  kRowsExaminedPerResult * page.page_size);
}

template <typename T>
struct Page {
  std::vector<T> items;
  // Empty when the collection is exhausted.
  std::string resume_after_key;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_PAGE_H_
