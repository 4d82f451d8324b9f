#ifndef CORDON_SERVER_API_PAGING_H_
#define CORDON_SERVER_API_PAGING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/engine/page.h"

namespace cordon::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Turns a List request's page_size and page_token into a PageRequest
// (AIP-158): page_size 0 means 50, above 1000 means 1000, negative is
// INVALID_ARGUMENT. The token is opaque to clients; it is bound to `query`
// (method, parent, filter), so a token from another query is refused.
absl::StatusOr<engine::PageRequest> ReadPage(int32_t page_size,
                                             const std::string& page_token,
                                             absl::string_view query);

// The next_page_token for a page that stopped at `resume_after_key` (empty
// when the collection is exhausted).
std::string NextPageToken(const std::string& resume_after_key,
                          absl::string_view query);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_PAGING_H_
