#ifndef CORDON_TESTING_SELF_SIGNED_CERTIFICATE_H_
#define CORDON_TESTING_SELF_SIGNED_CERTIFICATE_H_

#include <string>

#include "absl/status/statusor.h"

namespace cordon::testing {

// The files of a throwaway certificate for 127.0.0.1 and localhost that
// signs itself: a client that trusts certificate_path (as its CA file)
// trusts exactly the server holding private_key_path, and nothing else.
struct CertificateFiles {
  std::string certificate_path;
  std::string private_key_path;
};

// EC keys are quick to make and serve TLS; RSA is for signatures that need
// it, such as the PS256 client assertions Entra accepts.
enum class CertificateKeyType { kEcP256, kRsa2048 };

// Generates a fresh key (EC P-256 unless asked otherwise) and a self-signed
// certificate (an hour into the past against clock skew, 30 days ahead), and
// writes them as PEM into `directory`: certificate.pem, and private_key.pem
// with mode 0600. For the HTTPS test server, cordon-sim's fakes and tests of
// certificate credentials; never for production.
absl::StatusOr<CertificateFiles> WriteSelfSignedCertificate(
    const std::string& directory,
    CertificateKeyType key_type = CertificateKeyType::kEcP256);

// The same, written as <name>_certificate.pem and <name>_private_key.pem,
// so that one directory holds several (the mutual-TLS tests' CAs and server
// certificates).
absl::StatusOr<CertificateFiles> WriteNamedSelfSignedCertificate(
    const std::string& directory, const std::string& name);

// Copies `from`'s certificate and key over `to`'s files (replacing them):
// what an operator does before asking a server to reload.
absl::Status ReplaceCertificateFiles(const CertificateFiles& from,
                                     const CertificateFiles& to);

// A leaf certificate for 127.0.0.1 and localhost (server or client use)
// signed by `issuer` (a self-signed one above, acting as a CA), written as
// <name>_certificate.pem and <name>_private_key.pem (0600) into
// `directory`. For the mutual-TLS tests.
absl::StatusOr<CertificateFiles> WriteIssuedCertificate(
    const std::string& directory, const std::string& name,
    const CertificateFiles& issuer);

}  // namespace cordon::testing

#endif  // CORDON_TESTING_SELF_SIGNED_CERTIFICATE_H_
