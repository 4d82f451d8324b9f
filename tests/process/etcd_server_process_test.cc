// Issue 15: cordon-server with --store=etcd keeps its state in the etcd
// cluster, not in --data_dir: a server started on a new, empty data dir
// (with the same secrets key file and the operator's bootstrap key) serves
// what the first one wrote. A real one-member etcd and the real binary,
// each wait bounded.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/v1/account.grpc.pb.h"
#include "gtest/gtest.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {
namespace etcd_server_process_test {

constexpr auto kStopBound = std::chrono::seconds(20);

class EtcdServerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = EtcdCluster::Start(dir_.path() + "/etcd", 1);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
  }

  std::vector<std::string> Flags() const {
    return {"--store=etcd",
            "--etcd_endpoints=" + absl::StrJoin(cluster_->endpoints(), ","),
            "--secrets_key_file=" + dir_.path() + "/secrets.key"};
  }

  testing::TempDir dir_;
  std::unique_ptr<EtcdCluster> cluster_;
};

TEST_F(EtcdServerProcessTest, Issue15StateLivesInTheClusterNotTheDataDir) {
  const std::string first_dir = dir_.path() + "/first";
  CordonServer first(first_dir, Flags());
  ASSERT_EQ(first.Start(), "");
  CordonApi api(first.port(), first.key());
  const std::string account = api.CreateAccount();
  ASSERT_NE(account, "") << api.error() << first.log();
  const std::optional<int> stopped = first.Stop(Steady::now() + kStopBound);
  ASSERT_TRUE(stopped.has_value() && WIFEXITED(*stopped) &&
              WEXITSTATUS(*stopped) == 0)
      << first.log();

  // A new data dir: only the operator's bootstrap key goes with it.
  const std::string second_dir = dir_.path() + "/second";
  std::filesystem::create_directory(second_dir);
  std::filesystem::copy_file(first_dir + "/bootstrap.key",
                             second_dir + "/bootstrap.key");
  std::filesystem::remove_all(first_dir);
  CordonServer second(second_dir, Flags());
  ASSERT_EQ(second.Start(), "");

  auto stub = v1::AccountService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", second.port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + second.key());
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::GetAccountRequest request;
  request.set_name(account);
  v1::Account read;
  const grpc::Status status = stub->GetAccount(&context, request, &read);
  ASSERT_TRUE(status.ok()) << status.error_message() << second.log();
  EXPECT_EQ(read.name(), account);
  EXPECT_EQ(read.display_name(), "Contoso MSP");
}

// A flag that cannot work is refused before anything starts, naming it.
TEST_F(EtcdServerProcessTest, Issue15BadStoreFlagsNameTheFlag) {
  struct Case {
    std::vector<std::string> flags;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"--store=postgres"}, "--store"},
      {{"--store=etcd"}, "--etcd_endpoints"},
      {{"--store=etcd", "--etcd_endpoints=127.0.0.1"}, "--etcd_endpoints"},
      {{"--store=etcd", "--etcd_endpoints=127.0.0.1:2379",
        "--backup_dir=" + dir_.path() + "/backups"},
       "--backup_dir"},
      {{"--etcd_endpoints=127.0.0.1:2379"}, "--etcd_endpoints needs"},
      {{"--store=etcd", "--etcd_endpoints=127.0.0.1:2379",
        "--leader_lease_ttl=1"},
       "--leader_lease_ttl"},
      {{"--store=etcd", "--etcd_endpoints=127.0.0.1:2379",
        "--etcd_cert_file=c.pem"},
       "--etcd_cert_file"},
      {{"--store=etcd", "--etcd_endpoints=127.0.0.1:2379",
        "--etcd_ca_file=" + dir_.path() + "/missing.pem"},
       "--etcd_ca_file"}};
  for (const Case& bad : cases) {
    std::vector<std::string> args = {CORDON_SERVER_BIN, "--listen=127.0.0.1:0",
                                     "--data_dir=" + dir_.path() + "/bad"};
    args.insert(args.end(), bad.flags.begin(), bad.flags.end());
    ChildProcess server(args);
    const std::optional<int> status =
        server.WaitForExit(Steady::now() + kStopBound);
    ASSERT_TRUE(status.has_value()) << absl::StrJoin(bad.flags, " ");
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
    EXPECT_NE(server.output().find(bad.says), std::string::npos)
        << server.output();
  }
}

// TLS to the cluster, with a client certificate it requires: the server
// works with --etcd_ca_file, --etcd_cert_file and --etcd_key_file, and
// without its certificate it refuses to start, saying why.
TEST(EtcdTlsProcessTest, Issue15TheStoreSpeaksTlsWithAClientCertificate) {
  testing::TempDir dir;
  auto ca = testing::WriteNamedSelfSignedCertificate(dir.path(), "ca");
  ASSERT_TRUE(ca.ok()) << ca.status();
  auto member = testing::WriteIssuedCertificate(dir.path(), "etcd", *ca);
  auto client = testing::WriteIssuedCertificate(dir.path(), "cordon", *ca);
  ASSERT_TRUE(member.ok() && client.ok());
  auto cluster = EtcdCluster::Start(
      dir.path() + "/etcd", 1,
      EtcdServerTls{ca->certificate_path, member->certificate_path,
                    member->private_key_path});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  const std::vector<std::string> flags = {
      "--store=etcd",
      "--etcd_endpoints=" + absl::StrJoin((*cluster)->endpoints(), ","),
      "--secrets_key_file=" + dir.path() + "/secrets.key",
      "--etcd_ca_file=" + ca->certificate_path};

  std::vector<std::string> with_certificate = flags;
  with_certificate.push_back("--etcd_cert_file=" + client->certificate_path);
  with_certificate.push_back("--etcd_key_file=" + client->private_key_path);
  CordonServer server(dir.path() + "/data", with_certificate);
  ASSERT_EQ(server.Start(), "");
  CordonApi api(server.port(), server.key());
  EXPECT_NE(api.CreateAccount(), "") << api.error() << server.log();
  server.Stop(Steady::now() + kStopBound);

  std::vector<std::string> args = {CORDON_SERVER_BIN, "--listen=127.0.0.1:0",
                                   "--data_dir=" + dir.path() + "/other"};
  args.insert(args.end(), flags.begin(), flags.end());
  ChildProcess refused(args);
  const std::optional<int> status =
      refused.WaitForExit(Steady::now() + std::chrono::seconds(40));
  ASSERT_TRUE(status.has_value()) << refused.output();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  EXPECT_NE(refused.output().find("cannot use the etcd cluster"),
            std::string::npos)
      << refused.output();
  // With what gRPC said of the refused handshake, for the operator.
  EXPECT_NE(refused.output().find((*cluster)->endpoints()[0]),
            std::string::npos)
      << refused.output();
}

}  // namespace etcd_server_process_test
}  // namespace cordon::process_testing
