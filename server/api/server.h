#ifndef CORDON_SERVER_API_SERVER_H_
#define CORDON_SERVER_API_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "server/api/call_runner.h"
#include "server/api/event_service.h"
#include "server/api/key_rate_limiter.h"
#include "server/api/paging.h"
#include "server/api/reloadable_tls.h"
#include "server/api/rpc_metrics.h"
#include "server/api/store_health.h"
#include "server/engine/engine.h"

namespace cordon::api {

struct ServerOptions {
  // host:port; port 0 picks a free port (tests).
  std::string listen = "127.0.0.1:50051";
  // PEM files; TLS when both are set, plaintext otherwise. With a client
  // CA too, mutual TLS: clients must present a certificate it signed.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // WatchEvents: bookmarks and stream bounds (cordon-server's
  // --event_bookmark_interval, --max_event_streams,
  // --max_event_streams_per_key).
  EventServiceOptions events;
  // Calls per second (and burst) one API key may make
  // (--rate_limit_per_key, --rate_limit_burst). Zero rate: no limit, the
  // default here so tests and benches choose; cordon-server's flags default
  // to a limit.
  core::RateLimit rate_limit;
  // The largest request accepted (--max_message_bytes); a bigger one is
  // RESOURCE_EXHAUSTED before it is read into memory.
  int max_message_bytes = 4 << 20;
  // HTTP/2 streams one client connection may have open at once
  // (--max_concurrent_streams); more wait in the client.
  int max_concurrent_streams = 100;
  // Threads the server may run calls on (--max_threads); a call that would
  // need one more is RESOURCE_EXHAUSTED rather than queued without bound.
  // Each open WatchEvents stream holds one.
  int max_threads = 512;
  // How often health checks the store (StoreHealth): NOT_SERVING while the
  // disk refuses writes, SERVING once it takes them again. Zero: never by
  // itself, the default here so tests call CheckStoreHealth;
  // cordon-server checks every 2 s.
  absl::Duration store_health_interval = absl::ZeroDuration();
};

// The TLS options and files as Server::Start checks them, for a caller that
// refuses bad TLS flags before it touches anything else (cordon-server:
// before its data dir). INVALID_ARGUMENT / FAILED_PRECONDITION naming the
// flag at fault.
absl::Status CheckTls(const ServerOptions& options);

// The gRPC server: every cordon.v1 service, server reflection and
// grpc.health.v1, on one port.
class Server {
 public:
  // Binds and starts serving. Fails when the address cannot be bound or the
  // TLS files cannot be read.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      engine::Engine* engine, const ServerOptions& options);
  ~Server();

  // The port actually bound.
  int port() const { return port_; }

  // Reads the TLS files again (SIGHUP): new connections get the new
  // certificate, key and client CA, open ones and their calls go on. On an
  // error the previous files keep serving; FAILED_PRECONDITION on a
  // plaintext server.
  absl::Status ReloadTls();

  // Health turns NOT_SERVING at once; in-flight calls get until `grace` to
  // finish, then are cancelled.
  void Shutdown(absl::Duration grace);

  // One StoreHealth check now (tests; cordon-server's timer does the same).
  void CheckStoreHealth() { store_health_->Check(); }

 private:
  Server() = default;

  // Every cordon.v1 service, over `engine`.
  void AddServices(engine::Engine* engine, const ServerOptions& options);
  // Binds `listen` and starts serving the services added; UNAVAILABLE when
  // the address cannot be bound.
  absl::Status Listen(
      const ServerOptions& options,
      const std::shared_ptr<grpc::ServerCredentials>& credentials);
  // Adds a cordon.v1 service, known to health checks by `full_name`.
  void AddService(const char* full_name,
                  std::unique_ptr<grpc::Service> service);

  // Before server_: gRPC asks it for certificates until server_ is gone.
  std::unique_ptr<ReloadableTls> tls_;
  std::unique_ptr<KeyRateLimiter> limiter_;
  std::unique_ptr<RpcMetrics> rpc_metrics_;
  std::unique_ptr<CallRunner> runner_;
  std::unique_ptr<PageTokens> pages_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::vector<std::string> service_names_;
  // Owned by services_; told first at shutdown, so open streams end at once.
  EventService* events_ = nullptr;
  std::unique_ptr<grpc::Server> server_;
  // Set once server_ runs; stopped first at shutdown.
  std::unique_ptr<StoreHealth> store_health_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_SERVER_H_
