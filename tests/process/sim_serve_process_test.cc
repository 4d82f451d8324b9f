// Runs the real cordon-sim binary with --serve as a child process: it prints
// its port and CA file, the real Graph adapter revokes a user's sessions
// over HTTPS with a client secret (ISO-3), and SIGTERM stops it with exit 0.
// Bad flags exit 2 naming the flag. Every wait is bounded.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

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

#ifndef CORDON_SIM_BIN
#error "CORDON_SIM_BIN must name the cordon-sim binary"
#endif

namespace cordon {
namespace {

using Steady = std::chrono::steady_clock;
constexpr auto kWait = std::chrono::seconds(20);
constexpr char kTenant[] = "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b";
constexpr char kClientId[] = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";

// cordon-sim with stdout and stderr on one pipe; killed if still running.
class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> args) {
    args.insert(args.begin(), CORDON_SIM_BIN);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(fds[1], STDOUT_FILENO);
      ::dup2(fds[1], STDERR_FILENO);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~SimProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  // The output up to and including the first line matching `pattern`, or
  // nullopt when the output ends or kWait passes first.
  std::optional<std::string> WaitForLine(const std::regex& pattern) {
    const auto deadline = Steady::now() + kWait;
    std::string line;
    while (Steady::now() < deadline) {
      pollfd fd{out_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - Steady::now());
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
      char c;
      if (::read(out_, &c, 1) != 1) return std::nullopt;
      if (c != '\n') {
        line.push_back(c);
        continue;
      }
      output_ += line + "\n";
      if (std::regex_search(line, pattern)) return line;
      line.clear();
    }
    return std::nullopt;
  }
  // The exit status, or nullopt when it does not exit within kWait.
  std::optional<int> WaitForExit() {
    const auto deadline = Steady::now() + kWait;
    while (Steady::now() < deadline) {
      int status = 0;
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exited_ = true;
        return status;
      }
      pollfd none{-1, 0, 0};
      ::poll(&none, 0, 10);  // bounded wait for the child, not a test sleep
    }
    return std::nullopt;
  }
  void Signal(int signal_number) { ::kill(pid_, signal_number); }
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool exited_ = false;
  std::string output_;
};

// The real adapter revokes megan's sessions with the client secret; the
// world (read through /_sim/) shows them ended (ISO-3).
void RevokeAndCheck(const std::string& base, const std::string& ca_file);

TEST(SimServeProcess, Iso3RevokeOverHttpsThenSigtermExitsZero) {
  testing::TempDir directory;
  const std::string secret_file = directory.path() + "/secret";
  std::ofstream(secret_file) << "process-secret\n";
  const std::string ca_file = directory.path() + "/ca.pem";
  SimProcess sim({"--serve=127.0.0.1:0",
                  "--world=" + std::string(CORDON_SERVED_WORLD), "--seed=3",
                  "--client_secret_file=" + secret_file,
                  "--cert_out=" + ca_file});
  std::smatch match;
  const std::optional<std::string> line =
      sim.WaitForLine(std::regex("serving port=(\\d+) ca_file=(\\S+)"));
  ASSERT_TRUE(line.has_value()) << sim.output();
  ASSERT_TRUE(std::regex_search(*line, match,
                                std::regex("port=(\\d+) ca_file=(\\S+)")));
  const std::string base = "https://127.0.0.1:" + match[1].str();
  EXPECT_EQ(match[2].str(), ca_file);

  RevokeAndCheck(base, ca_file);
  // The client is gone: no kept-alive connection holds a server thread.
  sim.Signal(SIGTERM);
  const std::optional<int> status = sim.WaitForExit();
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

TEST(SimServeProcess, BadFlagsExitTwoNamingTheFlag) {
  SimProcess bad_address({"--serve=127.0.0.1:http", "--world=x"});
  EXPECT_TRUE(bad_address.WaitForLine(std::regex("--serve:")).has_value())
      << bad_address.output();
  std::optional<int> status = bad_address.WaitForExit();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);

  SimProcess no_world({"--serve=127.0.0.1:0", "--world=/nonexistent/world"});
  EXPECT_TRUE(no_world.WaitForLine(std::regex("--world")).has_value())
      << no_world.output();
  status = no_world.WaitForExit();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
}

}  // namespace
}  // namespace cordon
