// Issue 14, "Security for operators", on the real cordon-server binary:
// mutual TLS from the command line (--tls_cert, --tls_key, --tls_client_ca),
// TLS 1.2 as the oldest version spoken (openssl s_client offering only TLS
// 1.1 is refused), and SIGHUP reloading the certificate while a stream
// opened before it carries on. Every wait is bounded.

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/event.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"

#ifndef CORDON_SERVER_BIN
#error "CORDON_SERVER_BIN must name the cordon-server binary"
#endif

namespace cordon {
namespace tls_process_test {

using process_testing::ChildProcess;
using process_testing::Steady;
using testing::CertificateFiles;

constexpr std::chrono::seconds kWait(20);

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kWait);
  context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

class TlsProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    client_ca_ = Make("client_ca");
    first_ = Make("server1");
    absl::StatusOr<CertificateFiles> client =
        testing::WriteIssuedCertificate(dir_.path(), "client", client_ca_);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *client;
    Install(first_);
    server_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        CORDON_SERVER_BIN, "--listen=127.0.0.1:0",
        "--data_dir=" + dir_.path() + "/data", "--tls_cert=" + Live("cert"),
        "--tls_key=" + Live("key"),
        "--tls_client_ca=" + client_ca_.certificate_path});
    const auto serving = server_->WaitForLine(
        std::regex(R"(.* serving on 127\.0\.0\.1:(\d+) \(TLS\).*)"),
        Steady::now() + kWait);
    ASSERT_TRUE(serving.has_value()) << server_->output();
    port_ = std::stoi((*serving)[1]);
    token_ = ReadAll(dir_.path() + "/data/bootstrap.key");
    while (!token_.empty() && token_.back() == '\n') token_.pop_back();
  }

  CertificateFiles Make(const std::string& name) {
    absl::StatusOr<CertificateFiles> made =
        testing::WriteNamedSelfSignedCertificate(dir_.path(), name);
    EXPECT_TRUE(made.ok()) << made.status();
    return made.value_or(CertificateFiles{});
  }
  std::string Live(const std::string& what) const {
    return dir_.path() + "/live_" + what + ".pem";
  }
  // Replaces the server's files, as an operator does before SIGHUP.
  void Install(const CertificateFiles& files) {
    const absl::Status replaced =
        testing::ReplaceCertificateFiles(files, {Live("cert"), Live("key")});
    EXPECT_TRUE(replaced.ok()) << replaced;
  }

  // A new connection (its own subchannel pool) trusting `server_cert`,
  // presenting the client certificate.
  std::shared_ptr<grpc::Channel> Channel(const std::string& server_cert) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadAll(server_cert);
    ssl.pem_cert_chain = ReadAll(client_.certificate_path);
    ssl.pem_private_key = ReadAll(client_.private_key_path);
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port_),
                                     grpc::SslCredentials(ssl), args);
  }

  // openssl s_client offering only `version` (-tls1_1, -tls1_2) with the
  // client certificate; SECLEVEL=0 so that OpenSSL 3's client itself would
  // speak TLS 1.1 and only the server can refuse it. Exit status 0 means
  // the handshake completed.
  int Handshake(const std::string& version) {
    const std::string command =
        "openssl s_client -connect 127.0.0.1:" + std::to_string(port_) + " " +
        version + " -cipher DEFAULT@SECLEVEL=0 -alpn h2 -CAfile " +
        first_.certificate_path + " -cert " + client_.certificate_path +
        " -key " + client_.private_key_path + " </dev/null >" + dir_.path() +
        "/s_client.log 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  testing::TempDir dir_;
  CertificateFiles client_ca_, first_, client_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
  std::string token_;
};

TEST_F(TlsProcessTest, MutualTlsFromTheFlagsAndNothingOlderThanTls12) {
  auto accounts = v1::AccountService::NewStub(Channel(first_.certificate_path));
  v1::ListAccountsResponse listed;
  const grpc::Status status = accounts->ListAccounts(
      Context(token_).get(), v1::ListAccountsRequest(), &listed);
  EXPECT_TRUE(status.ok()) << status.error_message() << server_->output();
  EXPECT_TRUE(server_
                  ->WaitForLine(std::regex(".*mutual TLS: clients must present "
                                           "a certificate signed by.*"),
                                Steady::now() + kWait)
                  .has_value())
      << server_->output();

  EXPECT_EQ(Handshake("-tls1_2"), 0)
      << "the same s_client call over TLS 1.2 must get in:\n"
      << ReadAll(dir_.path() + "/s_client.log");
  EXPECT_NE(Handshake("-tls1_1"), 0) << "TLS 1.1 must be refused:\n"
                                     << ReadAll(dir_.path() + "/s_client.log");
}

// SIGHUP: a new connection is served the replaced certificate; a WatchEvents
// stream opened before it still receives what happens afterwards.
TEST_F(TlsProcessTest, SighupReloadsTheCertificateAndOpenStreamsGoOn) {
  auto before = Channel(first_.certificate_path);
  v1::AccountChange created;
  v1::CreateAccountRequest create;
  create.mutable_account()->set_display_name("MSP");
  ASSERT_TRUE(v1::AccountService::NewStub(before)
                  ->CreateAccount(Context(token_).get(), create, &created)
                  .ok());
  const v1::Account& account = created.account();
  v1::CreateOrganizationRequest create_org;
  create_org.set_parent(account.name());
  create_org.mutable_organization()->set_display_name("Contoso");
  v1::Organization org;
  ASSERT_TRUE(v1::OrganizationService::NewStub(before)
                  ->CreateOrganization(Context(token_).get(), create_org, &org)
                  .ok());
  auto stream_context = Context(token_);
  v1::WatchEventsRequest watch;
  watch.set_parent(account.name());
  auto stream = v1::EventService::NewStub(before)->WatchEvents(
      stream_context.get(), watch);
  v1::Event bookmark;
  ASSERT_TRUE(stream->Read(&bookmark)) << server_->output();

  const CertificateFiles second = Make("server2");
  Install(second);
  server_->Signal(SIGHUP);
  ASSERT_TRUE(server_
                  ->WaitForLine(std::regex(".*SIGHUP: TLS certificate, key "
                                           "and client CA reloaded.*"),
                                Steady::now() + kWait)
                  .has_value())
      << server_->output();

  v1::CreateEscalationRequest raise;
  raise.set_parent(account.name());
  raise.mutable_escalation()->set_type(v1::LOGIN_UNEXPECTED_COUNTRY);
  raise.mutable_escalation()->set_organization(org.name());
  raise.mutable_escalation()->set_subject("country:RU");
  raise.mutable_escalation()->set_question("Is RU expected?");
  v1::Escalation escalation;
  const grpc::Status raised =
      v1::EscalationService::NewStub(Channel(second.certificate_path))
          ->CreateEscalation(Context(token_).get(), raise, &escalation);
  EXPECT_TRUE(raised.ok()) << "a new connection must see the new "
                              "certificate: "
                           << raised.error_message();
  v1::ListAccountsResponse listed;
  EXPECT_EQ(v1::AccountService::NewStub(Channel(first_.certificate_path))
                ->ListAccounts(Context(token_).get(), v1::ListAccountsRequest(),
                               &listed)
                .error_code(),
            grpc::StatusCode::UNAVAILABLE)
      << "a new connection must no longer see the old certificate";

  v1::Event opened;
  ASSERT_TRUE(stream->Read(&opened)) << "the open stream was dropped";
  EXPECT_EQ(opened.type(), v1::Event::ESCALATION_OPENED);
  stream_context->TryCancel();
  stream->Finish();
  stream.reset();
  before.reset();

  // A reload that cannot be used (the key of another certificate) is
  // refused, said in the log, and the server goes on with what it had.
  std::filesystem::copy_file(first_.private_key_path, Live("key"),
                             std::filesystem::copy_options::overwrite_existing);
  server_->Signal(SIGHUP);
  ASSERT_TRUE(server_
                  ->WaitForLine(std::regex(".*SIGHUP: TLS not reloaded, still "
                                           "serving the previous.*"),
                                Steady::now() + kWait)
                  .has_value())
      << server_->output();
  EXPECT_TRUE(v1::AccountService::NewStub(Channel(second.certificate_path))
                  ->ListAccounts(Context(token_).get(),
                                 v1::ListAccountsRequest(), &listed)
                  .ok());
  // The server still stops cleanly with the fetcher-backed credentials.
  server_->Signal(SIGTERM);
  const std::optional<int> exit = server_->WaitForExit(Steady::now() + kWait);
  ASSERT_TRUE(exit.has_value());
  EXPECT_TRUE(WIFEXITED(*exit) && WEXITSTATUS(*exit) == 0) << server_->output();
}

}  // namespace tls_process_test
}  // namespace cordon
