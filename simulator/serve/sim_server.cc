#include "simulator/serve/sim_server.h"

#include <httplib.h>

#include <csignal>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "simulator/serve/assertion_verifier.h"

namespace cordon::sim::serve {
namespace {

// One connection may carry every call of a run (Graph's front ends keep
// connections; cpp-httplib closes after 5 requests by default).
constexpr size_t kRequestsPerConnection = 10'000;

WireRequest ToWire(const httplib::Request& in) {
  WireRequest out;
  out.method = in.method;
  out.path = in.path;
  for (const auto& [name, value] : in.params) out.query.emplace(name, value);
  out.body = in.body;
  out.authorization = in.get_header_value("Authorization");
  out.host = in.get_header_value("Host");
  for (const auto& [name, value] : in.headers) {
    out.headers.emplace(absl::AsciiStrToLower(name), value);
  }
  return out;
}

void Write(const WireAnswer& answer, httplib::Response& out) {
  out.status = answer.status;
  for (const auto& [name, value] : answer.headers) out.set_header(name, value);
  if (!answer.body.empty()) out.set_content(answer.body, answer.content_type);
}

absl::Status CheckOptions(const ServeOptions& options) {
  if (options.port < 0 || options.port > 65535 || options.smtp.port < 0 ||
      options.smtp.port > 65535) {
    return absl::InvalidArgumentError("port must be in [0, 65535]");
  }
  if (options.app.client_id.empty()) {
    return absl::InvalidArgumentError("client_id is required");
  }
  if (options.app.client_secret.empty() &&
      options.app.client_certificate_pem.empty()) {
    return absl::InvalidArgumentError(
        "a client secret or a client certificate is required");
  }
  if (options.token_lifetime <= absl::ZeroDuration() ||
      options.rules_page_size < 0 ||
      options.directory_sync_interval < absl::ZeroDuration() ||
      options.threads == 0) {
    return absl::InvalidArgumentError(
        "token_lifetime and threads must be positive; rules_page_size and "
        "directory_sync_interval not negative");
  }
  return ValidateHttpFaults(options.faults);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SimServer>> SimServer::Start(
    World* world, Random* random, const ports::Clock* clock,
    ServeOptions options) {
  CORDON_RETURN_IF_ERROR(CheckOptions(options));
  // A client that hangs up mid-answer must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  auto server = absl::WrapUnique(new SimServer());
  CORDON_RETURN_IF_ERROR(
      server->Build(world, random, clock, std::move(options)));
  return server;
}

absl::Status SimServer::Build(World* world, Random* random,
                              const ports::Clock* clock, ServeOptions options) {
  std::unique_ptr<AssertionVerifier> verifier;
  if (!options.app.client_certificate_pem.empty()) {
    CORDON_ASSIGN_OR_RETURN(verifier, AssertionVerifier::FromPem(
                                          options.app.client_certificate_pem));
  }
  if (!options.request_log_file.empty()) {
    CORDON_RETURN_IF_ERROR(log_.AppendToFile(options.request_log_file));
  }
  tokens_ =
      std::make_unique<TokenIssuer>(random, clock, options.token_lifetime);
  faults_ = std::make_unique<HttpFaults>(options.faults, random, clock);
  token_endpoint_ =
      std::make_unique<TokenEndpoint>(world, tokens_.get(), faults_.get(),
                                      options.app, std::move(verifier), clock);
  graph_ =
      std::make_unique<GraphEndpoints>(world, clock, options.rules_page_size);
  admin_ = std::make_unique<AdminEndpoints>(world, &log_, faults_.get(),
                                            tokens_.get());
  std::vector<Route> routes = AdminRoutes(admin_.get());
  for (Route& route : TokenRoutes(token_endpoint_.get())) {
    routes.push_back(std::move(route));
  }
  for (Route& route : GraphRoutes(graph_.get())) {
    routes.push_back(std::move(route));
  }
  psas_ = std::make_unique<ServedPsas>(options.psa, clock);
  for (Route& route : PsaRoutes(psas_.get())) {
    routes.push_back(std::move(route));
  }
  smtp_mailbox_.SetCapacity(options.smtp.max_kept_messages);
  for (Route& route : SmtpRoutes(&smtp_mailbox_)) {
    routes.push_back(std::move(route));
  }
  router_ = std::make_unique<Router>(std::move(routes), tokens_.get(),
                                     faults_.get(), &log_, clock);
  CORDON_RETURN_IF_ERROR(Listen(options));
  if (options.smtp.enabled) {
    CORDON_ASSIGN_OR_RETURN(
        smtp_, SmtpSink::Start(options.smtp, certificate_, &smtp_mailbox_,
                               &log_, clock));
  }
  if (options.directory_sync_interval > absl::ZeroDuration()) {
    sync_timer_ = std::make_unique<DirectorySyncTimer>(
        world, options.directory_sync_interval);
  }
  return absl::OkStatus();
}

absl::Status SimServer::Listen(const ServeOptions& options) {
  if (directory_.path().empty()) {
    return absl::InternalError("cannot create a temporary directory");
  }
  CORDON_ASSIGN_OR_RETURN(
      certificate_,
      cordon::testing::WriteSelfSignedCertificate(directory_.path()));
  http_ = std::make_unique<httplib::SSLServer>(
      certificate_.certificate_path.c_str(),
      certificate_.private_key_path.c_str());
  if (!http_->is_valid()) {
    return absl::InternalError("cpp-httplib rejected the certificate");
  }
  http_->set_keep_alive_max_count(kRequestsPerConnection);
  // Otherwise an answer written in pieces waits for the client's delayed
  // ACK: 40 ms a call.
  http_->set_tcp_nodelay(true);
  auto dispatch = [this](const httplib::Request& in, httplib::Response& out) {
    Write(router_->Dispatch(ToWire(in)), out);
  };
  http_->Get(".*", dispatch);
  http_->Post(".*", dispatch);
  http_->Patch(".*", dispatch);
  http_->Put(".*", dispatch);
  http_->Delete(".*", dispatch);
  const size_t threads = options.threads;
  // cpp-httplib asks for its task queue once it accepts connections, and
  // stop() works only from then on.
  http_->new_task_queue = [this, threads] {
    MarkServing();
    return new httplib::ThreadPool(threads);
  };
  host_ = options.host;
  port_ = options.port == 0 ? http_->bind_to_any_port(host_)
          : http_->bind_to_port(host_, options.port) ? options.port
                                                     : -1;
  if (port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot bind ", host_, ":", options.port));
  }
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  std::unique_lock<std::mutex> lock(mutex_);
  serving_changed_.wait(lock, [this] { return serving_; });
  return absl::OkStatus();
}

void SimServer::MarkServing() {
  std::lock_guard<std::mutex> lock(mutex_);
  serving_ = true;
  serving_changed_.notify_all();
}

void SimServer::Stop() {
  sync_timer_.reset();
  if (smtp_ != nullptr) smtp_->Stop();
  // A held PSA answer (a timeout fault) would keep its thread past stop().
  if (psas_ != nullptr) psas_->ReleaseAll();
  if (thread_.joinable()) {
    http_->stop();
    thread_.join();
  }
}

SimServer::~SimServer() { Stop(); }

std::string SimServer::BaseUrl() const {
  return absl::StrCat("https://", host_, ":", port_);
}

std::string SimServer::GraphBaseUrl() const {
  return absl::StrCat(BaseUrl(), "/v1.0");
}

}  // namespace cordon::sim::serve
