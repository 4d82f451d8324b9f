#include "server/api/paging.h"

#include "absl/strings/escaping.h"
#include "server/core/errors.h"
#include "server/engine/resume_key.h"

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
  absl::optional<std::string> resume_after_key;
  if (page_token.size() <= kMaxTokenChars &&
      absl::WebSafeBase64Unescape(page_token, &raw)) {
    resume_after_key = engine::UnbindResumeKey(raw, query);
  }
  if (!resume_after_key.has_value()) {
    return core::InvalidField(
        "page_token",
        "not a token returned by this List call with the same parent and "
        "filter");
  }
  page.resume_after_key = *std::move(resume_after_key);
  return page;
}

std::string NextPageToken(const std::string& resume_after_key,
                          absl::string_view query) {
  if (resume_after_key.empty()) return "";
  return absl::WebSafeBase64Escape(
      engine::BindResumeKey(resume_after_key, query));
}

}  // namespace cordon::api
