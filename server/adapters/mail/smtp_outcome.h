#ifndef CORDON_SERVER_ADAPTERS_MAIL_SMTP_OUTCOME_H_
#define CORDON_SERVER_ADAPTERS_MAIL_SMTP_OUTCOME_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/ports/mailer.h"

namespace cordon::adapters::mail {

// What one SMTP submission came to, as libcurl reports it.
struct SmtpAttempt {
  bool transfer_ok = false;  // libcurl finished the transfer (CURLE_OK)
  long reply_code = 0;       // the server's last reply (0: none)
  std::string reply_text;    // its last reply line, e.g. "550 5.1.1 unknown"
  std::string error;         // libcurl's message when !transfer_ok
};

// ESC-9's outcome of a submission to `server` for `to`: DELIVERED only when
// the transfer finished (the server answered 250 to the message); a 5xx
// reply is permanent (the recipient or the message is refused for good);
// a 4xx reply, a failed connection, TLS handshake or verification, and a
// timeout are retryable. The detail names the server, the recipient and
// the reply, never a password.
ports::MailOutcome ClassifySmtp(const SmtpAttempt& attempt,
                                absl::string_view server, absl::string_view to);

}  // namespace cordon::adapters::mail

#endif  // CORDON_SERVER_ADAPTERS_MAIL_SMTP_OUTCOME_H_
