#include "simulator/serve/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::sim::serve {
namespace {

constexpr int kBacklog = 16;

absl::StatusOr<SSL_CTX*> MakeTlsContext(
    const cordon::testing::CertificateFiles& certificate) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (context == nullptr ||
      SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
      SSL_CTX_use_certificate_chain_file(
          context, certificate.certificate_path.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context, certificate.private_key_path.c_str(),
                                  SSL_FILETYPE_PEM) != 1) {
    SSL_CTX_free(context);
    return absl::InternalError("OpenSSL rejected the SMTP sink's certificate");
  }
  return context;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SmtpSink>> SmtpSink::Start(
    const SmtpSinkOptions& options,
    const cordon::testing::CertificateFiles& certificate, SmtpMailbox* mailbox,
    RequestLog* log, const ports::Clock* clock) {
  if (options.max_message_bytes == 0 || options.max_connections == 0 ||
      options.idle_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "smtp: max_message_bytes, max_connections and idle_timeout must be "
        "positive");
  }
  auto sink = absl::WrapUnique(new SmtpSink(options));
  CORDON_ASSIGN_OR_RETURN(sink->tls_, MakeTlsContext(certificate));
  sink->context_ = {&sink->options_, mailbox, log, clock, sink->tls_};
  CORDON_RETURN_IF_ERROR(sink->Listen());
  sink->acceptor_ = std::thread([raw = sink.get()] { raw->AcceptLoop(); });
  return sink;
}

absl::Status SmtpSink::Listen() {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(options_.port));
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int yes = 1;
  socklen_t size = sizeof(address);
  if (listen_fd_ < 0 ||
      inet_pton(AF_INET, options_.host.c_str(), &address.sin_addr) != 1 ||
      setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) ||
      bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      listen(listen_fd_, kBacklog) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size)) {
    return absl::UnavailableError(
        absl::StrCat("--smtp_listen: cannot bind ", options_.host, ":",
                     options_.port, " (an IPv4 address and a free port)"));
  }
  port_ = ntohs(address.sin_port);
  return absl::OkStatus();
}

void SmtpSink::AcceptLoop() {
  while (true) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      if (fd >= 0) close(fd);
      return;
    }
    if (fd < 0) continue;  // EINTR, ECONNABORTED: the next one
    if (connections_.size() >= options_.max_connections) {
      static constexpr char kBusy[] = "421 4.3.2 Too many connections\r\n";
      send(fd, kBusy, sizeof(kBusy) - 1, MSG_NOSIGNAL);
      close(fd);
      LoggedRequest entry{
          context_.clock->Now(), "SMTP", "CONNECT", "", 421, "", {}};
      context_.log->Add(std::move(entry));
      continue;
    }
    connections_.insert(fd);
    std::thread([this, fd] { Serve(fd); }).detach();
  }
}

void SmtpSink::Serve(int fd) {
  auto channel = std::make_unique<SmtpChannel>(fd, options_.idle_timeout);
  SmtpSession(channel.get(), context_).Run();
  // Forgotten before it closes, so Stop never shuts down a reused number.
  std::unique_lock<std::mutex> lock(mutex_);
  channel.reset();
  connections_.erase(fd);
  connections_changed_.notify_all();
}

void SmtpSink::Stop() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (listen_fd_ < 0) return;
    stopping_ = true;
    for (int fd : connections_) shutdown(fd, SHUT_RDWR);
  }
  // Wakes accept() on Linux.
  shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  std::unique_lock<std::mutex> lock(mutex_);
  connections_changed_.wait(lock, [this] { return connections_.empty(); });
  close(listen_fd_);
  listen_fd_ = -1;
}

SmtpSink::~SmtpSink() {
  Stop();
  SSL_CTX_free(tls_);
}

}  // namespace cordon::sim::serve
