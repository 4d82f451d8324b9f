// Runs the real cordon-sim binary with --serve and --smtp_listen: it prints
// the SMTP sink's port, the real SmtpMailer delivers to it over STARTTLS
// with AUTH (trusting the CA file cordon-sim writes), /_sim/smtp/messages
// lists the message, and SIGTERM still exits 0 (ESC-9's DELIVERED is a
// real 250). Every wait is bounded.

#include <signal.h>
#include <sys/stat.h>
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
#include "server/adapters/http/curl_http_client.h"
#include "server/adapters/mail/smtp_mailer.h"
#include "server/ports/clock.h"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"

namespace cordon {
namespace sim_serve_smtp_process_test {

using process_testing::ChildProcess;
using process_testing::Steady;

Steady::time_point Deadline() {
  return Steady::now() + std::chrono::seconds(20);
}

ports::MailOutcome SendOne(const std::string& smtp_port,
                           const std::string& ca_file) {
  adapters::mail::SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + smtp_port;
  options.user = "cordon-relay";
  options.password = "relay-pw";
  options.from = "Cordon <cordon@msp.example>";
  options.ca_file = ca_file;
  ports::SystemClock clock;
  adapters::mail::SmtpMailer mailer(options, &clock);
  ports::EmailMessage message;
  message.message_id = "accounts/3/escalations/5/round/0/ada@msp.example";
  message.to = "ada@msp.example";
  message.subject = "[Cordon] CRITICAL HOST_ISOLATION_ORG_WIDE";
  message.body = "Was this expected?\n";
  return mailer.Send(message);
}

TEST(SimServeSmtpProcess, Esc9MailerDeliversToTheSinkThenSigtermExitsZero) {
  testing::TempDir directory;
  const std::string secret_file = directory.path() + "/secret";
  std::ofstream(secret_file) << "process-secret\n";
  const std::string password_file = directory.path() + "/smtp-password";
  std::ofstream(password_file) << "relay-pw\n";
  chmod(password_file.c_str(), 0600);
  const std::string ca_file = directory.path() + "/ca.pem";
  ChildProcess sim({CORDON_SIM_BIN, "--serve=127.0.0.1:0",
                    "--world=" + std::string(CORDON_SERVED_WORLD),
                    "--client_secret_file=" + secret_file,
                    "--cert_out=" + ca_file, "--smtp_listen=127.0.0.1:0",
                    "--smtp_user=cordon-relay",
                    "--smtp_password_file=" + password_file});
  ASSERT_TRUE(sim.started());
  const auto serving = sim.WaitForLine(
      std::regex("serving port=(\\d+) .* smtp_port=(\\d+)"), Deadline());
  ASSERT_TRUE(serving.has_value()) << sim.output();

  const ports::MailOutcome outcome = SendOne((*serving)[2], ca_file);
  EXPECT_EQ(outcome.kind, ports::MailOutcome::Kind::kDelivered)
      << outcome.detail;
  adapters::http::CurlHttpClient::Options client_options;
  client_options.ca_file = ca_file;
  adapters::http::CurlHttpClient http(client_options);
  adapters::http::HttpRequest read;
  read.url =
      "https://127.0.0.1:" + std::string((*serving)[1]) + "/_sim/smtp/messages";
  const auto listed =
      nlohmann::json::parse(http.Send(read).body, nullptr, false);
  ASSERT_TRUE(listed.is_object());
  ASSERT_EQ(listed["messages"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["messages"][0]["recipients"][0], "ada@msp.example");

  sim.Signal(SIGTERM);
  const std::optional<int> status = sim.WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value()) << "no exit within the bound";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "wait status " << *status;
}

TEST(SimServeSmtpProcess, SmtpUserWithoutListenExitsTwo) {
  ChildProcess sim({CORDON_SIM_BIN, "--serve=127.0.0.1:0",
                    "--world=" + std::string(CORDON_SERVED_WORLD),
                    "--smtp_user=cordon-relay"});
  EXPECT_TRUE(
      sim.WaitForLine(std::regex("need --smtp_listen"), Deadline()).has_value())
      << sim.output();
  const std::optional<int> status = sim.WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
}

TEST(SimServeSmtpProcess, SmtpKeepOutOfRangeExitsTwoNamingTheFlag) {
  ChildProcess sim({CORDON_SIM_BIN, "--serve=127.0.0.1:0",
                    "--world=" + std::string(CORDON_SERVED_WORLD),
                    "--smtp_listen=127.0.0.1:0", "--smtp_keep=0"});
  EXPECT_TRUE(
      sim.WaitForLine(std::regex("--smtp_keep: 0 is not in"), Deadline())
          .has_value())
      << sim.output();
  const std::optional<int> status = sim.WaitForExit(Deadline());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
}

}  // namespace sim_serve_smtp_process_test
}  // namespace cordon
