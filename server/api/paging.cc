#include "server/api/paging.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "server/core/errors.h"
#include "server/engine/common/resume_key.h"

namespace cordon::api {
namespace {

constexpr size_t kMaxTokenChars = 1024;

// The resume key inside `page_token`, or nullopt. Base64 leaves spare bits
// in its last character; a token must be the canonical encoding of its
// bytes, so no character of it can change unnoticed.
absl::optional<std::string> Unseal(absl::string_view secret,
                                   const std::string& page_token,
                                   absl::string_view query) {
  std::string raw;
  if (page_token.size() > kMaxTokenChars ||
      !absl::WebSafeBase64Unescape(page_token, &raw) ||
      absl::WebSafeBase64Escape(raw) != page_token) {
    return absl::nullopt;
  }
  return engine::UnbindResumeKey(secret, raw, query);
}

}  // namespace

absl::StatusOr<engine::PageRequest> PageTokens::ReadPage(
    int32_t page_size, const std::string& page_token,
    absl::string_view query) const {
  if (page_size < 0) {
    return core::InvalidField("page_size", "must not be negative");
  }
  engine::PageRequest page;
  page.page_size = page_size == 0 ? kDefaultPageSize
                                  : std::min<int32_t>(page_size, kMaxPageSize);
  if (page_token.empty()) return page;
  absl::optional<std::string> resume_after_key =
      Unseal(secret_, page_token, query);
  if (!resume_after_key.has_value()) {
    return core::InvalidField(
        "page_token",
        "not a token returned by this List call with the same parent and "
        "filter");
  }
  page.resume_after_key = *std::move(resume_after_key);
  return page;
}

std::string PageTokens::NextPageToken(const std::string& resume_after_key,
                                      absl::string_view query) const {
  if (resume_after_key.empty()) return "";
  return absl::WebSafeBase64Escape(
      engine::BindResumeKey(secret_, resume_after_key, query));
}

}  // namespace cordon::api
