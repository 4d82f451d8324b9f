#ifndef CORDON_SERVER_PORTS_MAILER_H_
#define CORDON_SERVER_PORTS_MAILER_H_

#include <string>
#include <vector>

namespace cordon::ports {

// What one notification says. The engine writes the words; the mailer
// turns them into a message (RFC 5322, MIME, escaping).
struct EmailMessage {
  // Unique per message (e.g. "<escalation>/round/<k>/<recipient>") and the
  // same when a send is repeated after a crash: mailers derive the
  // Message-ID header from it, so the repeat is recognisable, and a mailer
  // that sees the same id twice may drop the second.
  std::string message_id;
  std::string to;  // one address
  std::string subject;
  std::string body;  // the plain-text part

  // For the HTML part; the mailer escapes every string. The title
  // (e.g. the escalation's question), its facts as label/value rows
  // (severity, due time...) and the answers the recipient can give. A
  // message without a title shows its plain body in the HTML part.
  struct Fact {
    std::string label;
    std::string value;
  };
  std::string title;
  std::vector<Fact> facts;
  std::vector<std::string> answers;
};

struct MailOutcome {
  enum class Kind {
    kDelivered,  // a mail server accepted it (SMTP 250), nothing less
    kSpooled,    // written to the development spool; nobody received it
    kRetryable,  // 4xx, connection or TLS failure: the outbox retries
    kPermanent,  // 5xx, or e-mail not configured: never retried
  };
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
