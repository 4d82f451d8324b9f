#ifndef CORDON_SERVER_ADAPTERS_MAIL_SPOOL_MAILER_H_
#define CORDON_SERVER_ADAPTERS_MAIL_SPOOL_MAILER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/ports/clock.h"
#include "server/ports/mailer.h"

namespace cordon::adapters::mail {

struct SpoolMailerOptions {
  // The From: header of every message.
  std::string from = "Cordon <cordon@localhost>";
};

// The development mailer (cordon-server --mail_spool_dir): each message
// becomes one RFC 5322 file (FormatMessage), <directory>/<SpoolFileName(
// message_id)>, so that a developer can read what would have been mailed.
// Nothing is sent: every success is kSpooled, never kDelivered. A file is
// written under a temporary name, fsync'd, renamed into place and the directory
// fsync'd, so a spooled message is whole and survives a crash. A
// message_id already spooled is not written again (the port allows
// dropping a repeated id) and is answered kSpooled. Files are mode 0600:
// notifications name identities and sign-ins. I/O errors answer
// kRetryable. Thread-safe.
class SpoolMailer final : public ports::Mailer {
 public:
  // Creates `directory` (mode 0700) if missing. `clock` dates the messages
  // and must outlive the mailer.
  static absl::StatusOr<std::unique_ptr<SpoolMailer>> Create(
      std::string directory, const ports::Clock* clock,
      SpoolMailerOptions options = {});

  ports::MailOutcome Send(const ports::EmailMessage& message) override;

  const std::string& directory() const { return directory_; }

 private:
  SpoolMailer(std::string directory, const ports::Clock* clock,
              SpoolMailerOptions options);

  const std::string directory_;
  const ports::Clock* const clock_;
  const SpoolMailerOptions options_;
};

// The file name of a message: the id with [A-Za-z0-9.+@-] kept, '/' as '_'
// and every other byte (and a leading '.') as %XX, so that two ids never
// share a file; ids whose name would be longer than 200 characters are cut
// and end with a hash of the whole id. Ends with ".eml".
std::string SpoolFileName(absl::string_view message_id);

}  // namespace cordon::adapters::mail

#endif  // CORDON_SERVER_ADAPTERS_MAIL_SPOOL_MAILER_H_
