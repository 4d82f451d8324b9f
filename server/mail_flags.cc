#include "server/mail_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, smtp_url, "",
          "mail submission server: smtp://host[:port] (STARTTLS required) or "
          "smtps://host[:port]; without it (and --mail_spool_dir) e-mail is "
          "not configured and notifications say so");
ABSL_FLAG(std::string, smtp_user, "", "SMTP AUTH user name");
ABSL_FLAG(std::string, smtp_password_file, "",
          "file holding the SMTP AUTH password (mode 0600)");
ABSL_FLAG(std::string, mail_from, "",
          "From of every message, \"Name <address>\" or \"address\"; "
          "required with --smtp_url");
ABSL_FLAG(std::string, smtp_ca_file, "",
          "PEM certificates to trust for the SMTP server instead of the "
          "system's (tests, private CAs)");
ABSL_FLAG(absl::Duration, smtp_timeout, absl::Seconds(30),
          "total time one message's submission may take");
ABSL_FLAG(std::string, mail_spool_dir, "",
          "development only: write each e-mail as a file here instead of "
          "sending it (notifications show SPOOLED); not with --smtp_url");

namespace cordon {

adapters::mail::MailSettings MailSettingsFromFlags() {
  adapters::mail::MailSettings settings;
  settings.smtp_url = absl::GetFlag(FLAGS_smtp_url);
  settings.smtp_user = absl::GetFlag(FLAGS_smtp_user);
  settings.smtp_password_file = absl::GetFlag(FLAGS_smtp_password_file);
  settings.mail_from = absl::GetFlag(FLAGS_mail_from);
  settings.smtp_ca_file = absl::GetFlag(FLAGS_smtp_ca_file);
  settings.smtp_timeout = absl::GetFlag(FLAGS_smtp_timeout);
  settings.mail_spool_dir = absl::GetFlag(FLAGS_mail_spool_dir);
  return settings;
}

}  // namespace cordon
