#include "server/api/paging.h"

#include "absl/strings/escaping.h"
#include "server/core/errors.h"
#include "server/engine/etag.h"
#include "server/store/keys.h"

namespace cordon::api {
namespace {

constexpr size_t kMaxTokenChars = 1024;

}  // namespace

absl::StatusOr<engine::PageRequest> ReadPage(int32_t page_size,
                                             const std::string& page_token,
                                             absl::string_view query) {
  if (page_size < 0) {
    return core::InvalidField("page_size", "must not be negative");
  }
  engine::PageRequest page;
  page.page_size = page_size == 0 ? kDefaultPageSize
                                  : std::min<int32_t>(page_size, kMaxPageSize);
  if (page_token.empty()) return page;
  std::string raw;
  if (page_token.size() > kMaxTokenChars ||
      !absl::WebSafeBase64Unescape(page_token, &raw) || raw.size() < 8 ||
      store::ReadUint64(raw, 0) != engine::Fingerprint(query)) {
    return core::InvalidField(
        "page_token",
        "not a token returned by this List call with the same parent and "
        "filter");
  }
  page.resume_after_key = raw.substr(8);
  return page;
}

std::string NextPageToken(const std::string& resume_after_key,
                          absl::string_view query) {
  if (resume_after_key.empty()) return "";
  std::string raw;
  store::AppendUint64(&raw, engine::Fingerprint(query));
  raw += resume_after_key;
  return absl::WebSafeBase64Escape(raw);
}

}  // namespace cordon::api
