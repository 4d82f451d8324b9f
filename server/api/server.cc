#include "server/api/server.h"

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/api/services.h"

namespace cordon::api {
namespace {

// TLS when the options name a certificate and key (with a client CA:
// mutual TLS), else null for plaintext.
absl::StatusOr<std::unique_ptr<ReloadableTls>> LoadTls(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls_client_ca needs --tls_cert and --tls_key: client "
          "certificates are asked for over TLS only");
    }
    return nullptr;
  }
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key go together: give both or neither");
  }
  return ReloadableTls::Load({options.tls_cert_file, options.tls_key_file,
                              options.tls_client_ca_file});
}

// Linking health.pb.cc (above) lets reflection serve the health descriptor
// too; both are always on (DESIGN, API conventions). Process-wide, once.
void EnableHealthAndReflection() {
  static const bool kOnce = [] {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    return true;
  }();
  (void)kOnce;
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
}

// Bounds on what clients can make the server hold: message size, streams per
// connection, threads (gRPC's synchronous server takes a thread per call
// in progress; past the quota it answers RESOURCE_EXHAUSTED).
void ApplyLimits(const ServerOptions& options, grpc::ServerBuilder* builder) {
  builder->SetMaxReceiveMessageSize(options.max_message_bytes);
  builder->AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                              options.max_concurrent_streams);
  grpc::ResourceQuota quota("cordon-server");
  quota.SetMaxThreads(options.max_threads);
  builder->SetResourceQuota(quota);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    engine::Engine* engine, const ServerOptions& options) {
  absl::StatusOr<std::unique_ptr<ReloadableTls>> tls = LoadTls(options);
  if (!tls.ok()) return tls.status();
  EnableHealthAndReflection();
  absl::StatusOr<std::string> page_secret =
      engine->page_token_secret().LoadOrCreate();
  if (!page_secret.ok()) return page_secret.status();

  std::unique_ptr<Server> server(new Server());
  server->tls_ = *std::move(tls);
  server->limiter_ =
      std::make_unique<KeyRateLimiter>(options.rate_limit, &engine->clock());
  server->rpc_metrics_ =
      std::make_unique<RpcMetrics>(&engine->metrics(), &engine->clock());
  server->runner_ = std::make_unique<CallRunner>(
      &engine->api_keys(), &engine->audit(), server->limiter_.get(),
      server->rpc_metrics_.get());
  server->pages_ = std::make_unique<PageTokens>(*std::move(page_secret));
  server->AddServices(engine, options);
  absl::Status listening = server->Listen(
      options, server->tls_ != nullptr ? server->tls_->credentials()
                                       : grpc::InsecureServerCredentials());
  if (!listening.ok()) return listening;
  server->store_health_ = std::make_unique<StoreHealth>(
      [engine] { return engine->TryResumeWrites(); },
      server->server_->GetHealthCheckService());
  server->store_health_->Start(options.store_health_interval);
  return server;
}

void Server::AddServices(engine::Engine* engine, const ServerOptions& options) {
  Services services =
      MakeServices(engine, runner_.get(), pages_.get(), options.events);
  events_ = services.events;
  for (Services::Entry& entry : services.entries) {
    AddService(entry.full_name, std::move(entry.service));
  }
}

absl::Status Server::Listen(
    const ServerOptions& options,
    const std::shared_ptr<grpc::ServerCredentials>& credentials) {
  const std::string& listen = options.listen;
  grpc::ServerBuilder builder;
  // Without this, gRPC sets SO_REUSEPORT and a second server on a busy port
  // starts anyway and silently splits the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  ApplyLimits(options, &builder);
  builder.AddListeningPort(listen, credentials, &port_);
  for (auto& service : services_) builder.RegisterService(service.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", listen, " (address in use or not valid)"));
  }
  // Health answers per service too (a probe asks for the API it uses);
  // Shutdown() turns these NOT_SERVING together with the overall status.
  for (const std::string& name : service_names_) {
    server_->GetHealthCheckService()->SetServingStatus(name, true);
  }
  return absl::OkStatus();
}

void Server::AddService(const char* full_name,
                        std::unique_ptr<grpc::Service> service) {
  service_names_.push_back(full_name);
  services_.push_back(std::move(service));
}

absl::Status Server::ReloadTls() {
  if (tls_ == nullptr) {
    return absl::FailedPreconditionError(
        "the server runs without TLS: there are no certificate files to "
        "reload");
  }
  return tls_->Reload();
}

void Server::Shutdown(absl::Duration grace) {
  // A server that never started (the address could not be bound) has
  // nothing to shut down.
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  // Before health shuts down: a check must not turn it SERVING again.
  if (store_health_ != nullptr) store_health_->Stop();
  server_->GetHealthCheckService()->Shutdown();
  // Event streams never finish by themselves: end them now rather than at
  // the end of the grace period.
  if (events_ != nullptr) events_->Shutdown();
  // gRPC deadlines are wall-clock by nature; this is not domain time.
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
  server_->Wait();
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

absl::Status CheckTls(const ServerOptions& options) {
  return LoadTls(options).status();
}

}  // namespace cordon::api
