#include "server/adapters/graph/client_assertion.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/adapters/secret_file.h"

namespace cordon::adapters::graph {
namespace {

// The certificate is public, but a huge file is the wrong file.
constexpr size_t kMaxCertificateFileBytes = 256 * 1024;
constexpr size_t kJtiBytes = 16;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free_all(bio); }
};
struct X509Deleter {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using CertificatePtr = std::unique_ptr<X509, X509Deleter>;
using MdContextPtr = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

// OpenSSL's reason, which names no key material, and a clean error queue
// for the next caller on this thread.
std::string OpenSslReason() {
  char reason[256] = "no reason given";
  if (unsigned long code = ERR_get_error(); code != 0) {
    ERR_error_string_n(code, reason, sizeof(reason));
  }
  ERR_clear_error();
  return reason;
}

std::string Base64Url(absl::string_view bytes) {
  std::string encoded;
  absl::WebSafeBase64Escape(bytes, &encoded);  // no padding
  return encoded;
}

BioPtr MemoryBio(absl::string_view pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::StatusOr<CertificatePtr> ParseCertificate(absl::string_view pem) {
  BioPtr bio = MemoryBio(pem);
  CertificatePtr certificate(
      bio == nullptr ? nullptr
                     : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (certificate == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "client certificate: not a PEM certificate: ", OpenSslReason()));
  }
  return certificate;
}

absl::StatusOr<std::string> Thumbprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1) {
    return absl::InternalError(
        absl::StrCat("client certificate: X509_digest: ", OpenSslReason()));
  }
  return Base64Url(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

// Entra signs with the key its certificate names; a mismatch here would only
// show as AADSTS700027 on every token request.
absl::Status CheckKey(EVP_PKEY* key, X509* certificate) {
  if (EVP_PKEY_is_a(key, "RSA") != 1) {
    return absl::InvalidArgumentError(
        "client key: PS256 needs an RSA key; this one is not RSA");
  }
  if (EVP_PKEY_get_bits(key) < kMinRsaKeyBits) {
    return absl::InvalidArgumentError(absl::StrCat(
        "client key: RSA key shorter than ", kMinRsaKeyBits, " bits"));
  }
  if (X509_check_private_key(certificate, key) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "client key: does not belong to the client certificate");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadCertificateFile(const std::string& path) {
  BioPtr file(BIO_new_file(path.c_str(), "r"));
  if (file == nullptr) {
    ERR_clear_error();
    return absl::FailedPreconditionError(
        absl::StrCat("client certificate ", path, ": cannot open"));
  }
  std::string pem(kMaxCertificateFileBytes + 1, '\0');
  size_t length = 0;
  if (BIO_read_ex(file.get(), pem.data(), pem.size(), &length) != 1) {
    length = 0;
  }
  if (length == 0 || length > kMaxCertificateFileBytes) {
    ERR_clear_error();
    return absl::FailedPreconditionError(absl::StrCat(
        "client certificate ", path, ": empty, unreadable or too large"));
  }
  pem.resize(length);
  return pem;
}

absl::StatusOr<std::string> SignPs256(EVP_PKEY* key, absl::string_view input) {
  MdContextPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), &key_context, EVP_sha256(), nullptr,
                         key) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) !=
          1 ||
      EVP_DigestSign(context.get(), nullptr, &length, data, input.size()) !=
          1) {
    return absl::InternalError(
        absl::StrCat("signing the client assertion: ", OpenSslReason()));
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(),
                     reinterpret_cast<unsigned char*>(signature.data()),
                     &length, data, input.size()) != 1) {
    return absl::InternalError(
        absl::StrCat("signing the client assertion: ", OpenSslReason()));
  }
  signature.resize(length);
  return signature;
}

}  // namespace

void ClientAssertionSigner::KeyDeleter::operator()(evp_pkey_st* key) const {
  EVP_PKEY_free(key);
}

ClientAssertionSigner::ClientAssertionSigner(KeyPtr key,
                                             std::string thumbprint_sha256)
    : key_(std::move(key)), thumbprint_sha256_(std::move(thumbprint_sha256)) {}

ClientAssertionSigner::~ClientAssertionSigner() = default;

absl::StatusOr<std::unique_ptr<ClientAssertionSigner>>
ClientAssertionSigner::FromFiles(const std::string& certificate_path,
                                 const std::string& key_path) {
  absl::StatusOr<std::string> certificate =
      ReadCertificateFile(certificate_path);
  if (!certificate.ok()) return certificate.status();
  absl::StatusOr<std::string> key = ReadSecretFile(key_path);
  if (!key.ok()) return key.status();
  // ReadSecretFile trimmed the line break that ends the PEM's last line.
  key->push_back('\n');
  auto signer = FromPem(*certificate, *key);
  OPENSSL_cleanse(key->data(), key->size());
  return signer;
}

absl::StatusOr<std::unique_ptr<ClientAssertionSigner>>
ClientAssertionSigner::FromPem(absl::string_view certificate_pem,
                               absl::string_view key_pem) {
  absl::StatusOr<CertificatePtr> certificate =
      ParseCertificate(certificate_pem);
  if (!certificate.ok()) return certificate.status();
  BioPtr bio = MemoryBio(key_pem);
  KeyPtr key(bio == nullptr ? nullptr
                            : PEM_read_bio_PrivateKey(bio.get(), nullptr,
                                                      nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("client key: not a PEM private key: ", OpenSslReason()));
  }
  if (absl::Status ok = CheckKey(key.get(), certificate->get()); !ok.ok()) {
    return ok;
  }
  absl::StatusOr<std::string> thumbprint = Thumbprint(certificate->get());
  if (!thumbprint.ok()) return thumbprint.status();
  return std::unique_ptr<ClientAssertionSigner>(
      new ClientAssertionSigner(std::move(key), std::move(*thumbprint)));
}

absl::StatusOr<std::string> ClientAssertionSigner::Sign(
    absl::string_view client_id, absl::string_view token_url, absl::Time now,
    ports::Entropy& entropy) const {
  const nlohmann::json header = {
      {"alg", "PS256"}, {"typ", "JWT"}, {"x5t#S256", thumbprint_sha256_}};
  const int64_t issued = absl::ToUnixSeconds(now);
  const nlohmann::json claims = {
      {"aud", std::string(token_url)},
      {"iss", std::string(client_id)},
      {"sub", std::string(client_id)},
      {"jti", absl::BytesToHexString(entropy.Bytes(kJtiBytes))},
      {"nbf", issued},
      {"iat", issued},
      {"exp", absl::ToUnixSeconds(now + kClientAssertionLifetime)}};
  const std::string signing_input =
      absl::StrCat(Base64Url(header.dump()), ".", Base64Url(claims.dump()));
  absl::StatusOr<std::string> signature = SignPs256(key_.get(), signing_input);
  if (!signature.ok()) return signature.status();
  return absl::StrCat(signing_input, ".", Base64Url(*signature));
}

}  // namespace cordon::adapters::graph
