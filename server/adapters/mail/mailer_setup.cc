#include "server/adapters/mail/mailer_setup.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/adapters/mail/mime_message.h"
#include "server/adapters/mail/smtp_mailer.h"
#include "server/adapters/mail/spool_mailer.h"
#include "server/adapters/mail/unconfigured_mailer.h"
#include "server/adapters/secret_file.h"
#include "server/core/errors.h"

namespace cordon::adapters::mail {
namespace {

constexpr absl::Duration kMinTimeout = absl::Seconds(1);
constexpr absl::Duration kMaxTimeout = absl::Minutes(5);
// A connection that takes longer than this to open will not open.
constexpr absl::Duration kMaxConnectTimeout = absl::Seconds(5);

absl::Status Invalid(absl::string_view flag, absl::string_view value,
                     absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, "=", value, " ", why));
}

bool PrintableAscii(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 &&
           static_cast<unsigned char>(c) < 0x7f;
  });
}

// smtp://host[:port] or smtps://host[:port], an optional trailing '/':
// nothing a URL could hide a second meaning (or a password) in.
absl::Status CheckUrl(absl::string_view url) {
  absl::string_view rest = url;
  const bool scheme = absl::ConsumePrefix(&rest, "smtp://") ||
                      absl::ConsumePrefix(&rest, "smtps://");
  absl::ConsumeSuffix(&rest, "/");
  const absl::string_view host = rest.substr(0, rest.find(':'));
  const bool clean = PrintableAscii(url) &&
                     rest.find_first_of("@/?#\\ ") == absl::string_view::npos;
  if (!scheme || host.empty() || !clean) {
    return Invalid("smtp_url", url,
                   "is not smtp://host[:port] (STARTTLS) or "
                   "smtps://host[:port] (TLS), without user info or path");
  }
  return absl::OkStatus();
}

absl::Status CheckFrom(absl::string_view from) {
  const bool named = absl::StrContains(from, '<');
  if (!PrintableAscii(from) || !IsPlainAddress(AddressOf(from)) ||
      (named && !absl::EndsWith(from, ">")) ||
      from.find_first_of("\"\\,;") != absl::string_view::npos) {
    return Invalid("mail_from", from,
                   "is not \"Name <address>\" or \"address\" in ASCII "
                   "(no quotes, commas or semicolons)");
  }
  return absl::OkStatus();
}

absl::Status CheckSmtpShape(const MailSettings& settings) {
  if (!settings.mail_spool_dir.empty()) {
    return absl::InvalidArgumentError(
        "give --smtp_url (send) or --mail_spool_dir (write files, "
        "development), not both");
  }
  CORDON_RETURN_IF_ERROR(CheckUrl(settings.smtp_url));
  if (settings.smtp_user.empty() != settings.smtp_password_file.empty()) {
    return absl::InvalidArgumentError(
        settings.smtp_user.empty()
            ? "--smtp_user is required with --smtp_password_file"
            : "--smtp_password_file is required with --smtp_user");
  }
  if (settings.mail_from.empty()) {
    return absl::InvalidArgumentError(
        "--mail_from is required with --smtp_url: the sender address, e.g. "
        "\"Cordon <cordon@msp.example>\"");
  }
  CORDON_RETURN_IF_ERROR(CheckFrom(settings.mail_from));
  if (settings.smtp_timeout < kMinTimeout ||
      settings.smtp_timeout > kMaxTimeout) {
    return Invalid("smtp_timeout", absl::FormatDuration(settings.smtp_timeout),
                   "must be between 1s and 5m");
  }
  if (!settings.smtp_ca_file.empty() &&
      !std::ifstream(settings.smtp_ca_file).good()) {
    return Invalid("smtp_ca_file", settings.smtp_ca_file, "cannot be read");
  }
  return absl::OkStatus();
}

// The SMTP-only flags given without --smtp_url, named.
absl::Status CheckNoSmtpFlags(const MailSettings& settings) {
  for (const auto& [flag, value] :
       {std::pair<const char*, const std::string*>{"smtp_user",
                                                   &settings.smtp_user},
        {"smtp_password_file", &settings.smtp_password_file},
        {"smtp_ca_file", &settings.smtp_ca_file}}) {
    if (!value->empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, " needs --smtp_url"));
    }
  }
  return absl::OkStatus();
}

std::chrono::milliseconds Millis(absl::Duration duration) {
  return std::chrono::milliseconds(absl::ToInt64Milliseconds(duration));
}

absl::StatusOr<std::unique_ptr<ports::Mailer>> NewSmtpMailer(
    const MailSettings& settings, const ports::Clock* clock) {
  SmtpOptions options;
  options.url = settings.smtp_url;
  options.user = settings.smtp_user;
  if (!settings.smtp_password_file.empty()) {
    absl::StatusOr<std::string> password =
        ReadSecretFile(settings.smtp_password_file);
    if (!password.ok()) {
      return absl::Status(
          password.status().code(),
          absl::StrCat("--smtp_password_file: ", password.status().message()));
    }
    options.password = *std::move(password);
  }
  options.from = settings.mail_from;
  options.ca_file = settings.smtp_ca_file;
  options.connect_timeout =
      Millis(std::min(settings.smtp_timeout, kMaxConnectTimeout));
  options.total_timeout = Millis(settings.smtp_timeout);
  return std::make_unique<SmtpMailer>(std::move(options), clock);
}

std::string SmtpDescription(const MailSettings& settings) {
  return absl::StrCat(
      "SMTP ", settings.smtp_url,
      absl::StartsWith(settings.smtp_url, "smtps://") ? " (TLS)"
                                                      : " (STARTTLS required)",
      settings.smtp_user.empty() ? " without AUTH"
                                 : absl::StrCat(" as ", settings.smtp_user),
      ", from ", settings.mail_from);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MailerSetup>> MailerSetup::Create(
    const MailSettings& settings, const ports::Clock* clock) {
  if (!settings.smtp_url.empty()) {
    CORDON_RETURN_IF_ERROR(CheckSmtpShape(settings));
    CORDON_ASSIGN_OR_RETURN(std::unique_ptr<ports::Mailer> smtp,
                            NewSmtpMailer(settings, clock));
    return std::unique_ptr<MailerSetup>(
        new MailerSetup(std::move(smtp), SmtpDescription(settings)));
  }
  CORDON_RETURN_IF_ERROR(CheckNoSmtpFlags(settings));
  if (!settings.mail_from.empty()) {
    CORDON_RETURN_IF_ERROR(CheckFrom(settings.mail_from));
  }
  if (settings.mail_spool_dir.empty()) {
    return std::unique_ptr<MailerSetup>(new MailerSetup(
        std::make_unique<UnconfiguredMailer>(),
        "not configured (no --smtp_url): every e-mail notification fails "
        "and says so"));
  }
  SpoolMailerOptions options;
  if (!settings.mail_from.empty()) options.from = settings.mail_from;
  CORDON_ASSIGN_OR_RETURN(
      std::unique_ptr<SpoolMailer> spool,
      SpoolMailer::Create(settings.mail_spool_dir, clock, std::move(options)));
  return std::unique_ptr<MailerSetup>(new MailerSetup(
      std::move(spool),
      absl::StrCat("development spool ", settings.mail_spool_dir,
                   "/*.eml (nothing is sent; notifications show SPOOLED)")));
}

}  // namespace cordon::adapters::mail
