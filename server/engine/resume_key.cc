#include "server/engine/resume_key.h"

#include "server/engine/etag.h"
#include "server/store/keys.h"

namespace cordon::engine {

std::string BindResumeKey(absl::string_view resume_after_key,
                          absl::string_view query) {
  std::string bound;
  store::AppendUint64(&bound, Fingerprint(query));
  bound.append(resume_after_key.data(), resume_after_key.size());
  return bound;
}

absl::optional<std::string> UnbindResumeKey(absl::string_view bound,
                                            absl::string_view query) {
  if (store::ReadUint64(bound, 0) != Fingerprint(query)) return absl::nullopt;
  return std::string(bound.substr(8));
}

}  // namespace cordon::engine
