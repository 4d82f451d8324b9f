#ifndef CORDON_SERVER_PORTS_MAILER_H_
#define CORDON_SERVER_PORTS_MAILER_H_

#include <string>

namespace cordon::ports {

struct EmailMessage {
  // Unique per message (e.g. "<escalation>/round/<k>/<recipient>"): a
  // mailer that sees the same id twice (a send repeated after a crash)
  // may drop the second.
  std::string message_id;
  std::string to;
  std::string subject;
  std::string body;
};

struct MailOutcome {
  enum class Kind { kDelivered, kRetryable, kPermanent };
  Kind kind = Kind::kDelivered;
  std::string detail;  // e.g. "550 mailbox unavailable"
};

// Outgoing e-mail (ESC-3, ESC-6). Implementations never retry by
// themselves. Thread-safe.
class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual MailOutcome Send(const EmailMessage& message) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_MAILER_H_
