#include "server/adapters/aes_gcm_sealer.h"

#include <openssl/evp.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::adapters {
namespace {

constexpr uint8_t kFormat = 1;
constexpr size_t kHeaderBytes = 2;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr absl::string_view kLabel = "cordon sealed secret v1";

using Context = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

std::string AssociatedData(absl::string_view header,
                           absl::string_view binding) {
  return absl::StrCat(kLabel, std::string(1, '\0'), header, binding);
}

absl::Status Unreadable(absl::string_view why) {
  return core::WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "a stored secret cannot be opened: ", why,
          ". Is --secrets_key_file the key this data dir was written with?")),
      "SECRET_UNREADABLE");
}

// One EVP pass (encrypt or decrypt) over `in` with `aad`; false when
// OpenSSL refuses (on decrypt: the tag does not match).
bool Crypt(bool encrypt, const std::string& key, absl::string_view nonce,
           absl::string_view aad, absl::string_view in, std::string* out,
           std::string* tag) {
  Context ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) return false;
  int len = 0;
  out->assign(in.size(), '\0');
  const int init = encrypt ? EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(),
                                                nullptr, nullptr, nullptr)
                           : EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(),
                                                nullptr, nullptr, nullptr);
  if (init != 1 || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN,
                                       kNonceBytes, nullptr) != 1) {
    return false;
  }
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  if ((encrypt ? EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key),
                                    Bytes(nonce))
               : EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key),
                                    Bytes(nonce))) != 1 ||
      update(ctx.get(), nullptr, &len, Bytes(aad),
             static_cast<int>(aad.size())) != 1 ||
      update(ctx.get(), Bytes(*out), &len, Bytes(in),
             static_cast<int>(in.size())) != 1) {
    return false;
  }
  if (encrypt) {
    tag->assign(kTagBytes, '\0');
    return EVP_EncryptFinal_ex(ctx.get(), Bytes(*out) + len, &len) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                               Bytes(*tag)) == 1;
  }
  return EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                             Bytes(*tag)) == 1 &&
         EVP_DecryptFinal_ex(ctx.get(), Bytes(*out) + len, &len) == 1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AesGcmSealer>> AesGcmSealer::Create(
    std::string key, ports::Entropy* nonces, uint8_t key_id) {
  if (key.size() != kSecretsKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the secrets key must be ", kSecretsKeyBytes, " bytes"));
  }
  return std::unique_ptr<AesGcmSealer>(
      new AesGcmSealer(std::move(key), nonces, key_id));
}

absl::StatusOr<std::string> AesGcmSealer::Seal(absl::string_view plaintext,
                                               absl::string_view binding) {
  const std::string header{static_cast<char>(kFormat),
                           static_cast<char>(key_id_)};
  const std::string nonce = nonces_->Bytes(kNonceBytes);
  std::string ciphertext;
  std::string tag;
  if (nonce.size() != kNonceBytes ||
      !Crypt(true, key_, nonce, AssociatedData(header, binding), plaintext,
             &ciphertext, &tag)) {
    return absl::InternalError("AES-256-GCM sealing failed");
  }
  return absl::StrCat(header, nonce, ciphertext, tag);
}

absl::StatusOr<std::string> AesGcmSealer::Open(
    absl::string_view sealed, absl::string_view binding) const {
  if (sealed.size() < kHeaderBytes + kNonceBytes + kTagBytes) {
    return Unreadable("it is too short to be sealed");
  }
  if (static_cast<uint8_t>(sealed[0]) != kFormat) {
    return Unreadable(
        absl::StrCat("unknown format ", static_cast<int>(sealed[0])));
  }
  if (static_cast<uint8_t>(sealed[1]) != key_id_) {
    return Unreadable(
        absl::StrCat("it was sealed under key id ", static_cast<int>(sealed[1]),
                     ", this server has key id ", static_cast<int>(key_id_)));
  }
  const absl::string_view header = sealed.substr(0, kHeaderBytes);
  const absl::string_view nonce = sealed.substr(kHeaderBytes, kNonceBytes);
  const absl::string_view body =
      sealed.substr(kHeaderBytes + kNonceBytes,
                    sealed.size() - kHeaderBytes - kNonceBytes - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string plaintext;
  if (!Crypt(false, key_, nonce, AssociatedData(header, binding), body,
             &plaintext, &tag)) {
    return Unreadable("the key or the account does not match");
  }
  return plaintext;
}

}  // namespace cordon::adapters
