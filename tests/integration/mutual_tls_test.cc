// Issue 14, "Security for operators": the gRPC port with --tls_cert,
// --tls_key and --tls_client_ca (mutual TLS), and the reload SIGHUP asks
// for (api::Server::ReloadTls; main.cc's signal is in the process test).
// Real TLS over loopback with throwaway certificates made at test time.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/event.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "server/api/server.h"
#include "server/core/resource_name.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/support/api_client.h"
#include "tests/support/raise_escalation.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace mutual_tls_test {

using testing::CertificateFiles;
using ::testing::HasSubstr;

std::string ReadPem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// What a client presents: the server CA it trusts and, for mutual TLS, its
// own certificate and key.
struct ClientTls {
  std::string trusted_server_cert;
  const CertificateFiles* client = nullptr;
};

class MutualTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    client_ca_ = Make("client_ca");
    other_ca_ = Make("other_ca");
    first_server_ = Make("server1");
    client_ = Issue("client", client_ca_);
    stranger_ = Issue("stranger", other_ca_);
    live_ = {dir_.path() + "/live_cert.pem", dir_.path() + "/live_key.pem"};
    Install(first_server_);
  }

  CertificateFiles Make(const std::string& name) {
    absl::StatusOr<CertificateFiles> made =
        testing::WriteNamedSelfSignedCertificate(dir_.path(), name);
    EXPECT_TRUE(made.ok()) << made.status();
    return made.value_or(CertificateFiles{});
  }
  CertificateFiles Issue(const std::string& name,
                         const CertificateFiles& issuer) {
    absl::StatusOr<CertificateFiles> made =
        testing::WriteIssuedCertificate(dir_.path(), name, issuer);
    EXPECT_TRUE(made.ok()) << made.status();
    return made.value_or(CertificateFiles{});
  }
  // Puts `files` where the server reads its certificate and key, the way an
  // operator replaces them before SIGHUP.
  void Install(const CertificateFiles& files) {
    const absl::Status replaced =
        testing::ReplaceCertificateFiles(files, live_);
    EXPECT_TRUE(replaced.ok()) << replaced;
  }

  absl::Status Start(const std::string& client_ca_file) {
    api::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.tls_cert_file = live_.certificate_path;
    options.tls_key_file = live_.private_key_path;
    options.tls_client_ca_file = client_ca_file;
    absl::StatusOr<std::unique_ptr<api::Server>> started =
        api::Server::Start(&server_.engine(), options);
    if (!started.ok()) return started.status();
    tls_server_ = *std::move(started);
    return absl::OkStatus();
  }

  // A channel of its own (a local subchannel pool): a new TLS connection,
  // never one another channel of the test opened.
  std::shared_ptr<grpc::Channel> Channel(const ClientTls& tls) const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadPem(tls.trusted_server_cert);
    if (tls.client != nullptr) {
      ssl.pem_cert_chain = ReadPem(tls.client->certificate_path);
      ssl.pem_private_key = ReadPem(tls.client->private_key_path);
    }
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(
        "127.0.0.1:" + std::to_string(tls_server_->port()),
        grpc::SslCredentials(ssl), args);
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    if (!token.empty()) {
      context->AddMetadata("authorization", "Bearer " + token);
    }
    return context;
  }

  grpc::Status ListAccounts(const std::shared_ptr<grpc::Channel>& channel,
                            bool with_key = true) const {
    auto stub = v1::AccountService::NewStub(channel);
    v1::ListAccountsResponse response;
    return stub->ListAccounts(
        Context(with_key ? server_.bootstrap_token() : "").get(),
        v1::ListAccountsRequest(), &response);
  }
  grpc::Status ListAccounts(const ClientTls& tls) const {
    return ListAccounts(Channel(tls));
  }

  testing::TempDir dir_;
  testing::TestServer server_;
  CertificateFiles client_ca_, other_ca_, first_server_, client_, stranger_;
  CertificateFiles live_;  // the files the TLS server is started with
  std::unique_ptr<api::Server> tls_server_;
};

TEST_F(MutualTlsTest, ACertificateSignedByTheClientCaGetsIn) {
  ASSERT_TRUE(Start(client_ca_.certificate_path).ok());
  const grpc::Status status =
      ListAccounts({first_server_.certificate_path, &client_});
  EXPECT_TRUE(status.ok()) << status.error_code() << " "
                           << status.error_message();
}

TEST_F(MutualTlsTest, NoClientCertificateIsRefusedAtTheHandshake) {
  ASSERT_TRUE(Start(client_ca_.certificate_path).ok());
  const grpc::Status status = ListAccounts({first_server_.certificate_path});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

TEST_F(MutualTlsTest, ACertificateOfAnotherCaIsRefusedAtTheHandshake) {
  ASSERT_TRUE(Start(client_ca_.certificate_path).ok());
  const grpc::Status status =
      ListAccounts({first_server_.certificate_path, &stranger_});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

// The certificate says which client it is, not what it may do: the API key
// is still required on top.
TEST_F(MutualTlsTest, AGoodCertificateWithoutAnApiKeyIsUnauthenticated) {
  ASSERT_TRUE(Start(client_ca_.certificate_path).ok());
  const grpc::Status status =
      ListAccounts(Channel({first_server_.certificate_path, &client_}),
                   /*with_key=*/false);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << status.error_message();
}

// Without --tls_client_ca nobody is asked for a certificate.
TEST_F(MutualTlsTest, WithoutAClientCaPlainTlsClientsGetIn) {
  ASSERT_TRUE(Start("").ok());
  const grpc::Status status = ListAccounts({first_server_.certificate_path});
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(MutualTlsTest, AClientCaWithoutTlsOrUnusableFilesRefuseToStart) {
  api::ServerOptions plaintext;
  plaintext.listen = "127.0.0.1:0";
  plaintext.tls_client_ca_file = client_ca_.certificate_path;
  absl::StatusOr<std::unique_ptr<api::Server>> started =
      api::Server::Start(&server_.engine(), plaintext);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.status().message(), HasSubstr("--tls_client_ca"));

  const absl::Status missing = Start(dir_.path() + "/no_such_ca.pem");
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(missing.message(), HasSubstr("--tls_client_ca="));
  // A key that is not the certificate's.
  std::filesystem::copy_file(other_ca_.private_key_path, live_.private_key_path,
                             std::filesystem::copy_options::overwrite_existing);
  const absl::Status mismatched = Start("");
  EXPECT_EQ(mismatched.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(mismatched.message(), HasSubstr("is not the key of --tls_cert"));
}

// SIGHUP's reload: a new connection sees the new certificate, a stream
// opened before it goes on and still receives what happens afterwards.
TEST_F(MutualTlsTest, ReloadServesNewConnectionsTheNewCertificate) {
  ASSERT_TRUE(Start(client_ca_.certificate_path).ok());
  const std::string account = testing::ApiClient(&server_).CreateAccount("A");
  const std::string org =
      testing::ApiClient(&server_).CreateOrganization(account, "Contoso");
  auto old_connection = Channel({first_server_.certificate_path, &client_});
  auto events = v1::EventService::NewStub(old_connection);
  auto stream_context = Context(server_.bootstrap_token());
  v1::WatchEventsRequest watch;
  watch.set_parent(account);
  auto stream = events->WatchEvents(stream_context.get(), watch);
  v1::Event bookmark;
  ASSERT_TRUE(stream->Read(&bookmark)) << "the stream did not open";

  const CertificateFiles second_server = Make("server2");
  Install(second_server);
  ASSERT_TRUE(tls_server_->ReloadTls().ok());

  EXPECT_TRUE(ListAccounts({second_server.certificate_path, &client_}).ok())
      << "a new connection must be served the new certificate";
  EXPECT_EQ(
      ListAccounts({first_server_.certificate_path, &client_}).error_code(),
      grpc::StatusCode::UNAVAILABLE)
      << "a new connection must no longer see the old certificate";
  EXPECT_TRUE(ListAccounts(old_connection).ok())
      << "the connection opened before the reload goes on";

  const core::OrganizationName parsed = *core::ParseOrganizationName(org);
  engine::EscalationOccurrence occurrence;
  occurrence.account = parsed.account;
  occurrence.organization = parsed.organization;
  occurrence.type = v1::LOGIN_UNEXPECTED_COUNTRY;
  occurrence.subject = "country:RU";
  occurrence.event.set_subject("country:RU");
  testing::RaiseEscalation(server_.database(), server_.engine(), occurrence);
  v1::Event opened;
  ASSERT_TRUE(stream->Read(&opened)) << "the open stream was dropped";
  EXPECT_EQ(opened.type(), v1::Event::ESCALATION_OPENED);
  stream_context->TryCancel();
  stream->Finish();
}

// The client CA is read again too: certificates it no longer signs stop
// getting in on new connections.
TEST_F(MutualTlsTest, ReloadReplacesTheClientCa) {
  const std::string ca_file = dir_.path() + "/live_ca.pem";
  std::filesystem::copy_file(client_ca_.certificate_path, ca_file);
  ASSERT_TRUE(Start(ca_file).ok());
  std::filesystem::copy_file(other_ca_.certificate_path, ca_file,
                             std::filesystem::copy_options::overwrite_existing);
  ASSERT_TRUE(tls_server_->ReloadTls().ok());
  EXPECT_EQ(
      ListAccounts({first_server_.certificate_path, &client_}).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(ListAccounts({first_server_.certificate_path, &stranger_}).ok());
}

// Files caught half replaced (a key that does not match the certificate)
// are refused and the previous certificate keeps serving.
TEST_F(MutualTlsTest, AFailedReloadKeepsThePreviousCertificate) {
  ASSERT_TRUE(Start(client_ca_.certificate_path).ok());
  const CertificateFiles second_server = Make("server2");
  std::filesystem::copy_file(second_server.certificate_path,
                             live_.certificate_path,
                             std::filesystem::copy_options::overwrite_existing);
  const absl::Status reloaded = tls_server_->ReloadTls();
  EXPECT_EQ(reloaded.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(reloaded.message(), HasSubstr("is not the key of --tls_cert"));
  EXPECT_TRUE(ListAccounts({first_server_.certificate_path, &client_}).ok());
}

TEST_F(MutualTlsTest, APlaintextServerHasNothingToReload) {
  api::ServerOptions plaintext;
  plaintext.listen = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<api::Server>> started =
      api::Server::Start(&server_.engine(), plaintext);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ((*started)->ReloadTls().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace mutual_tls_test
}  // namespace cordon
