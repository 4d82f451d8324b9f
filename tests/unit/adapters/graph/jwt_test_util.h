#ifndef CORDON_TESTS_UNIT_ADAPTERS_GRAPH_JWT_TEST_UTIL_H_
#define CORDON_TESTS_UNIT_ADAPTERS_GRAPH_JWT_TEST_UTIL_H_

// Checks a client assertion the way Entra would, with OpenSSL directly
// rather than through the code under test.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::graph::testing {

struct DecodedJwt {
  nlohmann::json header;
  nlohmann::json claims;
  std::string signing_input;  // "header.claims" as sent
  std::string signature;      // raw bytes
};

// nullopt unless `jwt` is three base64url parts, the first two JSON objects.
inline std::optional<DecodedJwt> DecodeJwt(absl::string_view jwt) {
  std::vector<absl::string_view> parts = absl::StrSplit(jwt, '.');
  if (parts.size() != 3) return std::nullopt;
  std::string header, claims;
  DecodedJwt decoded;
  if (!absl::WebSafeBase64Unescape(parts[0], &header) ||
      !absl::WebSafeBase64Unescape(parts[1], &claims) ||
      !absl::WebSafeBase64Unescape(parts[2], &decoded.signature)) {
    return std::nullopt;
  }
  decoded.header = nlohmann::json::parse(header, nullptr, false);
  decoded.claims = nlohmann::json::parse(claims, nullptr, false);
  if (!decoded.header.is_object() || !decoded.claims.is_object()) {
    return std::nullopt;
  }
  decoded.signing_input = absl::StrCat(parts[0], ".", parts[1]);
  return decoded;
}

inline std::unique_ptr<X509, void (*)(X509*)> LoadCertificate(
    const std::string& path) {
  X509* certificate = nullptr;
  if (FILE* file = std::fopen(path.c_str(), "r")) {
    certificate = PEM_read_X509(file, nullptr, nullptr, nullptr);
    std::fclose(file);
  }
  return {certificate, X509_free};
}

// RSA-PSS, SHA-256, salt length exactly 32, with the certificate's key.
inline bool VerifyPs256(const DecodedJwt& jwt,
                        const std::string& certificate_path) {
  auto certificate = LoadCertificate(certificate_path);
  if (certificate == nullptr) return false;
  EVP_PKEY* key = X509_get0_pubkey(certificate.get());
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(),
                                                             EVP_MD_CTX_free);
  EVP_PKEY_CTX* key_context = nullptr;
  return key != nullptr &&
         EVP_DigestVerifyInit(context.get(), &key_context, EVP_sha256(),
                              nullptr, key) == 1 &&
         EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) ==
             1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, 32) == 1 &&
         EVP_DigestVerify(
             context.get(),
             reinterpret_cast<const unsigned char*>(jwt.signature.data()),
             jwt.signature.size(),
             reinterpret_cast<const unsigned char*>(jwt.signing_input.data()),
             jwt.signing_input.size()) == 1;
}

// base64url(SHA-256(DER)), computed from the DER bytes themselves.
inline std::string CertificateThumbprint(const std::string& certificate_path) {
  auto certificate = LoadCertificate(certificate_path);
  unsigned char* der = nullptr;
  const int length =
      certificate == nullptr ? -1 : i2d_X509(certificate.get(), &der);
  if (length <= 0) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length,
             EVP_sha256(), nullptr);
  OPENSSL_free(der);
  std::string encoded;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<char*>(digest), digest_length),
      &encoded);
  return encoded;
}

// An application/x-www-form-urlencoded body as name -> value.
inline std::map<std::string, std::string> ParseForm(absl::string_view body) {
  std::map<std::string, std::string> fields;
  for (absl::string_view pair : absl::StrSplit(body, '&')) {
    std::vector<std::string> name_value =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (name_value.size() != 2) continue;
    std::string decoded;
    const std::string& value = name_value[1];
    for (size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '%' && i + 2 < value.size()) {
        decoded += absl::HexStringToBytes(value.substr(i + 1, 2));
        i += 2;
      } else {
        decoded += value[i] == '+' ? ' ' : value[i];
      }
    }
    fields[name_value[0]] = decoded;
  }
  return fields;
}

}  // namespace cordon::adapters::graph::testing

#endif  // CORDON_TESTS_UNIT_ADAPTERS_GRAPH_JWT_TEST_UTIL_H_
