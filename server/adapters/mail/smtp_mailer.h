#ifndef CORDON_SERVER_ADAPTERS_MAIL_SMTP_MAILER_H_
#define CORDON_SERVER_ADAPTERS_MAIL_SMTP_MAILER_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "server/adapters/http/curl_handle_pool.h"
#include "server/adapters/http/curl_share.h"
#include "server/ports/clock.h"
#include "server/ports/mailer.h"

namespace cordon::adapters::mail {

// Checked settings (MailerSetup checks the flags).
struct SmtpOptions {
  // smtp://host[:port] (STARTTLS required: the transfer fails rather than
  // send in clear) or smtps://host[:port] (TLS from the first byte).
  std::string url;
  std::string user;      // empty: no AUTH
  std::string password;  // with user
  std::string from;      // the From header: "Name <addr>" or "addr"
  std::string ca_file;   // empty: the system's CAs
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  // Open connections kept between sends (one per concurrent send).
  size_t max_idle_connections = 4;
};

// SMTP submission over libcurl (ESC-3, ESC-6): one message, one recipient
// per Send, formatted by FormatMessage. TLS always, certificates always
// verified (TLS 1.2 or later). Connections stay open between sends in a
// small pool of easy handles, so a burst of notifications reuses them. The
// outcome follows ClassifySmtp; Send never retries (the outbox does). A
// recipient that is not a plain ASCII address is refused (kPermanent)
// before any connection. Thread-safe.
class SmtpMailer final : public ports::Mailer {
 public:
  // `clock` dates the messages and must outlive the mailer.
  SmtpMailer(SmtpOptions options, const ports::Clock* clock);

  ports::MailOutcome Send(const ports::EmailMessage& message) override;

 private:
  const SmtpOptions options_;
  const std::string envelope_from_;  // "<addr>"
  const ports::Clock* const clock_;
  http::CurlShare share_;
  http::CurlHandlePool pool_;
};

// Whether `address` can be an SMTP envelope address as we send it:
// local@domain in printable ASCII, without spaces, '<', '>', quotes or
// control characters, at most 254 characters.
bool IsPlainAddress(const std::string& address);

}  // namespace cordon::adapters::mail

#endif  // CORDON_SERVER_ADAPTERS_MAIL_SMTP_MAILER_H_
