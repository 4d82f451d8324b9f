// Channel set-up (channel.h): TLS checked against a CA file and mutual TLS
// against a fake served with a throwaway certificate; option mistakes are
// refused with a precise status that never carries a file's content.
#include "cordon/client/channel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clients/cpp/tests/fake_server.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"

namespace cordon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

class Echo final : public v1::IdentityService::Service {
  grpc::Status GetIdentity(grpc::ServerContext*,
                           const v1::GetIdentityRequest* request,
                           v1::Identity* response) override {
    response->set_name(request->name());
    return grpc::Status::OK;
  }
};

ChannelOptions At(const std::string& address) {
  ChannelOptions options;
  options.address = address;
  return options;
}

class ChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        cordon::testing::WriteSelfSignedCertificate(directory_.path() + "");
    ASSERT_TRUE(server.ok()) << server.status();
    server_files_ = *server;
    std::filesystem::create_directory(directory_.path() + "/client");
    auto client = cordon::testing::WriteSelfSignedCertificate(
        directory_.path() + "/client");
    ASSERT_TRUE(client.ok()) << client.status();
    client_files_ = *client;
  }
  // A server with the server certificate; with `require_client` it accepts
  // only clients holding the client certificate.
  std::unique_ptr<testing::FakeServer> Serve(bool require_client) {
    grpc::SslServerCredentialsOptions ssl(
        require_client
            ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
            : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    ssl.pem_key_cert_pairs.push_back({Read(server_files_.private_key_path),
                                      Read(server_files_.certificate_path)});
    if (require_client)
      ssl.pem_root_certs = Read(client_files_.certificate_path);
    return std::make_unique<testing::FakeServer>(
        std::vector<grpc::Service*>{&echo_}, grpc::SslServerCredentials(ssl));
  }
  absl::Status Get(const ChannelOptions& options) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        MakeChannel(options);
    if (!channel.ok()) return channel.status();
    ClientOptions client_options;
    client_options.default_deadline = absl::Seconds(5);
    client_options.retry.max_attempts = 1;
    Client client(*channel, client_options);
    v1::GetIdentityRequest request;
    request.set_name("x");
    return client.Call(&v1::IdentityService::Stub::GetIdentity, request)
        .status();
  }

  cordon::testing::TempDir directory_;
  cordon::testing::CertificateFiles server_files_;
  cordon::testing::CertificateFiles client_files_;
  Echo echo_;
};

TEST_F(ChannelTest, TlsTrustsTheCaFileOnly) {
  auto server = Serve(false);
  ChannelOptions options = At(absl::StrCat("127.0.0.1:", server->port()));
  options.ca_file = server_files_.certificate_path;
  EXPECT_TRUE(Get(options).ok());
  options.ca_file = client_files_.certificate_path;  // not the server's CA
  EXPECT_TRUE(absl::IsUnavailable(Get(options)));
}

TEST_F(ChannelTest, MutualTlsNeedsTheClientCertificate) {
  auto server = Serve(true);
  ChannelOptions options = At(absl::StrCat("127.0.0.1:", server->port()));
  options.ca_file = server_files_.certificate_path;
  EXPECT_TRUE(absl::IsUnavailable(Get(options)));
  options.client_cert_file = client_files_.certificate_path;
  options.client_key_file = client_files_.private_key_path;
  EXPECT_TRUE(Get(options).ok());
}

TEST_F(ChannelTest, RefusesContradictoryOptionsWithoutLeakingFiles) {
  ChannelOptions remote = At("cordon.example.net:443");
  remote.plaintext = true;
  EXPECT_TRUE(absl::IsInvalidArgument(MakeChannel(remote).status()));
  remote.allow_insecure_remote = true;
  EXPECT_TRUE(MakeChannel(remote).ok());
  ChannelOptions loopback = At("[::1]:1");
  loopback.plaintext = true;
  EXPECT_TRUE(MakeChannel(loopback).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(MakeChannel(At("")).status()));

  ChannelOptions half = At("127.0.0.1:1");
  half.client_cert_file = client_files_.certificate_path;
  EXPECT_TRUE(absl::IsInvalidArgument(MakeChannel(half).status()));
  ChannelOptions missing = At("127.0.0.1:1");
  missing.ca_file = "/nonexistent/ca.pem";
  absl::Status status = MakeChannel(missing).status();
  EXPECT_TRUE(absl::IsNotFound(status));
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/ca.pem"));
  // A key file given where a CA belongs: refused, its content never shown.
  ChannelOptions plain_with_ca = At("127.0.0.1:1");
  plain_with_ca.plaintext = true;
  plain_with_ca.ca_file = server_files_.private_key_path;
  status = MakeChannel(plain_with_ca).status();
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), Not(HasSubstr("PRIVATE KEY")));
}

TEST_F(ChannelTest, ReadsKeyFilesTrimmed) {
  const std::string path = directory_.path() + "/key";
  std::ofstream(path) << "  secret-key-value\n";
  EXPECT_EQ(ReadKeyFile(path).value_or(""), "secret-key-value");
  std::ofstream(path) << "\n";
  absl::Status empty = ReadKeyFile(path).status();
  EXPECT_TRUE(absl::IsInvalidArgument(empty));
  EXPECT_TRUE(absl::IsNotFound(ReadKeyFile(path + ".missing").status()));
}

}  // namespace
}  // namespace cordon::client
