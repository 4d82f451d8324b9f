#include "cordon/client/channel.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace cordon::client {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& what,
                                     const std::string& path) {
  std::ifstream in(path);
  if (!in.is_open()) {
    return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  }
  std::stringstream content;
  content << in.rdbuf();
  if (content.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", path, " is empty"));
  }
  return content.str();
}

absl::StatusOr<grpc::SslCredentialsOptions> TlsOptions(
    const ChannelOptions& options) {
  grpc::SslCredentialsOptions ssl;
  if (options.client_cert_file.empty() != options.client_key_file.empty()) {
    return absl::InvalidArgumentError(
        "mutual TLS needs both a client certificate and its key");
  }
  if (!options.ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadFile("CA file", options.ca_file);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
  }
  if (!options.client_cert_file.empty()) {
    absl::StatusOr<std::string> cert =
        ReadFile("client certificate", options.client_cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key =
        ReadFile("client key", options.client_key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return ssl;
}

}  // namespace

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  absl::StatusOr<std::string> key = ReadFile("API key file", path);
  if (!key.ok()) return key.status();
  std::string trimmed(absl::StripAsciiWhitespace(*key));
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("API key file ", path, " holds no key"));
  }
  return trimmed;
}

bool IsLoopbackAddress(const std::string& address) {
  return absl::StartsWith(address, "127.") ||
         absl::StartsWith(address, "localhost:") ||
         absl::StartsWith(address, "[::1]:") ||
         absl::StartsWith(address, "unix:");
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ChannelOptions& options) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError("no server address (host:port)");
  }
  grpc::ChannelArguments args;
  if (options.plaintext) {
    if (!options.ca_file.empty() || !options.client_cert_file.empty()) {
      return absl::InvalidArgumentError(
          "plaintext contradicts a CA file or a client certificate");
    }
    if (!IsLoopbackAddress(options.address) && !options.allow_insecure_remote) {
      return absl::InvalidArgumentError(absl::StrCat(
          "plaintext to ", options.address,
          " would send the API key unencrypted; use TLS (a CA file) or a "
          "loopback address"));
    }
    return grpc::CreateCustomChannel(options.address,
                                     grpc::InsecureChannelCredentials(), args);
  }
  absl::StatusOr<grpc::SslCredentialsOptions> ssl = TlsOptions(options);
  if (!ssl.ok()) return ssl.status();
  if (!options.tls_server_name.empty()) {
    args.SetSslTargetNameOverride(options.tls_server_name);
  }
  return grpc::CreateCustomChannel(options.address, grpc::SslCredentials(*ssl),
                                   args);
}

}  // namespace cordon::client
