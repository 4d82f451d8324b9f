#ifndef CORDON_SERVER_API_RELOADABLE_TLS_H_
#define CORDON_SERVER_API_RELOADABLE_TLS_H_

#include <grpc/grpc_security.h>

#include <memory>
#include <mutex>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"
#include "server/api/tls_material.h"

namespace cordon::api {

// TLS credentials whose certificate, key and client CA can be replaced while
// the server runs (SIGHUP). gRPC 1.51's C++ API has no provider that reloads
// on demand (FileWatcherCertificateProvider only polls), so this uses the C
// API's certificate config fetcher: gRPC asks it for news before every new
// handshake. A reload therefore reaches each new connection and leaves the
// open ones, and the calls on them, alone. gRPC's SSL credentials accept
// TLS 1.2 and 1.3 only. With a client CA, every client must present a
// certificate it signed (GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_
// AND_VERIFY); the API key is still required on top.
class ReloadableTls {
 public:
  // Reads and checks `files` (ReadTlsMaterial).
  static absl::StatusOr<std::unique_ptr<ReloadableTls>> Load(TlsFiles files);
  ReloadableTls(const ReloadableTls&) = delete;
  ReloadableTls& operator=(const ReloadableTls&) = delete;

  // Reads the files again. OK: the next handshake uses them. An error (a
  // file unreadable, half written, a key that is not the certificate's)
  // keeps the previous ones serving.
  absl::Status Reload();

  // For one listening port; this object must outlive the server using it.
  std::shared_ptr<grpc::ServerCredentials> credentials() const {
    return credentials_;
  }
  bool requires_client_certificate() const {
    return !files_.client_ca_file.empty();
  }

 private:
  ReloadableTls(TlsFiles files, TlsMaterial material);

  // gRPC's fetcher callback; `self` is this.
  static grpc_ssl_certificate_config_reload_status Fetch(
      void* self, grpc_ssl_server_certificate_config** config);
  // NEW with the material read since the last fetch, else UNCHANGED.
  grpc_ssl_certificate_config_reload_status TakePending(
      grpc_ssl_server_certificate_config** config);

  const TlsFiles files_;
  std::mutex mutex_;
  // Read but not yet handed to gRPC; guarded by mutex_.
  std::optional<TlsMaterial> pending_;
  std::shared_ptr<grpc::ServerCredentials> credentials_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_RELOADABLE_TLS_H_
