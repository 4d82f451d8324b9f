#ifndef CORDON_SERVER_MAIL_FLAGS_H_
#define CORDON_SERVER_MAIL_FLAGS_H_

#include "server/adapters/mail/mailer_setup.h"

namespace cordon {

// cordon-server's e-mail flags (--smtp_url, --smtp_user,
// --smtp_password_file, --mail_from, --smtp_ca_file, --smtp_timeout,
// --mail_spool_dir), unchecked: MailerSetup::Create checks them.
adapters::mail::MailSettings MailSettingsFromFlags();

}  // namespace cordon

#endif  // CORDON_SERVER_MAIL_FLAGS_H_
