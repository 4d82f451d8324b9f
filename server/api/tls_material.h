#ifndef CORDON_SERVER_API_TLS_MATERIAL_H_
#define CORDON_SERVER_API_TLS_MATERIAL_H_

#include <string>

#include "absl/status/statusor.h"

namespace cordon::api {

// The files TLS is served from (cordon-server's --tls_cert, --tls_key and
// --tls_client_ca). All are read again on every reload (SIGHUP).
struct TlsFiles {
  std::string cert_file;
  std::string key_file;
  // Empty: clients are not asked for a certificate. Set: every client must
  // present one signed by a CA in this file (mutual TLS).
  std::string client_ca_file;
};

// What TLS is served with, as PEM text.
struct TlsMaterial {
  std::string cert_chain;
  std::string private_key;
  std::string client_ca;  // empty without a client CA file
};

// The flags TlsFiles came from, as errors name them: cordon-server's own
// by default; the etcd client's (--etcd_cert_file...) for the store.
struct TlsFlagNames {
  const char* cert = "tls_cert";
  const char* key = "tls_key";
  const char* ca = "tls_client_ca";
};

// Reads `files` and checks what gRPC would only find at the first handshake:
// each file parses as PEM, the key belongs to the first certificate of the
// chain, the CA file holds at least one certificate. The certificate and
// key may both be left out (a client that shows none), the CA file too.
// FAILED_PRECONDITION naming the flag and file at fault otherwise; the
// message never quotes the key.
absl::StatusOr<TlsMaterial> ReadTlsMaterial(
    const TlsFiles& files, const TlsFlagNames& flags = TlsFlagNames());

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_TLS_MATERIAL_H_
