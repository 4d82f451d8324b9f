// cordon-server: contains compromised Microsoft 365 identities and escalates
// to partner admins. See README.md.

#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/adapters/getaddrinfo_resolver.h"
#include "server/adapters/graph/rest_graph_setup.h"
#include "server/adapters/logging/spdlog_sink.h"
#include "server/adapters/mail/mailer_setup.h"
#include "server/adapters/openssl_entropy.h"
#include "server/adapters/psa/rest_psa_setup.h"
#include "server/adapters/secret_file_writer.h"
#include "server/adapters/seeded_random.h"
#include "server/adapters/unconfigured_graph.h"
#include "server/api/grpc_log_bridge.h"
#include "server/api/server.h"
#include "server/command_line.h"
#include "server/core/errors.h"
#include "server/core/log.h"
#include "server/engine/engine.h"
#include "server/engine/tenancy/endpoint_policy.h"
#include "server/limit_flags.h"
#include "server/listen_address.h"
#include "server/mail_flags.h"
#include "server/metrics/registry.h"
#include "server/metrics_setup.h"
#include "server/ports/clock.h"
#include "server/secrets_setup.h"
#include "server/storage_flags.h"
#include "server/store/etcd/etcd_leadership.h"
#include "server/store/rocks/rocks_database.h"
#include "server/version.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "host:port to serve gRPC on");
ABSL_FLAG(std::string, data_dir, "./cordon-data",
          "directory of the RocksDB database (created if missing)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain; with --tls_key, serve TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA certificates; when set, every client must present a "
          "certificate signed by one of them (mutual TLS), API key still "
          "required. SIGHUP re-reads --tls_cert, --tls_key and this file");
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
ABSL_FLAG(std::string, psa_ca_file, "",
          "PEM certificates to trust for the accounts' PSAs instead of the "
          "system's (tests)");
ABSL_FLAG(absl::Duration, psa_timeout, absl::Seconds(30),
          "total time one PSA call may take");
ABSL_FLAG(absl::Duration, graph_timeout, absl::Seconds(30),
          "total time one Graph or token call may take");
ABSL_FLAG(absl::Duration, inventory_interval, absl::Minutes(30),
          "how often each bound tenant's users are read (ISO-12); 0 = never");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 7),
          "how long WatchEvents can replay events; older cursors answer "
          "OUT_OF_RANGE; 0 = keep every event");
ABSL_FLAG(absl::Duration, dedup_retention, absl::Hours(24 * 7),
          "how long a create's request_id and a telemetry event's id make a "
          "retry safe; older ones are forgotten; 0 = keep them for ever");
ABSL_FLAG(absl::Duration, event_bookmark_interval, absl::Seconds(30),
          "a WatchEvents stream sends a BOOKMARK after this much silence");
ABSL_FLAG(int, max_event_streams, 200,
          "WatchEvents streams open at once (each holds a server thread)");
ABSL_FLAG(int, max_event_streams_per_key, 10,
          "WatchEvents streams one API key may hold open at once");

namespace {

using cordon::core::Log;
using cordon::core::LogEvent;
using cordon::core::LogLevel;

int Fail(const std::string& message) {
  Log(LogEvent(LogLevel::kFatal, "start_failed").Message(message));
  return 1;
}

// `dir` (named by --`flag`), created owner-only (0700) if missing: the
// data dir and the backups hold key hashes and sealed secrets, the data dir
// the bootstrap key too. An existing directory keeps its mode.
absl::Status CreateOwnerOnlyDir(absl::string_view flag,
                                const std::string& dir) {
  std::error_code error;
  if (std::filesystem::create_directories(dir, error)) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
  }
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create --", flag, " ", dir, ": ", error.message()));
  }
  return absl::OkStatus();
}

// The store --store chose, and the RocksDB database when it is the one
// (for its metrics; null on etcd).
struct OpenedStore {
  std::unique_ptr<cordon::store::Database> db;
  const cordon::store::RocksDatabase* rocks = nullptr;
  const cordon::store::EtcdDatabase* etcd = nullptr;
};

// The store --store chose: the RocksDB database in `data_dir` (it and
// --backup_dir created if missing), or the etcd cluster. `data_dir` is
// created either way: the bootstrap key is written there.
absl::StatusOr<OpenedStore> OpenStore(const std::string& data_dir,
                                      const cordon::StorageSettings& storage) {
  CORDON_RETURN_IF_ERROR(CreateOwnerOnlyDir("data_dir", data_dir));
  OpenedStore opened;
  if (storage.backend == cordon::StorageSettings::Backend::kEtcd) {
    CORDON_ASSIGN_OR_RETURN(std::unique_ptr<cordon::store::EtcdDatabase> etcd,
                            cordon::store::EtcdDatabase::Open(storage.etcd));
    opened.etcd = etcd.get();
    opened.db = std::move(etcd);
    return opened;
  }
  if (!storage.backup_dir.empty()) {
    CORDON_RETURN_IF_ERROR(
        CreateOwnerOnlyDir("backup_dir", storage.backup_dir));
  }
  CORDON_ASSIGN_OR_RETURN(
      std::unique_ptr<cordon::store::RocksDatabase> rocks,
      cordon::store::RocksDatabase::Open(data_dir, storage.rocks));
  opened.rocks = rocks.get();
  opened.db = std::move(rocks);
  return opened;
}

// On the first start, a SOC_ANALYST key written to <data_dir>/bootstrap.key:
// its path; "" when an earlier start made it.
absl::StatusOr<std::string> WriteBootstrapKeyOnce(
    cordon::engine::Engine& engine, const std::string& data_dir) {
  const std::string key_path =
      (std::filesystem::path(data_dir) / "bootstrap.key").string();
  absl::StatusOr<bool> bootstrapped = engine.api_keys().CreateBootstrapKeyOnce(
      [&](const std::string& token) {
        return cordon::adapters::WriteSecretFile(key_path, token);
      },
      [&] {
        // Another replica's key stands: no file with a token that
        // never works.
        std::error_code ignored;
        std::filesystem::remove(key_path, ignored);
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
  // --metrics_listen; nullopt: no metrics endpoint.
  std::optional<cordon::ListenAddress> metrics_listen;
  std::string data_dir;
  absl::Duration grace;
  absl::Duration event_retention;
  absl::Duration dedup_retention;
  // The API's options: event streams and limits (limit_flags.h).
  cordon::api::ServerOptions api;
  // RocksDB's sizing (storage_flags.h).
  cordon::StorageSettings storage;
};

// A retention flag: 0 (keep everything) or from an hour to a year.
absl::Status CheckRetention(absl::string_view flag, absl::Duration retention) {
  if (retention != absl::ZeroDuration() &&
      (retention < absl::Hours(1) || retention > absl::Hours(24 * 366))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, " must be 0 (keep all) or between 1h and 8784h"));
  }
  return absl::OkStatus();
}

// The event stream's and the retentions' flags into `settings`;
// INVALID_ARGUMENT naming the flag at fault.
absl::Status ReadEventSettings(Settings* settings) {
  settings->event_retention = absl::GetFlag(FLAGS_event_retention);
  settings->dedup_retention = absl::GetFlag(FLAGS_dedup_retention);
  CORDON_RETURN_IF_ERROR(
      CheckRetention("event_retention", settings->event_retention));
  CORDON_RETURN_IF_ERROR(
      CheckRetention("dedup_retention", settings->dedup_retention));
  cordon::api::EventServiceOptions& events = settings->api.events;
  events.bookmark_interval = absl::GetFlag(FLAGS_event_bookmark_interval);
  if (events.bookmark_interval < absl::Seconds(1) ||
      events.bookmark_interval > absl::Hours(1)) {
    return absl::InvalidArgumentError(
        "--event_bookmark_interval must be between 1s and 1h");
  }
  events.max_streams = absl::GetFlag(FLAGS_max_event_streams);
  events.max_streams_per_key = absl::GetFlag(FLAGS_max_event_streams_per_key);
  if (events.max_streams < 1 || events.max_streams > 10000 ||
      events.max_streams_per_key < 1 ||
      events.max_streams_per_key > events.max_streams) {
    return absl::InvalidArgumentError(
        "--max_event_streams must be between 1 and 10000, and "
        "--max_event_streams_per_key between 1 and --max_event_streams");
  }
  return absl::OkStatus();
}

// INVALID_ARGUMENT with the message to fail with when a flag is wrong.
absl::StatusOr<Settings> ReadSettings() {
  Settings settings;
  settings.listen = absl::GetFlag(FLAGS_listen);
  settings.data_dir = absl::GetFlag(FLAGS_data_dir);
  settings.grace = absl::GetFlag(FLAGS_shutdown_grace);
  CORDON_RETURN_IF_ERROR(
      cordon::ParseListenAddress("listen", settings.listen, "127.0.0.1:50051")
          .status());
  CORDON_ASSIGN_OR_RETURN(settings.metrics_listen,
                          cordon::MetricsListenFromFlags());
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
  if (absl::Status events = ReadEventSettings(&settings); !events.ok()) {
    return events;
  }
  absl::StatusOr<cordon::StorageSettings> storage =
      cordon::ReadStorageFlags(settings.data_dir);
  if (!storage.ok()) return storage.status();
  settings.storage = *storage;
  if (absl::Status limits = cordon::ReadLimitFlags(&settings.api);
      !limits.ok()) {
    return limits;
  }
  cordon::api::ServerOptions& api = settings.api;
  api.listen = settings.listen;
  api.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  api.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  api.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  // A quiet server gets no write that would resume a refusing store:
  // health tries on its own, often enough for a readiness probe.
  api.store_health_interval = absl::Seconds(2);
  // The files too, before the data dir: a first start with a bad key file
  // must not write the bootstrap key without saying where.
  CORDON_RETURN_IF_ERROR(cordon::api::CheckTls(api));
  return settings;
}

// Signals are taken by sigwait (WaitForShutdownSignal), never by a handler,
// so no gRPC or RocksDB thread is interrupted mid-call. Called before any
// thread starts so every thread inherits the mask. SIGHUP reloads TLS.
sigset_t BlockControlSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
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
  const std::string address =
      absl::StrCat(listen.substr(0, listen.rfind(':')), ":", port);
  const bool tls = !options.tls_cert_file.empty();
  Log(LogEvent(LogLevel::kInfo, "serving")
          .Message(absl::StrCat("version ", cordon::kVersion, " serving on ",
                                address, tls ? " (TLS)" : " (plaintext)",
                                ", data dir ", settings.data_dir))
          .Str("version", cordon::kVersion)
          .Str("address", address)
          .Bool("tls", tls)
          .Str("data_dir", settings.data_dir));
  if (!options.tls_client_ca_file.empty()) {
    Log(LogEvent(LogLevel::kInfo, "mutual_tls")
            .Message(absl::StrCat("mutual TLS: clients must present a "
                                  "certificate signed by a CA in ",
                                  options.tls_client_ca_file))
            .Str("client_ca_file", options.tls_client_ca_file));
  }
}

// What the operator needs to know of the adapters once the worker runs.
// `key_path` is where a first start wrote the bootstrap key, else empty.
void LogWorld(uint64_t seed, const std::string& graph, const std::string& mail,
              const std::string& key_path) {
  Log(LogEvent(LogLevel::kInfo, "worker_started")
          .Message(absl::StrCat("outbox worker started (jitter seed ", seed,
                                "); ", graph))
          .Str("jitter_seed", absl::StrCat(seed)));
  Log(LogEvent(LogLevel::kInfo, "mail_configured")
          .Message(absl::StrCat("e-mail: ", mail)));
  if (!key_path.empty()) {
    Log(LogEvent(LogLevel::kInfo, "bootstrap_key_written")
            .Message(absl::StrCat("first start: a SOC_ANALYST API key was "
                                  "written to ",
                                  key_path, " (mode 0600)"))
            .Str("path", key_path));
  }
}

// The REST adapter the --graph_* flags describe; nullptr when none is given.
absl::StatusOr<std::unique_ptr<cordon::adapters::graph::RestGraphSetup>>
GraphFromFlags(const cordon::ports::Clock& clock,
               cordon::ports::Entropy& entropy,
               cordon::metrics::Registry* metrics) {
  cordon::adapters::graph::RestGraphSettings settings;
  settings.client_id = absl::GetFlag(FLAGS_graph_client_id);
  settings.client_secret_file = absl::GetFlag(FLAGS_graph_client_secret_file);
  settings.client_cert_file = absl::GetFlag(FLAGS_graph_client_cert_file);
  settings.client_key_file = absl::GetFlag(FLAGS_graph_client_key_file);
  settings.graph_base_url = absl::GetFlag(FLAGS_graph_base_url);
  settings.login_base_url = absl::GetFlag(FLAGS_login_base_url);
  settings.ca_file = absl::GetFlag(FLAGS_graph_ca_file);
  settings.timeout = absl::GetFlag(FLAGS_graph_timeout);
  settings.metrics = metrics;
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

// The metrics endpoint when --metrics_listen is set (else null), logged
// with the port it bound.
absl::StatusOr<std::unique_ptr<cordon::MetricsSetup>> StartMetrics(
    const Settings& settings, cordon::metrics::Registry* metrics,
    const cordon::store::RocksDatabase* db) {
  if (!settings.metrics_listen.has_value()) return nullptr;
  CORDON_ASSIGN_OR_RETURN(
      std::unique_ptr<cordon::MetricsSetup> setup,
      cordon::MetricsSetup::Start(*settings.metrics_listen, metrics, db));
  const std::string address =
      absl::StrCat(settings.metrics_listen->host, ":", setup->port());
  Log(LogEvent(LogLevel::kInfo, "metrics_serving")
          .Message(absl::StrCat("metrics on ", address,
                                " (GET /metrics, plain HTTP)"))
          .Str("address", address));
  return setup;
}

// Starts the outbox worker (and with it every timer). On etcd the replicas
// elect the one that runs it (docs/scale-out.md): the worker follows the
// returned leadership, which logs each term; null on RocksDB, where this
// server is the only one.
std::unique_ptr<cordon::store::EtcdLeadership> StartWorker(
    const OpenedStore& store, const Settings& settings, int port,
    cordon::engine::Engine& engine) {
  cordon::engine::OutboxWorker& worker = engine.worker();
  if (store.etcd == nullptr) {
    worker.Start();
    return nullptr;
  }
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  auto leadership = std::make_unique<cordon::store::EtcdLeadership>(
      store.etcd, cordon::store::EtcdLeadershipOptions{
                      settings.storage.leader_lease_ttl,
                      absl::StrCat(host, " pid ", ::getpid(), " port ", port)});
  worker.FollowLeadership(leadership.get());
  worker.Start();
  auto term_event = [](const char* event, const char* what) {
    return [event, what](cordon::store::LeaderTerm term) {
      Log(LogEvent(LogLevel::kInfo, event)
              .Message(absl::StrCat(what, " (term ", term.number, ")"))
              .Int("term", term.number));
    };
  };
  leadership->Start(
      [&worker, log = term_event("leader_elected",
                                 "this replica runs the outbox worker")](
          cordon::store::LeaderTerm term) {
        log(term);
        worker.Lead(term);
      },
      [&worker, log = term_event("leader_deposed",
                                 "this replica no longer runs the worker")](
          cordon::store::LeaderTerm term) {
        worker.StepDown();
        log(term);
      });
  return leadership;
}

// SIGHUP: the TLS files are read again; a file that cannot be used leaves
// the previous certificate serving, and says why.
void ReloadTls(cordon::api::Server& server, bool tls) {
  if (!tls) {
    Log(LogEvent(LogLevel::kInfo, "tls_reload_skipped")
            .Message("SIGHUP: the server runs without TLS, nothing to reload"));
    return;
  }
  const absl::Status reloaded = server.ReloadTls();
  if (reloaded.ok()) {
    Log(LogEvent(LogLevel::kInfo, "tls_reloaded")
            .Message("SIGHUP: TLS certificate, key and client CA reloaded; "
                     "new connections use them, open ones go on"));
  } else {
    Log(LogEvent(LogLevel::kWarning, "tls_reload_failed")
            .Message(absl::StrCat("SIGHUP: TLS not reloaded, still serving "
                                  "the previous certificate: ",
                                  reloaded.message())));
  }
}

// Until SIGINT or SIGTERM; each SIGHUP reloads TLS on the way.
void WaitForShutdownSignal(const sigset_t& signals, absl::Duration grace,
                           cordon::api::Server& server, bool tls) {
  int received = 0;
  while (sigwait(&signals, &received) != 0 || received == SIGHUP) {
    if (received == SIGHUP) ReloadTls(server, tls);
    received = 0;
  }
  Log(LogEvent(LogLevel::kInfo, "shutting_down")
          .Message(absl::StrCat("received ", strsignal(received),
                                ", shutting down (grace ",
                                absl::FormatDuration(grace), ")"))
          .Str("signal", strsignal(received))
          .Str("grace", absl::FormatDuration(grace)));
}

}  // namespace

// Every URL a PSA call uses passes the address policy the settings passed
// at write time: the configured endpoint again (its DNS may have changed)
// and the API base that discovery returned (ConnectWise's company info,
// Autotask's zone), which no admin typed. No SSRF through a PSA answer.
// `endpoints` must outlive the adapters.
auto PsaFromFlags(const cordon::ports::Clock& clock,
                  const cordon::engine::EndpointPolicy& endpoints) {
  return cordon::adapters::psa::RestPsaSetup::Create(
      {absl::GetFlag(FLAGS_psa_ca_file), absl::GetFlag(FLAGS_psa_timeout),
       [&endpoints](const std::string& url) {
         return endpoints.Check("url", url);
       }},
      clock);
}

// Every line on stderr is one JSON object (docs/operations.md, "Logs"):
// ours through spdlog, gRPC's routed into the same lines. The sink is
// never destroyed: gRPC's threads may log while the process exits.
void InstallLogSink() {
  static cordon::adapters::SpdlogSink* const kSink =
      cordon::adapters::SpdlogSink::ToStderr().release();
  cordon::core::SetLogSink(kSink);
  cordon::api::RouteGrpcLogs();
}

cordon::engine::EngineOptions EngineOptionsOf(
    const Settings& settings, const cordon::server::SecretsSetup& secrets) {
  cordon::engine::EngineOptions options;
  options.inventory_interval = absl::GetFlag(FLAGS_inventory_interval);
  options.allow_private_endpoints = secrets.allow_private_endpoints;
  options.event_retention = settings.event_retention;
  options.dedup_retention = settings.dedup_retention;
  options.backup_dir = settings.storage.backup_dir;
  return options;
}

// Before serving: the secrets sealed, an older store's data moved to
// today's rows, the retention timers queued.
absl::Status PrepareStore(cordon::engine::Engine& engine,
                          const cordon::server::SecretsSetup& secrets) {
  CORDON_RETURN_IF_ERROR(PrepareSecretsAtRest(engine, secrets));
  CORDON_RETURN_IF_ERROR(engine.UpgradeOldStore());
  return engine.StartRetentionTimers();
}

constexpr char kUsage[] =
    "cordon-server [--listen=127.0.0.1:50051] [--data_dir=./cordon-data] "
    "[--tls_cert=cert.pem --tls_key=key.pem [--tls_client_ca=ca.pem]] "
    "[--shutdown_grace=10s] "
    "[--graph_client_id=ID (--graph_client_secret_file=F | "
    "--graph_client_cert_file=C --graph_client_key_file=K)] "
    "[--flagfile=/etc/cordon/cordon-server.flags]";

// After the shutdown signal, in this order: the API drains its calls; the
// worker finishes its pass and records what it performed while it still
// leads; only then is the lead given up (on etcd), so the next leader does
// not perform again what this one recorded.
void StopBackgroundWork(cordon::api::Server& server, absl::Duration grace,
                        cordon::engine::Engine& engine,
                        cordon::store::Leadership* leadership) {
  server.Shutdown(grace);
  engine.worker().Stop();
  if (leadership != nullptr) leadership->Stop();
}

int main(int argc, char** argv) {
  // Debian's absl is built with its lock-order graph on, which gRPC's
  // mutexes then update on every call (3% of a busy server's CPU in perf);
  // the server's own lock order is pinned by the TSan build instead.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  InstallLogSink();
  cordon::ParseCommandLine(argc, argv, kUsage);
  const absl::StatusOr<Settings> settings = ReadSettings();
  if (!settings.ok()) return Fail(std::string(settings.status().message()));
  const std::string& data_dir = settings->data_dir;

  const sigset_t signals = BlockControlSignals();
  cordon::ports::SystemClock clock;
  cordon::adapters::OpenSslEntropy entropy;
  // Before the data dir: a bad Graph flag or file touches nothing.
  // Every metric of the process; before the adapters, which record too.
  cordon::metrics::Registry metrics;
  auto rest_graph = GraphFromFlags(clock, entropy, &metrics);
  if (!rest_graph.ok()) return Fail(std::string(rest_graph.status().message()));
  cordon::adapters::GetaddrinfoResolver psa_resolver;
  const cordon::engine::EndpointPolicy psa_endpoints(
      &psa_resolver, cordon::server::AllowPrivateEndpoints());
  auto rest_psa = PsaFromFlags(clock, psa_endpoints);
  if (!rest_psa.ok()) return Fail(std::string(rest_psa.status().message()));
  auto mail = cordon::adapters::mail::MailerSetup::Create(
      cordon::MailSettingsFromFlags(), &clock);
  if (!mail.ok()) return Fail(std::string(mail.status().message()));
  auto store = OpenStore(data_dir, settings->storage);
  if (!store.ok()) return Fail(std::string(store.status().message()));
  std::unique_ptr<cordon::store::Database>& db = store->db;
  auto secrets = cordon::server::SecretsFromFlags(data_dir, entropy);
  if (!secrets.ok()) return Fail(std::string(secrets.status().message()));

  auto metrics_setup = StartMetrics(*settings, &metrics, store->rocks);
  if (!metrics_setup.ok()) {
    return Fail(std::string(metrics_setup.status().message()));
  }

  const uint64_t seed = JitterSeed(entropy);
  cordon::adapters::SeededRandom random(seed);
  cordon::adapters::UnconfiguredGraph unconfigured_graph;
  cordon::ports::Graph& graph =
      *rest_graph != nullptr ? (*rest_graph)->graph() : unconfigured_graph;
  cordon::ports::Psa& psa = (*rest_psa)->psa();
  cordon::engine::Engine engine(
      db.get(),
      {&clock, &entropy, &graph, &random, &psa, &(*mail)->mailer(),
       (*secrets)->sealer.get(), &(*secrets)->resolver, &metrics},
      EngineOptionsOf(*settings, **secrets));
  const absl::Status prepared = PrepareStore(engine, **secrets);
  if (!prepared.ok()) return Fail(std::string(prepared.message()));

  const absl::StatusOr<std::string> key_path =
      WriteBootstrapKeyOnce(engine, data_dir);
  if (!key_path.ok()) return Fail(std::string(key_path.status().message()));

  const cordon::api::ServerOptions& options = settings->api;
  auto server = cordon::api::Server::Start(&engine, options);
  if (!server.ok()) return Fail(std::string(server.status().message()));

  LogServing(*settings, options, (*server)->port());
  // Resumes every action a previous run left pending (ISO-11).
  auto leadership = StartWorker(*store, *settings, (*server)->port(), engine);
  LogWorld(seed, DescribeGraph(rest_graph->get()), (*mail)->description(),
           *key_path);
  Log(LogEvent(LogLevel::kInfo, "psa_configured")
          .Message((*rest_psa)->description()));

  WaitForShutdownSignal(signals, settings->grace, **server,
                        !options.tls_cert_file.empty());
  StopBackgroundWork(**server, settings->grace, engine, leadership.get());
  server->reset();
  metrics_setup->reset();
  db.reset();
  Log(LogEvent(LogLevel::kInfo, "stopped").Message("stopped cleanly"));
  return 0;
}
