#ifndef CORDON_SERVER_ENGINE_COMMON_RESUME_KEY_H_
#define CORDON_SERVER_ENGINE_COMMON_RESUME_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/ports/entropy.h"
#include "server/store/database.h"

namespace cordon::engine {

// Bytes of the server's page-token secret (an HMAC-SHA256 key).
inline constexpr size_t kPageTokenSecretBytes = 32;

// A page's resume position (a store key) bound to the query that produced
// it and authenticated as a whole: the position followed by an HMAC-SHA256,
// under `secret`, of the query and the position. A client can neither forge
// a position nor move one to another query (issue 8: a plain checksum over
// part of it let changed bytes through). The API edge turns the bytes into
// an opaque page token.
std::string BindResumeKey(absl::string_view secret,
                          absl::string_view resume_after_key,
                          absl::string_view query);

// The resume key inside `bound`, or nullopt when `bound` is not exactly what
// BindResumeKey made under `secret` for this same `query`.
absl::optional<std::string> UnbindResumeKey(absl::string_view secret,
                                            absl::string_view bound,
                                            absl::string_view query);

// The server's page-token secret: random, made on the first open of a data
// dir and kept in meta/page_token_key (one synced write), so tokens issued
// before a restart are accepted after it.
class PageTokenSecret {
 public:
  PageTokenSecret(store::Database* db, ports::Entropy* entropy)
      : db_(db), entropy_(entropy) {}

  // Reads the secret, creating it when the data dir has none yet.
  absl::StatusOr<std::string> LoadOrCreate();

 private:
  store::Database* db_;
  ports::Entropy* entropy_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_RESUME_KEY_H_
