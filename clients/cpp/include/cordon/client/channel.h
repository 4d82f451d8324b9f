#ifndef CORDON_CLIENT_CHANNEL_H_
#define CORDON_CLIENT_CHANNEL_H_

// How the SDK reaches cordon-server: TLS checked against a CA file (or the
// system roots), mutual TLS with a client certificate, or plaintext, which
// is only allowed to a loopback address because the API key travels in
// every call's metadata.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace cordon::client {

struct ChannelOptions {
  // host:port, e.g. "cordon.example.net:443" or "127.0.0.1:50051".
  std::string address;
  // No TLS. Refused unless `address` is loopback (127.0.0.0/8, [::1],
  // localhost) or allow_insecure_remote is set.
  bool plaintext = false;
  bool allow_insecure_remote = false;
  // PEM file of the CA that signed the server's certificate; empty uses
  // the system's roots.
  std::string ca_file;
  // Mutual TLS: the client's PEM certificate chain and private key (both
  // or neither).
  std::string client_cert_file;
  std::string client_key_file;
  // Overrides the name the server's certificate is checked against.
  std::string tls_server_name;
};

// Whether `address` (host:port) names this machine.
bool IsLoopbackAddress(const std::string& address);

// The API key in `path` (surrounding whitespace dropped). NOT_FOUND or
// INVALID_ARGUMENT naming the path, never the content.
absl::StatusOr<std::string> ReadKeyFile(const std::string& path);

// A channel as `options` say. INVALID_ARGUMENT for contradictory options,
// NOT_FOUND for a file that cannot be read (the path is named, never its
// contents).
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ChannelOptions& options);

}  // namespace cordon::client

#endif  // CORDON_CLIENT_CHANNEL_H_
