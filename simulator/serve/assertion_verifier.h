#ifndef CORDON_SIMULATOR_SERVE_ASSERTION_VERIFIER_H_
#define CORDON_SIMULATOR_SERVE_ASSERTION_VERIFIER_H_

// The token endpoint's check of a certificate credential: a client assertion
// JWT signed PS256 by the key of the certificate the app registered, named
// by its x5t#S256 header, with aud = the token URL and iss = sub = the
// client id, inside its nbf..exp window.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace cordon::sim::serve {

// Why an assertion was refused: the AADSTS code Entra answers and our own
// words (never containing the assertion).
struct AssertionRefusal {
  std::string aadsts_code;  // "AADSTS700027", "AADSTS700024"
  std::string reason;
};

class AssertionVerifier {
 public:
  // INVALID_ARGUMENT when `certificate_pem` holds no certificate with an
  // RSA key.
  static absl::StatusOr<std::unique_ptr<AssertionVerifier>> FromPem(
      absl::string_view certificate_pem);
  ~AssertionVerifier();
  AssertionVerifier(const AssertionVerifier&) = delete;
  AssertionVerifier& operator=(const AssertionVerifier&) = delete;

  // base64url SHA-256 of the certificate's DER.
  const std::string& thumbprint_sha256() const { return thumbprint_; }

  // nullopt-like: an empty aadsts_code means the assertion is accepted.
  AssertionRefusal Verify(absl::string_view assertion,
                          absl::string_view client_id,
                          absl::string_view token_url, absl::Time now) const;

 private:
  struct KeyDeleter {
    void operator()(evp_pkey_st* key) const;
  };
  AssertionVerifier(std::unique_ptr<evp_pkey_st, KeyDeleter> key,
                    std::string thumbprint);
  bool SignatureVerifies(absl::string_view signing_input,
                         absl::string_view signature) const;

  std::unique_ptr<evp_pkey_st, KeyDeleter> key_;
  std::string thumbprint_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_ASSERTION_VERIFIER_H_
