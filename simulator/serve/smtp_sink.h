#ifndef CORDON_SIMULATOR_SERVE_SMTP_SINK_H_
#define CORDON_SIMULATOR_SERVE_SMTP_SINK_H_

#include <openssl/ssl.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "server/ports/clock.h"
#include "simulator/serve/request_log.h"
#include "simulator/serve/smtp_mailbox.h"
#include "simulator/serve/smtp_session.h"
#include "testing/self_signed_certificate.h"

namespace cordon::sim::serve {

// The SMTP sink of `cordon-sim --serve --smtp_listen` (docs/simulator.md,
// "The SMTP sink"): accepts submissions on loopback, upgraded with STARTTLS
// to the served HTTPS port's certificate, into an SmtpMailbox. One thread
// per connection, at most options.max_connections of them.
class SmtpSink {
 public:
  // Accepting when it returns. Pointers must outlive the sink.
  // INVALID_ARGUMENT for a zero bound, UNAVAILABLE when the address cannot
  // be bound, INTERNAL when OpenSSL refuses the certificate.
  static absl::StatusOr<std::unique_ptr<SmtpSink>> Start(
      const SmtpSinkOptions& options,
      const cordon::testing::CertificateFiles& certificate,
      SmtpMailbox* mailbox, RequestLog* log, const ports::Clock* clock);
  ~SmtpSink();  // Stop()s
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  // Stops accepting, hangs up every connection and waits for their threads.
  // Idempotent.
  void Stop();
  int port() const { return port_; }

 private:
  explicit SmtpSink(const SmtpSinkOptions& options) : options_(options) {}
  absl::Status Listen();
  void AcceptLoop();
  void Serve(int fd);

  const SmtpSinkOptions options_;
  SmtpSessionContext context_{};
  SSL_CTX* tls_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable connections_changed_;
  std::set<int> connections_;  // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SMTP_SINK_H_
