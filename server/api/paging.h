#ifndef CORDON_SERVER_API_PAGING_H_
#define CORDON_SERVER_API_PAGING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/engine/common/page.h"

namespace cordon::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// A List request's page_size and page_token (AIP-158). Tokens are opaque to
// clients and authenticated under the server's page-token secret
// (engine::PageTokenSecret): a token is accepted only exactly as this server
// issued it, for the query (method, parent, filter) that produced it.
class PageTokens {
 public:
  explicit PageTokens(std::string secret) : secret_(std::move(secret)) {}

  // page_size 0 means 50, above 1000 means 1000, negative is
  // INVALID_ARGUMENT; a token that fails the check is INVALID_ARGUMENT
  // naming page_token.
  absl::StatusOr<engine::PageRequest> ReadPage(int32_t page_size,
                                               const std::string& page_token,
                                               absl::string_view query) const;

  // The next_page_token for a page that stopped at `resume_after_key`
  // (empty when the collection is exhausted).
  std::string NextPageToken(const std::string& resume_after_key,
                            absl::string_view query) const;

 private:
  const std::string secret_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_PAGING_H_
