#include "testing/self_signed_certificate.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/core/errors.h"

namespace cordon::testing {
namespace {

template <typename T, void (*kFree)(T*)>
struct OpenSslDeleter {
  void operator()(T* object) const { kFree(object); }
};
using KeyPtr =
    std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using CertificatePtr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;

constexpr long kSecondsBeforeNow = 60 * 60;
constexpr long kSecondsAfterNow = 30 * 24 * 60 * 60;

absl::Status OpenSslError(absl::string_view what) {
  char reason[256] = "no reason given";
  if (unsigned long code = ERR_get_error(); code != 0) {
    ERR_error_string_n(code, reason, sizeof(reason));
  }
  ERR_clear_error();
  return absl::InternalError(absl::StrCat(what, ": ", reason));
}

// `issuer` is the certificate itself for a self-signed one.
absl::Status AddExtension(X509* certificate, X509* issuer, int nid,
                          const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension =
      X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return OpenSslError("X509V3_EXT_conf_nid");
  const bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added ? absl::OkStatus() : OpenSslError("X509_add_ext");
}

// Random, so that no two throwaway certificates share issuer and serial.
absl::Status SetRandomSerial(X509* certificate) {
  uint64_t serial = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof(serial)) !=
      1) {
    return OpenSslError("RAND_bytes");
  }
  serial >>= 1;  // positive, as RFC 5280 asks
  if (ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), serial) !=
      1) {
    return OpenSslError("ASN1_INTEGER_set_uint64");
  }
  return absl::OkStatus();
}

// A self-signed one is its own CA (CA:TRUE, keyCertSign), so that clients
// accept it as the trust anchor of a one-certificate chain; an issued one is
// a leaf. Both serve 127.0.0.1 and localhost, as server or client.
absl::Status AddExtensions(X509* certificate, X509* issuer) {
  const bool self_signed = issuer == certificate;
  CORDON_RETURN_IF_ERROR(
      AddExtension(certificate, issuer, NID_basic_constraints,
                   self_signed ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  CORDON_RETURN_IF_ERROR(
      AddExtension(certificate, issuer, NID_key_usage,
                   self_signed ? "critical,digitalSignature,keyCertSign"
                               : "critical,digitalSignature"));
  // clientAuth too: the mutual-TLS tests present them as clients.
  CORDON_RETURN_IF_ERROR(AddExtension(certificate, issuer, NID_ext_key_usage,
                                      "serverAuth,clientAuth"));
  CORDON_RETURN_IF_ERROR(AddExtension(certificate, issuer, NID_subject_alt_name,
                                      "IP:127.0.0.1,DNS:localhost"));
  return AddExtension(certificate, issuer, NID_subject_key_identifier, "hash");
}

// `key`'s certificate for `common_name`, signed by `issuer_key` and named by
// `issuer` (null for both: self-signed). An issued certificate needs a
// subject of its own: one equal to its issuer's reads as self-signed.
absl::StatusOr<CertificatePtr> SignedCertificate(EVP_PKEY* key,
                                                 const std::string& common_name,
                                                 X509* issuer,
                                                 EVP_PKEY* issuer_key) {
  CertificatePtr certificate(X509_new());
  if (certificate == nullptr) return OpenSslError("X509_new");
  X509* cert = certificate.get();
  if (issuer == nullptr) {
    issuer = cert;
    issuer_key = key;
  }
  X509_NAME* name = X509_get_subject_name(cert);
  if (X509_set_version(cert, X509_VERSION_3) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(cert), -kSecondsBeforeNow) ==
          nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert), kSecondsAfterNow) == nullptr ||
      X509_set_pubkey(cert, key) != 1 ||
      X509_NAME_add_entry_by_txt(
          name, "CN", MBSTRING_ASC,
          reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
          0) != 1 ||
      X509_set_issuer_name(cert, X509_get_subject_name(issuer)) != 1) {
    return OpenSslError("filling in the certificate");
  }
  CORDON_RETURN_IF_ERROR(SetRandomSerial(cert));
  CORDON_RETURN_IF_ERROR(AddExtensions(cert, issuer));
  if (X509_sign(cert, issuer_key, EVP_sha256()) <= 0) {
    return OpenSslError("X509_sign");
  }
  return certificate;
}

absl::Status WriteCertificate(X509* certificate, const std::string& path) {
  BioPtr file(BIO_new_file(path.c_str(), "w"));
  if (file == nullptr || PEM_write_bio_X509(file.get(), certificate) != 1) {
    return OpenSslError(absl::StrCat("writing ", path));
  }
  return absl::OkStatus();
}

// Created with mode 0600 from the start: a key must never be readable by
// others, not even for a moment (DESIGN rule 7).
absl::Status WritePrivateKey(EVP_PKEY* key, const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot create ", path));
  BioPtr file(BIO_new_fd(fd, BIO_CLOSE));
  if (file == nullptr) {
    close(fd);
    return OpenSslError("BIO_new_fd");
  }
  if (PEM_write_bio_PrivateKey(file.get(), key, nullptr, nullptr, 0, nullptr,
                               nullptr) != 1) {
    return OpenSslError(absl::StrCat("writing ", path));
  }
  return absl::OkStatus();
}

// The certificate and key of `files`, to sign others with.
absl::Status ReadIssuer(const CertificateFiles& files, CertificatePtr* cert,
                        KeyPtr* key) {
  BioPtr cert_file(BIO_new_file(files.certificate_path.c_str(), "r"));
  BioPtr key_file(BIO_new_file(files.private_key_path.c_str(), "r"));
  if (cert_file == nullptr || key_file == nullptr) {
    return OpenSslError("opening the issuer's files");
  }
  cert->reset(PEM_read_bio_X509(cert_file.get(), nullptr, nullptr, nullptr));
  key->reset(
      PEM_read_bio_PrivateKey(key_file.get(), nullptr, nullptr, nullptr));
  if (*cert == nullptr || *key == nullptr) {
    return OpenSslError("reading the issuer's certificate and key");
  }
  return absl::OkStatus();
}

absl::StatusOr<CertificateFiles> WriteKeyAndCertificate(
    const std::string& directory, const std::string& stem,
    const CertificateFiles* issuer, CertificateKeyType key_type) {
  CertificatePtr issuer_cert;
  KeyPtr issuer_key;
  if (issuer != nullptr) {
    CORDON_RETURN_IF_ERROR(ReadIssuer(*issuer, &issuer_cert, &issuer_key));
  }
  KeyPtr key(key_type == CertificateKeyType::kRsa2048 ? EVP_RSA_gen(2048)
                                                      : EVP_EC_gen("P-256"));
  if (key == nullptr) return OpenSslError("generating the key");
  CORDON_ASSIGN_OR_RETURN(
      CertificatePtr certificate,
      SignedCertificate(key.get(), issuer == nullptr ? "127.0.0.1" : stem,
                        issuer_cert.get(), issuer_key.get()));
  const std::filesystem::path base(directory);
  CertificateFiles files{(base / (stem + "certificate.pem")).string(),
                         (base / (stem + "private_key.pem")).string()};
  CORDON_RETURN_IF_ERROR(WritePrivateKey(key.get(), files.private_key_path));
  CORDON_RETURN_IF_ERROR(
      WriteCertificate(certificate.get(), files.certificate_path));
  return files;
}

}  // namespace

absl::StatusOr<CertificateFiles> WriteIssuedCertificate(
    const std::string& directory, const std::string& name,
    const CertificateFiles& issuer) {
  return WriteKeyAndCertificate(directory, name + "_", &issuer,
                                CertificateKeyType::kEcP256);
}

absl::StatusOr<CertificateFiles> WriteNamedSelfSignedCertificate(
    const std::string& directory, const std::string& name) {
  return WriteKeyAndCertificate(directory, name + "_", nullptr,
                                CertificateKeyType::kEcP256);
}

absl::Status ReplaceCertificateFiles(const CertificateFiles& from,
                                     const CertificateFiles& to) {
  const auto overwrite = std::filesystem::copy_options::overwrite_existing;
  std::error_code error;
  if (!std::filesystem::copy_file(from.certificate_path, to.certificate_path,
                                  overwrite, error) ||
      !std::filesystem::copy_file(from.private_key_path, to.private_key_path,
                                  overwrite, error)) {
    return absl::InternalError(
        absl::StrCat("copying certificate files: ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<CertificateFiles> WriteSelfSignedCertificate(
    const std::string& directory, CertificateKeyType key_type) {
  return WriteKeyAndCertificate(directory, "", nullptr, key_type);
}

}  // namespace cordon::testing
