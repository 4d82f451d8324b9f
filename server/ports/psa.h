#ifndef CORDON_SERVER_PORTS_PSA_H_
#define CORDON_SERVER_PORTS_PSA_H_

#include <string>

#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::ports {

// Where an account's tickets go: its PSA integration (cordon.v1
// PsaIntegration) with the stored secret.
struct PsaConnection {
  std::string account;  // accounts/{a}, for logs
  std::string kind;     // "CONNECTWISE", "AUTOTASK", "HALOPSA"
  std::string endpoint;
  std::string board;
  std::string secret;
};

struct PsaTicket {
  // A key unique to what the ticket is about (an escalation or incident
  // report name): a PSA that already holds a ticket with this reference
  // returns that one instead of opening a second, so that a create repeated
  // after a crash does not duplicate the ticket.
  std::string reference;
  std::string title;
  std::string body;
  std::string priority;  // "LOW", "HIGH", "CRITICAL"
};

// The HTTP-level answer of the PSA, for core::ClassifyPsaOutcome.
struct PsaCallOutcome {
  int http_status = 200;
  bool timed_out = false;
  absl::optional<absl::Duration> retry_after;
  // The PSA's own words on failure ("invalid board", "token expired").
  std::string message;
  // CreateTicket on success: the ticket's id in the PSA.
  std::string ticket_id;
};

// The account's ticketing system (ESC-2, ESC-3). Implementations never
// retry by themselves (the outbox worker owns retries). Thread-safe.
class Psa {
 public:
  virtual ~Psa() = default;
  virtual PsaCallOutcome CreateTicket(const PsaConnection& connection,
                                      const PsaTicket& ticket) = 0;
  // Adds a note to an existing ticket (a re-notification).
  virtual PsaCallOutcome AddTicketNote(const PsaConnection& connection,
                                       const std::string& ticket_id,
                                       const std::string& note) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_PSA_H_
