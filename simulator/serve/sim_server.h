#ifndef CORDON_SIMULATOR_SERVE_SIM_SERVER_H_
#define CORDON_SIMULATOR_SERVE_SIM_SERVER_H_

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/ports/clock.h"
#include "simulator/random.h"
#include "simulator/serve/directory_sync_timer.h"
#include "simulator/serve/http_faults.h"
#include "simulator/serve/request_log.h"
#include "simulator/serve/router.h"
#include "simulator/serve/served_psa_accounts.h"
#include "simulator/serve/served_psas.h"
#include "simulator/serve/smtp_mailbox.h"
#include "simulator/serve/smtp_sink.h"
#include "simulator/serve/token_endpoint.h"
#include "simulator/world.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"

namespace httplib {
class SSLServer;
}

namespace cordon::sim::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = any free port
  ServedApp app;
  absl::Duration token_lifetime = absl::Hours(1);  // expires_in
  int rules_page_size = 0;  // > 0 pages inbox rules with @odata.nextLink
  HttpFaultConfig faults;
  // 0 = no directory sync on real time (tests drive it through /_sim/).
  absl::Duration directory_sync_interval = absl::ZeroDuration();
  std::string request_log_file;  // "" = in memory only
  size_t threads = 8;            // connections served at once
  // What the served ConnectWise, Autotask and HaloPSA accept.
  ServedPsaAccounts psa;
  // The SMTP sink, when enabled (smtp.enabled).
  SmtpSinkOptions smtp;
};

// The simulated Microsoft 365 over HTTPS (docs/simulator.md, "Serving the
// simulated tenant over HTTPS"): the token endpoint at
// https://HOST:PORT/{tenant}/oauth2/v2.0/token and Graph below
// https://HOST:PORT/v1.0, over `world`, with a throwaway self-signed
// certificate, the HttpFaults, a RequestLog and the /_sim/ endpoints; the
// served PSAs; and, with options.smtp.enabled, an SmtpSink on its own port
// (STARTTLS with the same certificate, logged in the same RequestLog).
// HTTP/1.1 only (cpp-httplib).
class SimServer {
 public:
  // Serving when it returns. `world`, `random` and `clock` must outlive the
  // server; `clock` times tokens, Retry-After and the request log.
  // INVALID_ARGUMENT for bad options (naming the knob), UNAVAILABLE when
  // the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<SimServer>> Start(
      World* world, Random* random, const ports::Clock* clock,
      ServeOptions options);
  // Stop()s.
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Stops accepting and waits for the connections' threads. Idempotent.
  void Stop();

  int port() const { return port_; }
  // The PEM certificate a client must trust (its CA file).
  const std::string& ca_file() const { return certificate_.certificate_path; }
  // https://HOST:PORT: the login base URL (the token endpoint's root).
  std::string BaseUrl() const;
  // https://HOST:PORT/v1.0: the Graph base URL.
  std::string GraphBaseUrl() const;
  RequestLog& request_log() { return log_; }
  ServedPsas& psas() { return *psas_; }
  HttpFaults& faults() { return *faults_; }
  // The SMTP sink's port; 0 when it is not enabled.
  int smtp_port() const { return smtp_ == nullptr ? 0 : smtp_->port(); }
  SmtpMailbox& smtp_mailbox() { return smtp_mailbox_; }

 private:
  SimServer() = default;
  absl::Status Build(World* world, Random* random, const ports::Clock* clock,
                     ServeOptions options);
  absl::Status Listen(const ServeOptions& options);
  void MarkServing();

  std::string host_;
  cordon::testing::TempDir directory_;
  cordon::testing::CertificateFiles certificate_;
  RequestLog log_;
  std::unique_ptr<TokenIssuer> tokens_;
  std::unique_ptr<HttpFaults> faults_;
  std::unique_ptr<TokenEndpoint> token_endpoint_;
  std::unique_ptr<GraphEndpoints> graph_;
  std::unique_ptr<AdminEndpoints> admin_;
  std::unique_ptr<ServedPsas> psas_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<httplib::SSLServer> http_;
  std::unique_ptr<DirectorySyncTimer> sync_timer_;
  SmtpMailbox smtp_mailbox_;
  std::unique_ptr<SmtpSink> smtp_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable serving_changed_;
  bool serving_ = false;  // guarded by mutex_
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SIM_SERVER_H_
