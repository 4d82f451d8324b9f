// cordon-server --metrics_listen (issue 14, "Observability"): the real
// binary serves GET /metrics over plain HTTP on its own port; a scrape after
// real gRPC calls counts them by method and code, carries the process' and
// RocksDB's figures, and passes `promtool check metrics` (Prometheus' own
// parser and linter, Debian package prometheus).
//
// Every wait is bounded (kMetricsWait); the children die with the test.

#include <httplib.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cordon/v1/account.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/process/child_process.h"

#ifndef CORDON_SERVER_BIN
#error "CORDON_SERVER_BIN must name the cordon-server binary"
#endif
#ifndef CORDON_PROMTOOL
#error "CORDON_PROMTOOL must name promtool (Debian package prometheus)"
#endif

namespace cordon {
namespace metrics_process_test {

using process_testing::ChildProcess;
using process_testing::Steady;
using ::testing::HasSubstr;

constexpr std::chrono::seconds kMetricsWait(20);

class MetricsProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cordon-metrics-XXXXXX")
            .string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  // Starts cordon-server with metrics on a free port; fills the ports.
  void StartServer() {
    server_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        CORDON_SERVER_BIN, "--listen=127.0.0.1:0",
        "--data_dir=" + root_ + "/data", "--metrics_listen=127.0.0.1:0"});
    const Steady::time_point deadline = Steady::now() + kMetricsWait;
    auto metrics = server_->WaitForLine(
        std::regex(
            R"(metrics on 127\.0\.0\.1:(\d+) \(GET /metrics, plain HTTP\))"),
        deadline);
    ASSERT_TRUE(metrics.has_value()) << server_->output();
    metrics_port_ = std::stoi((*metrics)[1]);
    auto serving = server_->WaitForLine(
        std::regex(R"(.* serving on 127\.0\.0\.1:(\d+) .*)"), deadline);
    ASSERT_TRUE(serving.has_value()) << server_->output();
    grpc_port_ = std::stoi((*serving)[1]);
  }

  std::string BootstrapToken() const {
    std::ifstream in(root_ + "/data/bootstrap.key");
    std::string token;
    std::getline(in, token);
    return token;
  }

  grpc::Status ListAccounts(const std::string& token) const {
    auto stub = v1::AccountService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_port_),
                            grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kMetricsWait);
    context.AddMetadata("authorization", "Bearer " + token);
    v1::ListAccountsResponse response;
    return stub->ListAccounts(&context, v1::ListAccountsRequest(), &response);
  }

  // GET `path` on the metrics port: status (0 when no answer) and body.
  std::pair<int, std::string> Get(const std::string& path,
                                  std::string* content_type = nullptr) const {
    httplib::Client client("127.0.0.1", metrics_port_);
    client.set_connection_timeout(kMetricsWait);
    client.set_read_timeout(kMetricsWait);
    httplib::Result result = client.Get(path);
    if (!result) return {0, ""};
    if (content_type != nullptr) {
      *content_type = result->get_header_value("Content-Type");
    }
    return {result->status, result->body};
  }

  // `promtool check metrics` on `scrape`: its exit status and its words.
  std::pair<std::optional<int>, std::string> Promtool(
      const std::string& scrape) const {
    const std::string file = root_ + "/scrape.txt";
    std::ofstream(file) << scrape;
    ChildProcess promtool(
        {"/bin/sh", "-c",
         std::string(CORDON_PROMTOOL) + " check metrics < '" + file + "'"});
    std::optional<int> status =
        promtool.WaitForExit(Steady::now() + kMetricsWait);
    return {status, promtool.output()};
  }

  std::string root_;
  std::unique_ptr<ChildProcess> server_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
};

// The value of the sample line that starts with `series` ("name{labels}"),
// or -1 when there is none.
double SampleValue(const std::string& scrape, const std::string& series) {
  std::istringstream lines(scrape);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return -1;
}

TEST_F(MetricsProcessTest, AScrapeCountsTheCallsMadeAndPassesPromtool) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const std::string token = BootstrapToken();
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(ListAccounts(token).ok());
  EXPECT_EQ(ListAccounts(token + "x").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ListAccounts("").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  std::string content_type;
  const auto [status, scrape] = Get("/metrics", &content_type);
  ASSERT_EQ(status, 200) << server_->output();
  EXPECT_EQ(content_type, "text/plain; version=0.0.4; charset=utf-8");
  const std::string list =
      "grpc_service=\"cordon.v1.AccountService\","
      "grpc_method=\"ListAccounts\"";
  EXPECT_EQ(SampleValue(scrape, "grpc_server_handled_total{" + list +
                                    ",grpc_code=\"OK\"}"),
            1)
      << scrape;
  EXPECT_EQ(SampleValue(scrape, "grpc_server_handled_total{" + list +
                                    ",grpc_code=\"UNAUTHENTICATED\"}"),
            2);
  EXPECT_EQ(
      SampleValue(scrape, "grpc_server_handling_seconds_count{" + list + "}"),
      3);
  EXPECT_GT(SampleValue(scrape, "process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(SampleValue(scrape, "process_open_fds"), 3);
  EXPECT_GT(SampleValue(scrape, "cordon_process_threads"), 1);
  EXPECT_GE(
      SampleValue(scrape, "cordon_rocksdb_live_sst_bytes{family=\"meta\"}"), 0);
  EXPECT_GT(SampleValue(scrape, "cordon_rocksdb_wal_bytes"), 0)
      << "the bootstrap key's write is in the WAL";
  EXPECT_EQ(SampleValue(scrape, "cordon_storage_refusing_writes"), 0);
  // Issue 14: every escalation type and severity, 0 on a new store.
  const std::string overdue_logins =
      "cordon_escalations_open{type=\"LOGIN_UNEXPECTED_COUNTRY\","
      "severity=\"LOW\",overdue=\"true\"}";
  EXPECT_EQ(SampleValue(scrape, overdue_logins), 0);

  const auto [promtool_status, promtool_output] = Promtool(scrape);
  ASSERT_TRUE(promtool_status.has_value()) << "promtool did not finish";
  EXPECT_TRUE(WIFEXITED(*promtool_status) && WEXITSTATUS(*promtool_status) == 0)
      << promtool_output << "\n"
      << scrape;

  EXPECT_EQ(Get("/").first, 404) << "only /metrics is served";
  server_->Signal(SIGTERM);
  const std::optional<int> exit =
      server_->WaitForExit(Steady::now() + kMetricsWait);
  ASSERT_TRUE(exit.has_value());
  EXPECT_TRUE(WIFEXITED(*exit) && WEXITSTATUS(*exit) == 0) << server_->output();
  EXPECT_THAT(server_->output(), HasSubstr("stopped cleanly"));
}

}  // namespace metrics_process_test
}  // namespace cordon
