// Page tokens (api::PageTokens): a token is accepted only exactly as the
// server issued it for the same query; anything else is INVALID_ARGUMENT.
// Input: 4 bytes of page_size, then query and token separated by '\n'.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/string_view.h"
#include "server/api/paging.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cordon::api::PageTokens kTokens(std::string(32, 's'));
  int32_t page_size = 0;
  if (size >= sizeof(page_size)) {
    std::memcpy(&page_size, data, sizeof(page_size));
    data += sizeof(page_size);
    size -= sizeof(page_size);
  }
  absl::string_view rest(reinterpret_cast<const char*>(data), size);
  size_t split = rest.find('\n');
  absl::string_view query = rest.substr(0, split);
  std::string token(split == absl::string_view::npos ? absl::string_view()
                                                     : rest.substr(split + 1));

  auto page = kTokens.ReadPage(page_size, token, query);
  if (page.ok()) {
    FUZZ_CHECK(page->page_size >= 1 && page->page_size <= 1000);
    // A token that checks out carries a key this server bound to `query`.
    if (!token.empty()) {
      FUZZ_CHECK(kTokens.NextPageToken(page->resume_after_key, query) == token);
    }
  } else {
    FUZZ_CHECK(absl::IsInvalidArgument(page.status()));
  }
  // Round trip: the token issued for any key reads back as that key, and
  // only for the same query.
  std::string key(rest);
  std::string issued = kTokens.NextPageToken(key, query);
  if (key.empty()) {
    FUZZ_CHECK(issued.empty());
    return 0;
  }
  auto read = kTokens.ReadPage(1, issued, query);
  if (issued.size() <= 1024) {
    FUZZ_CHECK(read.ok() && read->resume_after_key == key);
  }
  auto other = kTokens.ReadPage(1, issued, std::string(query) + "x");
  FUZZ_CHECK(!other.ok());
  return 0;
}
