#include "server/adapters/mail/smtp_outcome.h"

#include "absl/strings/str_cat.h"

namespace cordon::adapters::mail {

ports::MailOutcome ClassifySmtp(const SmtpAttempt& attempt,
                                absl::string_view server,
                                absl::string_view to) {
  using Kind = ports::MailOutcome::Kind;
  const std::string reply = attempt.reply_text.empty()
                                ? absl::StrCat(attempt.reply_code)
                                : attempt.reply_text;
  if (attempt.transfer_ok) {
    return {Kind::kDelivered,
            absl::StrCat(server, " accepted it for ", to, " (", reply, ")")};
  }
  // A 2xx or 3xx last reply means the failure was ours or the link's (a
  // STARTTLS the server does not offer, a certificate that does not
  // verify), not the server's answer to the message.
  if (attempt.reply_code >= 500 && attempt.reply_code < 600) {
    return {Kind::kPermanent,
            absl::StrCat(server, " refused it for ", to, ": ", reply)};
  }
  if (attempt.reply_code >= 400 && attempt.reply_code < 500) {
    return {Kind::kRetryable,
            absl::StrCat(server, " deferred it for ", to, ": ", reply)};
  }
  return {Kind::kRetryable,
          absl::StrCat("cannot submit to ", server, ": ", attempt.error)};
}

}  // namespace cordon::adapters::mail
