#ifndef CORDON_SERVER_ENGINE_RESUME_KEY_H_
#define CORDON_SERVER_ENGINE_RESUME_KEY_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace cordon::engine {

// A page's resume position (a store key) bound to the query that produced
// it, so that a position from one List query is never used for another. The
// API edge turns the bytes into an opaque page token.
std::string BindResumeKey(absl::string_view resume_after_key,
                          absl::string_view query);

// The resume key inside `bound`, or nullopt when `bound` was not made by
// BindResumeKey for this same `query`.
absl::optional<std::string> UnbindResumeKey(absl::string_view bound,
                                            absl::string_view query);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_RESUME_KEY_H_
