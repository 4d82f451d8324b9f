#include "testing/https_test_server.h"

#include <openssl/ssl.h>

#include <csignal>
#include <set>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/errors.h"

namespace cordon::testing {
namespace {

// So that a reuse test can count one connection for many requests, as
// Graph's front ends allow (cpp-httplib closes after 5 by default).
constexpr size_t kRequestsPerConnection = 10'000;

// ALPN's wire format: each protocol name preceded by its length in a byte.
std::string AlpnList(const unsigned char* wire, unsigned int length) {
  std::vector<std::string> names;
  unsigned int at = 0;
  while (at < length) {
    const unsigned int name_length = wire[at];
    if (name_length > length - at - 1) break;  // malformed: keep what parsed
    names.emplace_back(reinterpret_cast<const char*>(wire + at + 1),
                       name_length);
    at += 1 + name_length;
  }
  return absl::StrJoin(names, ",");
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpsTestServer>> HttpsTestServer::Start(
    Options options) {
  std::signal(SIGPIPE, SIG_IGN);
  auto server = absl::WrapUnique(new HttpsTestServer());
  CORDON_RETURN_IF_ERROR(server->Listen(options));
  return server;
}

absl::Status HttpsTestServer::Listen(const Options& options) {
  if (directory_.path().empty()) {
    return absl::InternalError("cannot create a temporary directory");
  }
  CORDON_ASSIGN_OR_RETURN(certificate_,
                          WriteSelfSignedCertificate(directory_.path()));
  http_ = std::make_unique<httplib::SSLServer>(
      certificate_.certificate_path.c_str(),
      certificate_.private_key_path.c_str());
  if (!http_->is_valid()) {
    return absl::InternalError("cpp-httplib rejected the certificate");
  }
  SSL_CTX_set_alpn_select_cb(http_->ssl_context(), &SelectAlpn, this);
  http_->set_keep_alive_max_count(kRequestsPerConnection);
  // Otherwise a response written in pieces waits for the client's delayed
  // ACK: 40 ms a call.
  http_->set_tcp_nodelay(true);
  RouteEveryMethodToDispatch();
  const size_t threads = options.threads;
  // cpp-httplib asks for its task queue once it is accepting connections,
  // and stop() only works from then on: the moment to call it serving.
  http_->new_task_queue = [this, threads] {
    MarkServing();
    return new httplib::ThreadPool(threads);
  };
  port_ = http_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return absl::InternalError("cannot bind 127.0.0.1");
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  std::unique_lock<std::mutex> lock(mutex_);
  serving_changed_.wait(lock, [this] { return serving_; });
  return absl::OkStatus();
}

HttpsTestServer::~HttpsTestServer() {
  if (thread_.joinable()) {
    http_->stop();
    thread_.join();
  }
}

void HttpsTestServer::MarkServing() {
  std::lock_guard<std::mutex> lock(mutex_);
  serving_ = true;
  serving_changed_.notify_all();
}

void HttpsTestServer::RouteEveryMethodToDispatch() {
  const std::string any_path = ".*";
  auto dispatch = [this](const httplib::Request& request,
                         httplib::Response& response) {
    Dispatch(request, response);
  };
  http_->Get(any_path, dispatch);
  http_->Post(any_path, dispatch);
  http_->Put(any_path, dispatch);
  http_->Patch(any_path, dispatch);
  http_->Delete(any_path, dispatch);
}

std::string HttpsTestServer::Url(std::string_view path) const {
  return "https://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void HttpsTestServer::Handle(std::string method, std::string path_pattern,
                             Handler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  routes_.push_back(
      {std::move(method), std::regex(path_pattern), std::move(handler)});
}

HttpsTestServer::Handler HttpsTestServer::HandlerFor(
    const httplib::Request& request) const {
  for (const Route& route : routes_) {
    if (route.method == request.method &&
        std::regex_match(request.path, route.path_pattern)) {
      return route.handler;
    }
  }
  return nullptr;
}

void HttpsTestServer::Dispatch(const httplib::Request& request,
                               httplib::Response& response) {
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    received_.push_back({request.method, request.path, request.headers,
                         request.body, request.remote_port});
    handler = HandlerFor(request);
  }
  // Outside the lock: handlers may block, and run in parallel.
  if (handler == nullptr) {
    response.status = 404;
    return;
  }
  handler(request, response);
}

std::vector<HttpsTestServer::ReceivedRequest> HttpsTestServer::requests()
    const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

size_t HttpsTestServer::connection_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::set<int> ports;
  for (const ReceivedRequest& request : received_) {
    ports.insert(request.remote_port);
  }
  return ports.size();
}

size_t HttpsTestServer::resumed_tls_sessions() const {
  return static_cast<size_t>(SSL_CTX_sess_hits(http_->ssl_context()));
}

std::vector<std::string> HttpsTestServer::alpn_offers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return alpn_offers_;
}

// Records what the client offered and picks HTTP/1.1, all cpp-httplib
// speaks; a client that offers only h2 gets no ALPN answer.
int HttpsTestServer::SelectAlpn(SSL* /*ssl*/, const unsigned char** selected,
                                unsigned char* selected_length,
                                const unsigned char* offered,
                                unsigned int offered_length, void* self) {
  auto* server = static_cast<HttpsTestServer*>(self);
  {
    std::lock_guard<std::mutex> lock(server->mutex_);
    server->alpn_offers_.push_back(AlpnList(offered, offered_length));
  }
  static const unsigned char kHttp11[] = "\x08http/1.1";
  unsigned char* choice = nullptr;
  if (SSL_select_next_proto(&choice, selected_length, kHttp11,
                            sizeof(kHttp11) - 1, offered,
                            offered_length) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *selected = choice;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace cordon::testing
