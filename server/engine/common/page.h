#ifndef CORDON_SERVER_ENGINE_COMMON_PAGE_H_
#define CORDON_SERVER_ENGINE_COMMON_PAGE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::engine {

// How many rows one List call may examine before it returns what it has with
// a token to go on. Keeps a selective filter over a large collection from
// turning one call into a full scan (every loop bounded).
inline constexpr int kMaxRowsExaminedPerPage = 10000;

// A position in a collection: resume after this store key (empty = start).
struct PageRequest {
  int page_size = 50;
  std::string resume_after_key;
};

template <typename T>
struct Page {
  std::vector<T> items;
  // Empty when the collection is exhausted.
  std::string resume_after_key;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_PAGE_H_
