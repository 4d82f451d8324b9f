#include "server/api/reloadable_tls.h"

#include <grpc/grpc.h>

#include <string>
#include <utility>

#include "server/core/check.h"

namespace cordon::api {
namespace {

// grpc::ServerCredentials over C-core server credentials: what gRPC's own
// SecureServerCredentials does, which is not installed. A subclass only has
// to bind a port with them.
class FetcherServerCredentials final : public grpc::ServerCredentials {
 public:
  explicit FetcherServerCredentials(grpc_server_credentials* credentials)
      : credentials_(credentials) {}
  ~FetcherServerCredentials() override {
    grpc_server_credentials_release(credentials_);
  }

  // Cordon authenticates every call in CallRunner (an AuthMetadataProcessor
  // does not run on plaintext ports), so nothing sets one.
  void SetAuthMetadataProcessor(
      const std::shared_ptr<grpc::AuthMetadataProcessor>&) override {
    CORDON_CHECK(false, "Cordon's TLS credentials take no metadata processor");
  }

 private:
  int AddPortToServer(const std::string& address,
                      grpc_server* server) override {
    return grpc_server_add_http2_port(server, address.c_str(), credentials_);
  }

  grpc_server_credentials* const credentials_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ReloadableTls>> ReloadableTls::Load(
    TlsFiles files) {
  absl::StatusOr<TlsMaterial> material = ReadTlsMaterial(files);
  if (!material.ok()) return material.status();
  return std::unique_ptr<ReloadableTls>(
      new ReloadableTls(std::move(files), *std::move(material)));
}

ReloadableTls::ReloadableTls(TlsFiles files, TlsMaterial material)
    : files_(std::move(files)), pending_(std::move(material)) {
  // gRPC fetches once when the port is bound (pending_ holds the first
  // material then) and before each handshake after.
  grpc_ssl_server_credentials_options* options =
      grpc_ssl_server_credentials_create_options_using_config_fetcher(
          requires_client_certificate()
              ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
              : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE,
          &ReloadableTls::Fetch, this);
  credentials_ = std::make_shared<FetcherServerCredentials>(
      grpc_ssl_server_credentials_create_with_options(options));
}

absl::Status ReloadableTls::Reload() {
  absl::StatusOr<TlsMaterial> material = ReadTlsMaterial(files_);
  if (!material.ok()) return material.status();
  std::lock_guard<std::mutex> lock(mutex_);
  pending_ = *std::move(material);
  return absl::OkStatus();
}

grpc_ssl_certificate_config_reload_status ReloadableTls::Fetch(
    void* self, grpc_ssl_server_certificate_config** config) {
  return static_cast<ReloadableTls*>(self)->TakePending(config);
}

grpc_ssl_certificate_config_reload_status ReloadableTls::TakePending(
    grpc_ssl_server_certificate_config** config) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!pending_.has_value())
    return GRPC_SSL_CERTIFICATE_CONFIG_RELOAD_UNCHANGED;
  const grpc_ssl_pem_key_cert_pair pair = {pending_->private_key.c_str(),
                                           pending_->cert_chain.c_str()};
  // gRPC 1.51 asserts that a fetched config has client roots even when it
  // asks clients for no certificate; without a client CA the server's own
  // chain stands in, never used (no certificate is requested to check).
  const std::string& roots =
      pending_->client_ca.empty() ? pending_->cert_chain : pending_->client_ca;
  // gRPC copies the strings and owns the config it is given.
  *config = grpc_ssl_server_certificate_config_create(roots.c_str(), &pair, 1);
  pending_.reset();
  return *config == nullptr ? GRPC_SSL_CERTIFICATE_CONFIG_RELOAD_FAIL
                            : GRPC_SSL_CERTIFICATE_CONFIG_RELOAD_NEW;
}

}  // namespace cordon::api
