#include "simulator/serve/assertion_verifier.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/memory/memory.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace cordon::sim::serve {
namespace {

// Clock skew Entra tolerates on nbf and exp.
constexpr absl::Duration kSkew = absl::Minutes(5);

AssertionRefusal Refuse(absl::string_view reason) {
  return {"AADSTS700027", std::string(reason)};
}

absl::StatusOr<std::string> Thumbprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1) {
    return absl::InternalError("X509_digest failed");
  }
  std::string encoded;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), length),
      &encoded);
  return encoded;
}

nlohmann::json DecodeJsonPart(absl::string_view part) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(part, &text)) return nullptr;
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

bool StringClaimIs(const nlohmann::json& claims, const char* name,
                   absl::string_view expected) {
  auto it = claims.find(name);
  return it != claims.end() && it->is_string() &&
         it->get<std::string>() == expected;
}

absl::optional<int64_t> NumberClaim(const nlohmann::json& claims,
                                    const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number_integer()) return absl::nullopt;
  return it->get<int64_t>();
}

AssertionRefusal CheckClaims(const nlohmann::json& claims,
                             absl::string_view client_id,
                             absl::string_view token_url, absl::Time now) {
  if (!StringClaimIs(claims, "aud", token_url)) {
    return Refuse("aud is not this token endpoint's URL");
  }
  if (!StringClaimIs(claims, "iss", client_id) ||
      !StringClaimIs(claims, "sub", client_id)) {
    return Refuse("iss and sub must both be the client id");
  }
  const absl::optional<int64_t> exp = NumberClaim(claims, "exp");
  const absl::optional<int64_t> nbf = NumberClaim(claims, "nbf");
  if (!exp.has_value() || absl::FromUnixSeconds(*exp) + kSkew <= now ||
      (nbf.has_value() && absl::FromUnixSeconds(*nbf) - kSkew > now)) {
    return {"AADSTS700024", "the assertion is not within its valid time range"};
  }
  return {};
}

}  // namespace

void AssertionVerifier::KeyDeleter::operator()(evp_pkey_st* key) const {
  EVP_PKEY_free(key);
}

AssertionVerifier::AssertionVerifier(
    std::unique_ptr<evp_pkey_st, KeyDeleter> key, std::string thumbprint)
    : key_(std::move(key)), thumbprint_(std::move(thumbprint)) {}

AssertionVerifier::~AssertionVerifier() = default;

absl::StatusOr<std::unique_ptr<AssertionVerifier>> AssertionVerifier::FromPem(
    absl::string_view certificate_pem) {
  BIO* bio = BIO_new_mem_buf(certificate_pem.data(),
                             static_cast<int>(certificate_pem.size()));
  X509* certificate = bio == nullptr
                          ? nullptr
                          : PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free_all(bio);
  if (certificate == nullptr) {
    return absl::InvalidArgumentError(
        "client certificate: not a PEM certificate");
  }
  absl::StatusOr<std::string> thumbprint = Thumbprint(certificate);
  std::unique_ptr<evp_pkey_st, KeyDeleter> key(X509_get_pubkey(certificate));
  X509_free(certificate);
  if (!thumbprint.ok()) return thumbprint.status();
  if (key == nullptr || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return absl::InvalidArgumentError(
        "client certificate: PS256 needs an RSA key");
  }
  return absl::WrapUnique(
      new AssertionVerifier(std::move(key), *std::move(thumbprint)));
}

bool AssertionVerifier::SignatureVerifies(absl::string_view signing_input,
                                          absl::string_view signature) const {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_PKEY_CTX* key_context = nullptr;
  const bool verified =
      context != nullptr &&
      EVP_DigestVerifyInit(context, &key_context, EVP_sha256(), nullptr,
                           key_.get()) == 1 &&
      EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) == 1 &&
      EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) ==
          1 &&
      EVP_DigestVerify(
          context, reinterpret_cast<const unsigned char*>(signature.data()),
          signature.size(),
          reinterpret_cast<const unsigned char*>(signing_input.data()),
          signing_input.size()) == 1;
  EVP_MD_CTX_free(context);
  return verified;
}

AssertionRefusal AssertionVerifier::Verify(absl::string_view assertion,
                                           absl::string_view client_id,
                                           absl::string_view token_url,
                                           absl::Time now) const {
  const std::vector<absl::string_view> parts = absl::StrSplit(assertion, '.');
  if (parts.size() != 3) return Refuse("the assertion is not a signed JWT");
  const nlohmann::json header = DecodeJsonPart(parts[0]);
  const nlohmann::json claims = DecodeJsonPart(parts[1]);
  std::string signature;
  if (!header.is_object() || !claims.is_object() ||
      !absl::WebSafeBase64Unescape(parts[2], &signature)) {
    return Refuse("the assertion's parts do not decode");
  }
  if (!StringClaimIs(header, "alg", "PS256")) {
    return Refuse("the assertion is not signed PS256");
  }
  if (!StringClaimIs(header, "x5t#S256", thumbprint_)) {
    return Refuse("no registered certificate matches x5t#S256");
  }
  if (!SignatureVerifies(absl::StrCat(parts[0], ".", parts[1]), signature)) {
    return Refuse("the signature does not verify with the certificate's key");
  }
  return CheckClaims(claims, client_id, token_url, now);
}

}  // namespace cordon::sim::serve
