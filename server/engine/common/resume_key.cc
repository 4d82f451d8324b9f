#include "server/engine/common/resume_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/store/keys.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {
namespace {

constexpr absl::string_view kSecretKey = "page_token_key";
constexpr size_t kMacBytes = 32;  // SHA-256

// HMAC-SHA256 of the query and the position. The query's length goes first,
// so no (query, position) pair can pass for another with the same bytes.
std::string Mac(absl::string_view secret, absl::string_view resume_after_key,
                absl::string_view query) {
  std::string message;
  store::AppendUint64(&message, query.size());
  absl::StrAppend(&message, query, resume_after_key);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       mac, &mac_size);
  return std::string(reinterpret_cast<const char*>(mac), mac_size);
}

}  // namespace

std::string BindResumeKey(absl::string_view secret,
                          absl::string_view resume_after_key,
                          absl::string_view query) {
  return absl::StrCat(resume_after_key, Mac(secret, resume_after_key, query));
}

absl::optional<std::string> UnbindResumeKey(absl::string_view secret,
                                            absl::string_view bound,
                                            absl::string_view query) {
  if (bound.size() < kMacBytes) return absl::nullopt;
  const absl::string_view resume_after_key =
      bound.substr(0, bound.size() - kMacBytes);
  const std::string expected = Mac(secret, resume_after_key, query);
  // Constant time, so the comparison leaks nothing about the expected MAC.
  if (CRYPTO_memcmp(expected.data(), bound.data() + resume_after_key.size(),
                    kMacBytes) != 0) {
    return absl::nullopt;
  }
  return std::string(resume_after_key);
}

absl::StatusOr<std::string> PageTokenSecret::LoadOrCreate() {
  // Replicas starting together on an empty store (issue 15) may all find
  // no key: the later commits conflict, run again, and read the key the
  // first one wrote, so every replica signs page tokens with the same key.
  return store::Transact(
      *db_, [&](store::Transaction& txn) -> absl::StatusOr<std::string> {
        std::string secret;
        CORDON_ASSIGN_OR_RETURN(
            bool exists,
            txn.GetRawForUpdate(store::Family::kMeta, kSecretKey, &secret));
        if (exists) {
          if (secret.size() != kPageTokenSecretBytes) {
            return absl::DataLossError("meta/page_token_key is corrupt");
          }
          return secret;
        }
        secret = entropy_->Bytes(kPageTokenSecretBytes);
        txn.PutRaw(store::Family::kMeta, kSecretKey, secret);
        CORDON_RETURN_IF_ERROR(txn.Commit());
        return secret;
      });
}

}  // namespace cordon::engine
