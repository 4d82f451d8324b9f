#ifndef CORDON_SIMULATOR_SERVE_SMTP_SESSION_H_
#define CORDON_SIMULATOR_SERVE_SMTP_SESSION_H_

#include <openssl/ssl.h>

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/ports/clock.h"
#include "simulator/serve/request_log.h"
#include "simulator/serve/smtp_channel.h"
#include "simulator/serve/smtp_mailbox.h"

namespace cordon::sim::serve {

// What the SMTP sink accepts (docs/simulator.md, "The SMTP sink").
struct SmtpSinkOptions {
  bool enabled = false;
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = any free port
  // "" = no AUTH offered; else AUTH PLAIN/LOGIN with these is required.
  std::string user;
  std::string password;
  size_t max_message_bytes = 1 << 20;  // DATA beyond this: 552
  size_t max_connections = 16;         // more: 421 and closed
  absl::Duration idle_timeout = absl::Seconds(30);
  // Accepted messages the mailbox keeps (the oldest go first): a runaway
  // client cannot fill the memory, a long crash loop can raise it.
  size_t max_kept_messages = kDefaultKeptMessages;
};

// What every session of one sink shares. Pointers outlive the sessions.
struct SmtpSessionContext {
  const SmtpSinkOptions* options;
  SmtpMailbox* mailbox;
  RequestLog* log;  // one entry per reply: method "SMTP", path the verb
  const ports::Clock* clock;
  SSL_CTX* tls;
};

// One SMTP conversation (RFC 5321 submission, RFC 3207 STARTTLS, RFC 4954
// AUTH PLAIN and LOGIN): STARTTLS before AUTH and MAIL, AUTH before MAIL
// when a user is configured, per-recipient faults from the mailbox, and the
// accepted message kept there. Bad input gets a 5xx reply; too many of them
// end the session with 421.
class SmtpSession {
 public:
  SmtpSession(SmtpChannel* channel, const SmtpSessionContext& context);
  // Greets, then serves commands until QUIT, a hang-up or the idle timeout.
  void Run();

 private:
  // False when the session ends.
  bool Command(const std::string& line);
  // One request log entry (never a secret: the verb and the code).
  void Log(int code, absl::string_view verb, absl::string_view fault);
  bool Reply(int code, absl::string_view text, absl::string_view verb,
             absl::string_view fault = "");
  bool Ehlo(absl::string_view verb);
  bool StartTls();
  bool Auth(absl::string_view args);
  // The client's next line, base64-decoded; false when there is none.
  bool ReadSecret(std::string* decoded);
  bool Mail(absl::string_view args);
  bool Rcpt(absl::string_view args);
  bool Data();
  // "" when the session may start a transaction, else the refusal.
  std::string MailRefusal() const;
  void Reset();

  SmtpChannel* const channel_;
  const SmtpSessionContext context_;
  bool greeted_ = false;
  bool authenticated_ = false;
  bool has_from_ = false;
  std::string from_;
  std::vector<std::string> recipients_;
  int errors_ = 0;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SMTP_SESSION_H_
