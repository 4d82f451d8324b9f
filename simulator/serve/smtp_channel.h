#ifndef CORDON_SIMULATOR_SERVE_SMTP_CHANNEL_H_
#define CORDON_SIMULATOR_SERVE_SMTP_CHANNEL_H_

#include <openssl/ssl.h>

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace cordon::sim::serve {

// One SMTP connection's bytes: lines in, replies out, in clear until
// StartTls and through OpenSSL after. Every read and write gives up after
// the idle timeout (socket timeouts), so a silent client frees its thread.
// Owns (and closes) the socket.
class SmtpChannel {
 public:
  enum class Read {
    kLine,     // a line, without its CRLF (or LF)
    kTooLong,  // a line longer than the limit, read and thrown away
    kClosed,   // hang-up, timeout or a TLS error
  };

  SmtpChannel(int fd, absl::Duration idle_timeout);
  ~SmtpChannel();
  SmtpChannel(const SmtpChannel&) = delete;
  SmtpChannel& operator=(const SmtpChannel&) = delete;

  Read ReadLine(size_t max_chars, std::string* line);
  bool Write(absl::string_view text);
  // The server side of a TLS handshake with `context`. What the client sent
  // in clear after STARTTLS is dropped (RFC 3207: no command injection).
  bool StartTls(SSL_CTX* context);
  bool tls() const { return ssl_ != nullptr; }

 private:
  // Appends what arrives next to buffer_; false on hang-up or timeout.
  bool Fill();

  const int fd_;
  SSL* ssl_ = nullptr;
  std::string buffer_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SMTP_CHANNEL_H_
