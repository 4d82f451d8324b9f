// cordon-agent: Cordon's reference on-prem agent (ISO-15; docs/agent.md).
// Runs on (or next to) a customer's AD server, connects out to Cordon with
// its organization's agent key, reports its version and host, and applies
// the disable/enable commands it receives to the directory: LDAP (Active
// Directory's userAccountControl bit 0x2) or, for tests and trials, a JSON
// file. Reconnects with exponential backoff and jitter; remembers the
// commands it applied in a state file, so a restart applies none twice.

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cordon/client/channel.h"
#include "server/command_line.h"
#include "tools/cordon-agent/agent_session.h"
#include "tools/cordon-agent/file_directory.h"
#include "tools/cordon-agent/ldap_directory.h"
#include "tools/cordon-agent/log.h"
#include "tools/cordon-agent/options.h"

ABSL_FLAG(std::string, server, "", "Cordon's gRPC address, host:port");
ABSL_FLAG(std::string, key_file, "",
          "file (mode 0600) holding the organization's agent key");
ABSL_FLAG(std::string, ca_file, "",
          "PEM CA certificate of Cordon's TLS port; without it the agent "
          "speaks plaintext, which only a loopback --server may use");
ABSL_FLAG(std::string, client_cert, "",
          "PEM certificate the agent presents to a Cordon that requires "
          "client certificates (--tls_client_ca); with --client_key");
ABSL_FLAG(std::string, client_key, "", "PEM private key of --client_cert");
ABSL_FLAG(std::string, state_file, "cordon-agent.state",
          "where the agent remembers the commands it applied");
ABSL_FLAG(std::string, directory_file, "",
          "JSON file {\"upn\": userAccountControl} used instead of LDAP "
          "(tests, trials)");
ABSL_FLAG(std::string, ldap_uri, "",
          "ldaps://dc.example.local, or ldap://127.0.0.1:PORT on loopback");
ABSL_FLAG(std::string, ldap_bind_dn, "", "the account the agent binds as");
ABSL_FLAG(std::string, ldap_password_file, "",
          "file (mode 0600) holding the bind password");
ABSL_FLAG(std::string, ldap_base_dn, "", "where accounts are searched");
ABSL_FLAG(std::string, ldap_ca_file, "", "PEM CA of the LDAPS server");
ABSL_FLAG(std::string, host, "", "host name to report (default: hostname)");
ABSL_FLAG(std::string, report_version, "",
          "report this version instead of the agent's own (tests of ISO-9)");
ABSL_FLAG(bool, test_exit_before_ack, false,
          "tests only: exit after applying a command, before acknowledging it");
ABSL_FLAG(double, initial_backoff_seconds, 1.0,
          "first reconnect delay; doubles up to --max_backoff_seconds");
ABSL_FLAG(double, max_backoff_seconds, 60.0, "longest reconnect delay");

namespace cordon::agent {
namespace {

constexpr char kAgentVersion[] = "0.15.0";

std::atomic<bool> stopping{false};
std::atomic<AgentSession*> running_session{nullptr};

void OnSignal(int) { stopping.store(true); }

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

std::unique_ptr<Directory> MakeDirectory(std::string* error) {
  if (!absl::GetFlag(FLAGS_directory_file).empty()) {
    return std::make_unique<FileDirectory>(absl::GetFlag(FLAGS_directory_file));
  }
  LdapOptions ldap;
  ldap.uri = absl::GetFlag(FLAGS_ldap_uri);
  ldap.bind_dn = absl::GetFlag(FLAGS_ldap_bind_dn);
  ldap.base_dn = absl::GetFlag(FLAGS_ldap_base_dn);
  ldap.ca_file = absl::GetFlag(FLAGS_ldap_ca_file);
  if (ldap.uri.empty() || ldap.base_dn.empty()) {
    *error = "give --directory_file, or --ldap_uri and --ldap_base_dn";
    return nullptr;
  }
  if (!absl::StartsWith(ldap.uri, "ldaps://") && !IsLoopbackUri(ldap.uri)) {
    *error = "--ldap_uri must be ldaps:// unless it is on loopback";
    return nullptr;
  }
  if (!absl::GetFlag(FLAGS_ldap_password_file).empty() &&
      !ReadSecretFile(absl::GetFlag(FLAGS_ldap_password_file),
                      "--ldap_password_file", &ldap.password, error)) {
    return nullptr;
  }
  return std::make_unique<LdapDirectory>(std::move(ldap));
}

std::shared_ptr<grpc::Channel> MakeChannel(std::string* error) {
  client::ChannelOptions options;
  options.address = absl::GetFlag(FLAGS_server);
  options.ca_file = absl::GetFlag(FLAGS_ca_file);
  options.client_cert_file = absl::GetFlag(FLAGS_client_cert);
  options.client_key_file = absl::GetFlag(FLAGS_client_key);
  if (options.address.empty()) {
    *error = "--server is required";
    return nullptr;
  }
  // The agent trusts only the CA it is given, never the system's roots.
  if (options.ca_file.empty()) {
    if (!options.client_cert_file.empty() || !options.client_key_file.empty()) {
      *error = "--client_cert and --client_key need TLS: give --ca_file";
      return nullptr;
    }
    if (!IsLoopbackAddress(options.address)) {
      *error = "--ca_file is required unless --server is on loopback";
      return nullptr;
    }
    options.plaintext = true;
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      client::MakeChannel(options);
  if (!channel.ok()) {
    *error = std::string(channel.status().message());
    return nullptr;
  }
  return *std::move(channel);
}

// Reconnects until a signal: backoff doubles from the initial delay up to
// the maximum, with jitter (a fleet of agents after a Cordon restart does
// not come back in one wave), and starts over after a good connection.
void RunForever(const std::shared_ptr<grpc::Channel>& channel,
                const SessionOptions& options, Directory* directory,
                CommandJournal* journal) {
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  const double initial = absl::GetFlag(FLAGS_initial_backoff_seconds);
  const double maximum = absl::GetFlag(FLAGS_max_backoff_seconds);
  double backoff = initial;
  while (!stopping.load()) {
    AgentSession session(channel, options, directory, journal);
    std::atomic<bool> connected{false};
    running_session.store(&session);
    std::thread watcher([&] {
      while (running_session.load() == &session && !stopping.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      session.Cancel();
    });
    const grpc::Status status = session.Run(&connected);
    running_session.store(nullptr);
    watcher.join();
    if (stopping.load()) break;
    if (connected.load()) backoff = initial;
    const double delay = backoff * jitter(random);
    Log("stream ended (", status.error_message(), "); reconnecting in ", delay,
        " s");
    for (double waited = 0; waited < delay && !stopping.load(); waited += 0.1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    backoff = std::min(maximum, backoff * 2);
  }
}

int Main() {
  std::string error;
  SessionOptions options;
  if (!ReadSecretFile(absl::GetFlag(FLAGS_key_file), "--key_file", &options.key,
                      &error)) {
    Log(error);
    return 2;
  }
  options.version = absl::GetFlag(FLAGS_report_version).empty()
                        ? kAgentVersion
                        : absl::GetFlag(FLAGS_report_version);
  options.exit_before_ack = absl::GetFlag(FLAGS_test_exit_before_ack);
  options.host = absl::GetFlag(FLAGS_host).empty() ? HostName()
                                                   : absl::GetFlag(FLAGS_host);
  std::shared_ptr<grpc::Channel> channel = MakeChannel(&error);
  std::unique_ptr<Directory> directory =
      channel == nullptr ? nullptr : MakeDirectory(&error);
  if (directory == nullptr) {
    Log(error);
    return 2;
  }
  CommandJournal journal(absl::GetFlag(FLAGS_state_file));
  if (!journal.Load()) {
    Log("cannot read --state_file ", absl::GetFlag(FLAGS_state_file));
    return 2;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  Log("starting: agent ", kAgentVersion, ", server ",
      absl::GetFlag(FLAGS_server));
  RunForever(channel, options, directory.get(), &journal);
  Log("stopped");
  return 0;
}

}  // namespace
}  // namespace cordon::agent

int main(int argc, char** argv) {
  // The agent reports kAgentVersion to the server (ISO-9); --version names
  // both it and the build.
  cordon::ParseCommandLine(
      argc, argv,
      "Cordon's on-prem agent: cordon-agent --server=HOST:PORT "
      "--key_file=FILE (--ldap_uri=URI ... | --directory_file=FILE)",
      absl::StrCat(" (reports agent version ", cordon::agent::kAgentVersion,
                   ")"));
  return cordon::agent::Main();
}
