#include "server/api/tls_material.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace cordon::api {
namespace {

// Larger PEM files than this are not certificates an operator meant.
constexpr std::streamsize kMaxTlsFileBytes = 1 << 20;

struct TlsBioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct TlsX509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct TlsKeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using TlsBio = std::unique_ptr<BIO, TlsBioFree>;
using TlsX509 = std::unique_ptr<X509, TlsX509Free>;
using TlsKey = std::unique_ptr<EVP_PKEY, TlsKeyFree>;

absl::Status TlsFileError(const char* flag, const std::string& path,
                          absl::string_view problem) {
  // OpenSSL's queue would otherwise show up in the next, unrelated error.
  ERR_clear_error();
  return absl::FailedPreconditionError(
      absl::StrCat("--", flag, "=", path, ": ", problem));
}

absl::StatusOr<std::string> ReadTlsFile(const char* flag,
                                        const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return TlsFileError(flag, path, "cannot be read");
  std::stringstream content;
  content << in.rdbuf();
  if (content.str().size() > static_cast<size_t>(kMaxTlsFileBytes)) {
    return TlsFileError(flag, path, "is larger than 1 MiB");
  }
  return content.str();
}

TlsBio MemoryBio(const std::string& pem) {
  return TlsBio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate in `pem`; null when there is none.
TlsX509 FirstCertificate(const std::string& pem) {
  TlsBio bio = MemoryBio(pem);
  if (bio == nullptr) return nullptr;
  return TlsX509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

absl::Status CheckKeyMatches(const TlsFiles& files, const TlsFlagNames& flags,
                             const TlsMaterial& tls) {
  TlsX509 certificate = FirstCertificate(tls.cert_chain);
  if (certificate == nullptr) {
    return TlsFileError(flags.cert, files.cert_file,
                        "holds no PEM certificate");
  }
  TlsBio bio = MemoryBio(tls.private_key);
  TlsKey key(bio == nullptr ? nullptr
                            : PEM_read_bio_PrivateKey(bio.get(), nullptr,
                                                      nullptr, nullptr));
  if (key == nullptr) {
    return TlsFileError(flags.key, files.key_file,
                        "holds no PEM private key (or an encrypted one)");
  }
  if (X509_check_private_key(certificate.get(), key.get()) != 1) {
    return TlsFileError(
        flags.key, files.key_file,
        absl::StrCat("is not the key of --", flags.cert, "=", files.cert_file));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TlsMaterial> ReadTlsMaterial(const TlsFiles& files,
                                            const TlsFlagNames& flags) {
  TlsMaterial tls;
  if (!files.cert_file.empty() || !files.key_file.empty()) {
    absl::StatusOr<std::string> cert = ReadTlsFile(flags.cert, files.cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadTlsFile(flags.key, files.key_file);
    if (!key.ok()) return key.status();
    tls.cert_chain = *std::move(cert);
    tls.private_key = *std::move(key);
    if (absl::Status matches = CheckKeyMatches(files, flags, tls);
        !matches.ok()) {
      return matches;
    }
  }
  if (files.client_ca_file.empty()) return tls;
  absl::StatusOr<std::string> ca = ReadTlsFile(flags.ca, files.client_ca_file);
  if (!ca.ok()) return ca.status();
  if (FirstCertificate(*ca) == nullptr) {
    return TlsFileError(flags.ca, files.client_ca_file,
                        "holds no PEM certificate");
  }
  tls.client_ca = *std::move(ca);
  return tls;
}

}  // namespace cordon::api
