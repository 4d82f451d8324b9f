#ifndef CORDON_SERVER_ADAPTERS_GRAPH_CLIENT_ASSERTION_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_CLIENT_ASSERTION_H_

// The certificate credential of the client credentials flow: a JWT the app
// signs with its certificate's private key and sends as client_assertion
// instead of a client secret. Entra accepts PS256 with the certificate named
// by x5t#S256; no Debian JWT library signs PS256, so OpenSSL 3 signs here.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/ports/entropy.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace cordon::adapters::graph {

// How long an assertion is valid: Entra wants a short-lived one, and each
// token request signs a fresh one anyway.
inline constexpr absl::Duration kClientAssertionLifetime = absl::Minutes(10);
// RSA keys shorter than this are refused (Entra requires 2048 bits).
inline constexpr int kMinRsaKeyBits = 2048;

// Holds the private key; thread safe (each Sign builds its own context).
class ClientAssertionSigner {
 public:
  // A PEM certificate and the PEM RSA private key that belongs to it. The
  // key file must be mode 0600 (ReadSecretFile). FAILED_PRECONDITION for an
  // unreadable file, INVALID_ARGUMENT for a key that is not RSA, too short,
  // or not the certificate's. Errors never carry key material.
  static absl::StatusOr<std::unique_ptr<ClientAssertionSigner>> FromFiles(
      const std::string& certificate_path, const std::string& key_path);
  // The same from PEM text already read.
  static absl::StatusOr<std::unique_ptr<ClientAssertionSigner>> FromPem(
      absl::string_view certificate_pem, absl::string_view key_pem);

  ~ClientAssertionSigner();
  ClientAssertionSigner(const ClientAssertionSigner&) = delete;
  ClientAssertionSigner& operator=(const ClientAssertionSigner&) = delete;

  // base64url (no padding) of the SHA-256 of the certificate's DER: the
  // x5t#S256 header by which Entra finds the uploaded certificate.
  const std::string& thumbprint_sha256() const { return thumbprint_sha256_; }

  // A signed assertion "header.claims.signature": header alg PS256, typ JWT,
  // x5t#S256; claims aud = `token_url`, iss = sub = `client_id`, a random
  // jti (16 bytes from `entropy`), nbf = iat = `now`, exp = now +
  // kClientAssertionLifetime. RSA-PSS with SHA-256, salt length 32.
  absl::StatusOr<std::string> Sign(absl::string_view client_id,
                                   absl::string_view token_url, absl::Time now,
                                   ports::Entropy& entropy) const;

 private:
  struct KeyDeleter {
    void operator()(evp_pkey_st* key) const;
  };
  using KeyPtr = std::unique_ptr<evp_pkey_st, KeyDeleter>;

  ClientAssertionSigner(KeyPtr key, std::string thumbprint_sha256);

  KeyPtr key_;
  std::string thumbprint_sha256_;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_CLIENT_ASSERTION_H_
