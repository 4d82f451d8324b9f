#ifndef CORDON_SERVER_ADAPTERS_MAIL_MAILER_SETUP_H_
#define CORDON_SERVER_ADAPTERS_MAIL_MAILER_SETUP_H_

// cordon-server's e-mail settings (its --smtp_* , --mail_from and
// --mail_spool_dir flags), checked, and the mailer they choose: SMTP, the
// development spool, or none (UnconfiguredMailer).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/ports/clock.h"
#include "server/ports/mailer.h"

namespace cordon::adapters::mail {

// Field names follow the flags, and errors name the flag.
struct MailSettings {
  std::string smtp_url;            // smtp://host[:port] or smtps://...
  std::string smtp_user;           // AUTH user, with the password file
  std::string smtp_password_file;  // mode 0600
  std::string mail_from;           // "Name <addr>" or "addr"
  std::string smtp_ca_file;        // trust these instead of the system's
  absl::Duration smtp_timeout = absl::Seconds(30);  // per message
  std::string mail_spool_dir;  // development: write files, send nothing
};

class MailerSetup {
 public:
  // INVALID_ARGUMENT naming the flag for: --smtp_url with --mail_spool_dir;
  // an SMTP flag without --smtp_url; a URL that is not smtp:// or smtps://
  // host[:port] (no user info, path, query or fragment); --smtp_user
  // without --smtp_password_file or the reverse; --smtp_url without
  // --mail_from, or a --mail_from that is not "Name <addr>" or "addr" in
  // ASCII; a timeout outside 1s..5m; an unreadable --smtp_ca_file.
  // FAILED_PRECONDITION for a password file readable by others, missing or
  // empty, or a spool directory that cannot be made. Never echoes the
  // password. `clock` must outlive the result.
  static absl::StatusOr<std::unique_ptr<MailerSetup>> Create(
      const MailSettings& settings, const ports::Clock* clock);

  ports::Mailer& mailer() { return *mailer_; }
  // For the start-up line, e.g. "SMTP smtp://mail.example:587 (STARTTLS
  // required) as cordon@example, from Cordon <cordon@example>". Names no
  // secret.
  const std::string& description() const { return description_; }

 private:
  MailerSetup(std::unique_ptr<ports::Mailer> mailer, std::string description)
      : mailer_(std::move(mailer)), description_(std::move(description)) {}

  std::unique_ptr<ports::Mailer> mailer_;
  std::string description_;
};

}  // namespace cordon::adapters::mail

#endif  // CORDON_SERVER_ADAPTERS_MAIL_MAILER_SETUP_H_
