#ifndef CORDON_SERVER_ADAPTERS_MAIL_UNCONFIGURED_MAILER_H_
#define CORDON_SERVER_ADAPTERS_MAIL_UNCONFIGURED_MAILER_H_

#include "server/ports/mailer.h"

namespace cordon::adapters::mail {

// cordon-server without --smtp_url or --mail_spool_dir: every send fails
// for good with a detail that says why, so each notification's history
// shows that e-mail is not configured instead of retrying forever or
// pretending delivery.
class UnconfiguredMailer final : public ports::Mailer {
 public:
  ports::MailOutcome Send(const ports::EmailMessage&) override {
    return {ports::MailOutcome::Kind::kPermanent,
            "e-mail is not configured on this server (--smtp_url)"};
  }
};

}  // namespace cordon::adapters::mail

#endif  // CORDON_SERVER_ADAPTERS_MAIL_UNCONFIGURED_MAILER_H_
