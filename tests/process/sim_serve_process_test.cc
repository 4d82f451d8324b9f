// Runs the real cordon-sim binary with --serve as a child process: it prints
// its port and CA file, the real Graph adapter revokes a user's sessions
// over HTTPS with a client secret (ISO-3), and SIGTERM stops it with exit 0.
// Bad flags exit 2 naming the flag. Every wait is bounded.

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/graph/client_credential.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "server/adapters/graph/rest_graph.h"
#include "server/adapters/http/curl_http_client.h"
#include "server/core/isolation/graph_error.h"
#include "server/ports/clock.h"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"

#ifndef CORDON_SIM_BIN
#error "CORDON_SIM_BIN must name the cordon-sim binary"
#endif

namespace cordon {
namespace sim_serve_process_test {

using process_testing::ChildProcess;
using process_testing::Steady;
constexpr auto kWait = std::chrono::seconds(20);
constexpr char kTenant[] = "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b";
constexpr char kClientId[] = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";

// cordon-sim with `args`.
std::unique_ptr<ChildProcess> StartSim(std::vector<std::string> args) {
  args.insert(args.begin(), CORDON_SIM_BIN);
  return std::make_unique<ChildProcess>(std::move(args));
}

Steady::time_point Deadline() { return Steady::now() + kWait; }

// The real adapter revokes megan's sessions with the client secret; the
// world (read through /_sim/) shows them ended (ISO-3).
void RevokeAndCheck(const std::string& base, const std::string& ca_file);

TEST(SimServeProcess, Iso3RevokeOverHttpsThenSigtermExitsZero) {
  testing::TempDir directory;
  const std::string secret_file = directory.path() + "/secret";
  std::ofstream(secret_file) << "process-secret\n";
  const std::string ca_file = directory.path() + "/ca.pem";
  const auto sim = StartSim({"--serve=127.0.0.1:0",
                             "--world=" + std::string(CORDON_SERVED_WORLD),
                             "--seed=3", "--client_secret_file=" + secret_file,
                             "--cert_out=" + ca_file});
  ASSERT_TRUE(sim->started());
  const auto serving = sim->WaitForLine(
      std::regex("serving port=(\\d+) ca_file=(\\S+)"), Deadline());
  ASSERT_TRUE(serving.has_value()) << sim->output();
  const std::string base = "https://127.0.0.1:" + (*serving)[1];
  EXPECT_EQ((*serving)[2], ca_file);

  RevokeAndCheck(base, ca_file);
  // The client is gone: no kept-alive connection holds a server thread.
  sim->Signal(SIGTERM);
  const std::optional<int> status = sim->WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value()) << "no exit within the bound";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "wait status " << *status;
}

void RevokeAndCheck(const std::string& base, const std::string& ca_file) {
  adapters::http::CurlHttpClient::Options client_options;
  client_options.ca_file = ca_file;
  adapters::http::CurlHttpClient http(client_options);
  ports::SystemClock clock;
  adapters::graph::OAuthTokenSource::Options token_options;
  token_options.endpoint.client_id = kClientId;
  token_options.endpoint.login_base_url = base;
  adapters::graph::OAuthTokenSource tokens(
      token_options,
      std::make_unique<adapters::graph::ClientSecretCredential>(
          "process-secret"),
      http, clock);
  adapters::graph::RestGraphOptions graph_options;
  graph_options.base_url = base + "/v1.0";
  adapters::graph::RestGraph graph(&http, &tokens, &clock, graph_options);
  const core::GraphCallOutcome outcome =
      graph.RevokeSignInSessions({kTenant, "megan@contoso.com"});
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess)
      << outcome.http_status << " " << outcome.aadsts_code;

  adapters::http::HttpRequest read;
  read.url = base + "/_sim/users/" + kTenant + "/megan@contoso.com";
  const auto state =
      nlohmann::json::parse(http.Send(read).body, nullptr, false);
  ASSERT_TRUE(state.is_object());
  EXPECT_EQ(state["sessions"], 0);  // the world file opened two
}

constexpr size_t kOneMiB = 1 << 20;

TEST(SimServeProcess, BadFlagsExitTwoNamingTheFlag) {
  const auto bad_address = StartSim({"--serve=127.0.0.1:http", "--world=x"});
  EXPECT_TRUE(
      bad_address->WaitForLine(std::regex("--serve:"), Deadline()).has_value())
      << bad_address->output();
  std::optional<int> status = bad_address->WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);

  const auto no_world =
      StartSim({"--serve=127.0.0.1:0", "--world=/nonexistent/world"});
  EXPECT_TRUE(
      no_world->WaitForLine(std::regex("--world"), Deadline()).has_value())
      << no_world->output();
  status = no_world->WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);

  const auto no_threads = StartSim(
      {"--serve=127.0.0.1:0", "--world=" + std::string(CORDON_SERVED_WORLD),
       "--serve_threads=0"});
  EXPECT_TRUE(no_threads->WaitForLine(std::regex("--serve_threads"), Deadline())
                  .has_value())
      << no_threads->output();
  status = no_threads->WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
}

// Files are read whole, so each has a bound: 1 MiB for a secret or a
// certificate (256 MiB for a world), and a larger one is named as such.
TEST(SimServeProcess, OversizedSecretFileExitsTwoSayingSo) {
  testing::TempDir directory;
  const std::string path = directory.path() + "/big-secret";
  std::ofstream(path) << std::string(kOneMiB + 1, 's');
  const auto big = StartSim({"--serve=127.0.0.1:0",
                             "--world=" + std::string(CORDON_SERVED_WORLD),
                             "--client_secret_file=" + path});
  EXPECT_TRUE(big->WaitForLine(std::regex("--client_secret_file: .* is "
                                          "larger than 1048576 bytes"),
                               Deadline())
                  .has_value())
      << big->output();
  const std::optional<int> status = big->WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
}

}  // namespace sim_serve_process_test
}  // namespace cordon
