// cordon-server: contains compromised Microsoft 365 identities and escalates
// to partner admins. See README.md.

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/adapters/graph/rest_graph_setup.h"
#include "server/adapters/openssl_entropy.h"
#include "server/adapters/seeded_random.h"
#include "server/adapters/spool_mailer.h"
#include "server/adapters/unconfigured_graph.h"
#include "server/adapters/unconfigured_psa.h"
#include "server/api/server.h"
#include "server/core/log.h"
#include "server/engine/engine.h"
#include "server/ports/clock.h"
#include "server/store/rocks/rocks_database.h"
#include "server/version.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "host:port to serve gRPC on");
ABSL_FLAG(std::string, data_dir, "./cordon-data",
          "directory of the RocksDB database (created if missing)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain; with --tls_key, serve TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for --tls_cert");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long in-flight calls may take to finish on SIGTERM/SIGINT");
ABSL_FLAG(std::string, graph_client_id, "",
          "application (client) id of the Entra app Cordon uses in every "
          "customer tenant; without it Microsoft Graph is not configured");
ABSL_FLAG(std::string, graph_client_secret_file, "",
          "file holding the app's client secret (mode 0600)");
ABSL_FLAG(std::string, graph_client_cert_file, "",
          "PEM certificate of the app's certificate credential");
ABSL_FLAG(std::string, graph_client_key_file, "",
          "PEM RSA private key of --graph_client_cert_file (mode 0600)");
ABSL_FLAG(std::string, graph_base_url,
          std::string(cordon::adapters::graph::kDefaultGraphBaseUrl),
          "Microsoft Graph root");
ABSL_FLAG(std::string, login_base_url,
          std::string(cordon::adapters::graph::kDefaultLoginBaseUrl),
          "Microsoft identity platform root (token endpoint)");
ABSL_FLAG(std::string, graph_ca_file, "",
          "PEM certificates to trust for Graph and login instead of the "
          "system's (tests, the simulator)");
ABSL_FLAG(absl::Duration, graph_timeout, absl::Seconds(30),
          "total time one Graph or token call may take");
ABSL_FLAG(absl::Duration, inventory_interval, absl::Minutes(30),
          "how often each bound tenant's users are read (ISO-12); 0 = never");

namespace {

using cordon::core::LogLine;

int Fail(const std::string& message) {
  LogLine("FATAL", message);
  return 1;
}

// Writes the token to a new file readable by the owner only. Refuses to
// overwrite: an existing file means a previous start wrote a token that is
// still the valid one, or the operator put something there.
absl::Status WriteSecretFile(const std::string& path,
                             const std::string& token) {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", tmp, ": ", std::strerror(errno)));
  }
  std::string content = token + "\n";
  bool ok = ::write(fd, content.data(), content.size()) ==
                static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// The RocksDB database in `data_dir`, created if missing.
absl::StatusOr<std::unique_ptr<cordon::store::RocksDatabase>> OpenDataDir(
    const std::string& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create --data_dir ", data_dir, ": ", error.message()));
  }
  return cordon::store::RocksDatabase::Open(data_dir);
}

// On the first start, a SOC_ANALYST key written to <data_dir>/bootstrap.key:
// its path; "" when an earlier start made it.
absl::StatusOr<std::string> WriteBootstrapKeyOnce(
    cordon::engine::Engine& engine, const std::string& data_dir) {
  const std::string key_path =
      (std::filesystem::path(data_dir) / "bootstrap.key").string();
  absl::StatusOr<bool> bootstrapped =
      engine.api_keys().CreateBootstrapKeyOnce([&](const std::string& token) {
        return WriteSecretFile(key_path, token);
      });
  if (!bootstrapped.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create the bootstrap key: ", bootstrapped.status().message()));
  }
  return *bootstrapped ? key_path : "";
}

// The flags, checked.
struct Settings {
  std::string listen;
  std::string data_dir;
  absl::Duration grace;
};

// INVALID_ARGUMENT with the message to fail with when a flag is wrong.
absl::StatusOr<Settings> ReadSettings() {
  Settings settings{absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_data_dir),
                    absl::GetFlag(FLAGS_shutdown_grace)};
  const std::string& listen = settings.listen;
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535 ||
      listen.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen=", listen,
                     " is not host:port with a port from 0 to 65535, "
                     "e.g. 127.0.0.1:50051"));
  }
  if (settings.data_dir.empty()) {
    return absl::InvalidArgumentError("--data_dir must not be empty");
  }
  if (settings.grace < absl::ZeroDuration() ||
      settings.grace > absl::Hours(1)) {
    return absl::InvalidArgumentError(
        "--shutdown_grace must be between 0s and 1h");
  }
  // Shorter than a minute would spend a tenant's Graph budget on reading
  // users that rarely change.
  const absl::Duration inventory = absl::GetFlag(FLAGS_inventory_interval);
  if (inventory != absl::ZeroDuration() &&
      (inventory < absl::Minutes(1) || inventory > absl::Hours(24 * 7))) {
    return absl::InvalidArgumentError(
        "--inventory_interval must be 0 (off) or between 1m and 168h");
  }
  return settings;
}

// Signals are taken by sigwait (WaitForShutdownSignal), never by a handler,
// so no gRPC or RocksDB thread is interrupted mid-call. Called before any
// thread starts so every thread inherits the mask.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// The outbox worker's jitter seed: fresh entropy each run.
uint64_t JitterSeed(cordon::adapters::OpenSslEntropy& entropy) {
  uint64_t seed = 0;
  for (char byte : entropy.Bytes(8)) {
    seed = (seed << 8) | static_cast<unsigned char>(byte);
  }
  return seed;
}

void LogServing(const Settings& settings,
                const cordon::api::ServerOptions& options, int port) {
  const std::string& listen = settings.listen;
  LogLine("INFO", absl::StrCat(
                      "version ", cordon::kVersion, " serving on ",
                      listen.substr(0, listen.rfind(':')), ":", port,
                      options.tls_cert_file.empty() ? " (plaintext)" : " (TLS)",
                      ", data dir ", settings.data_dir));
}

// What the operator needs to know of the adapters once the worker runs.
// `key_path` is where a first start wrote the bootstrap key, else empty.
void LogWorld(uint64_t seed, const std::string& graph,
              const std::string& mail_spool, const std::string& key_path) {
  LogLine("INFO", absl::StrCat("outbox worker started (jitter seed ", seed,
                               "); ", graph));
  LogLine("INFO", absl::StrCat("PSA adapter: not configured, ticket "
                               "deliveries will fail visibly; e-mail is not "
                               "sent but written to ",
                               mail_spool, "/*.eml"));
  if (!key_path.empty()) {
    LogLine("INFO", absl::StrCat("first start: a SOC_ANALYST API key was "
                                 "written to ",
                                 key_path, " (mode 0600)"));
  }
}

// The REST adapter the --graph_* flags describe; nullptr when none is given.
absl::StatusOr<std::unique_ptr<cordon::adapters::graph::RestGraphSetup>>
GraphFromFlags(const cordon::ports::Clock& clock,
               cordon::ports::Entropy& entropy) {
  cordon::adapters::graph::RestGraphSettings settings;
  settings.client_id = absl::GetFlag(FLAGS_graph_client_id);
  settings.client_secret_file = absl::GetFlag(FLAGS_graph_client_secret_file);
  settings.client_cert_file = absl::GetFlag(FLAGS_graph_client_cert_file);
  settings.client_key_file = absl::GetFlag(FLAGS_graph_client_key_file);
  settings.graph_base_url = absl::GetFlag(FLAGS_graph_base_url);
  settings.login_base_url = absl::GetFlag(FLAGS_login_base_url);
  settings.ca_file = absl::GetFlag(FLAGS_graph_ca_file);
  settings.timeout = absl::GetFlag(FLAGS_graph_timeout);
  if (!cordon::adapters::graph::HasGraphSettings(settings)) return nullptr;
  return cordon::adapters::graph::RestGraphSetup::Create(settings, clock,
                                                         entropy);
}

std::string DescribeGraph(
    const cordon::adapters::graph::RestGraphSetup* rest_graph) {
  if (rest_graph == nullptr) {
    return "Microsoft Graph adapter: not configured (no --graph_client_id), "
           "isolation actions will fail visibly";
  }
  return absl::StrCat("Microsoft Graph adapter: ", rest_graph->description());
}

void WaitForShutdownSignal(const sigset_t& signals, absl::Duration grace) {
  int received = 0;
  sigwait(&signals, &received);
  LogLine("INFO", absl::StrCat("received ", strsignal(received),
                               ", shutting down (grace ",
                               absl::FormatDuration(grace), ")"));
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "cordon-server [--listen=127.0.0.1:50051] [--data_dir=./cordon-data] "
      "[--tls_cert=cert.pem --tls_key=key.pem] [--shutdown_grace=10s] "
      "[--graph_client_id=ID (--graph_client_secret_file=F | "
      "--graph_client_cert_file=C --graph_client_key_file=K)]");
  absl::ParseCommandLine(argc, argv);
  const absl::StatusOr<Settings> settings = ReadSettings();
  if (!settings.ok()) return Fail(std::string(settings.status().message()));
  const std::string& data_dir = settings->data_dir;

  const sigset_t signals = BlockShutdownSignals();
  cordon::ports::SystemClock clock;
  cordon::adapters::OpenSslEntropy entropy;
  // Before the data dir: a bad Graph flag or file touches nothing.
  auto rest_graph = GraphFromFlags(clock, entropy);
  if (!rest_graph.ok()) return Fail(std::string(rest_graph.status().message()));
  auto db = OpenDataDir(data_dir);
  if (!db.ok()) return Fail(std::string(db.status().message()));

  const uint64_t seed = JitterSeed(entropy);
  cordon::adapters::SeededRandom random(seed);
  cordon::adapters::UnconfiguredGraph unconfigured_graph;
  cordon::ports::Graph& graph =
      *rest_graph != nullptr ? (*rest_graph)->graph() : unconfigured_graph;
  cordon::adapters::UnconfiguredPsa psa;
  // No SMTP adapter yet: what would be mailed is written to files instead.
  const std::string mail_spool =
      (std::filesystem::path(data_dir) / "mail-spool").string();
  auto mailer = cordon::adapters::SpoolMailer::Create(mail_spool, &clock);
  if (!mailer.ok()) return Fail(std::string(mailer.status().message()));
  cordon::engine::EngineOptions engine_options;
  engine_options.inventory_interval = absl::GetFlag(FLAGS_inventory_interval);
  cordon::engine::Engine engine(
      db->get(), {&clock, &entropy, &graph, &random, &psa, mailer->get()},
      engine_options);

  const absl::StatusOr<std::string> key_path =
      WriteBootstrapKeyOnce(engine, data_dir);
  if (!key_path.ok()) return Fail(std::string(key_path.status().message()));

  cordon::api::ServerOptions options;
  options.listen = settings->listen;
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  auto server = cordon::api::Server::Start(&engine, options);
  if (!server.ok()) return Fail(std::string(server.status().message()));

  LogServing(*settings, options, (*server)->port());
  // Resumes every action a previous run left pending (ISO-11).
  engine.worker().Start();
  LogWorld(seed, DescribeGraph(rest_graph->get()), mail_spool, *key_path);

  WaitForShutdownSignal(signals, settings->grace);
  (*server)->Shutdown(settings->grace);
  engine.worker().Stop();
  server->reset();
  db->reset();
  LogLine("INFO", "stopped cleanly");
  return 0;
}
