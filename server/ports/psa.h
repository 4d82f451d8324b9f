#ifndef CORDON_SERVER_PORTS_PSA_H_
#define CORDON_SERVER_PORTS_PSA_H_

#include <string>

#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::ports {

// Where an account's tickets go: its PSA integration (cordon.v1
// PsaIntegration) with the stored secret.
// Each product reads the fields it needs (issue 11, docs/psa-setup.md):
//   field          ConnectWise PSA        Autotask               HaloPSA
//   endpoint       site (company info)    zone-lookup base       resource
//   server auth_endpoint  -                      - authorisation server
//   company_id     login company id       -                      tenant
//   (hosted) board          service board id       queue id               team
//   id customer       company the ticket is  companyID of the       client_id
//   of the
//                  filed under            ticket                 ticket
//   client_id      clientId header        ApiIntegrationCode     OAuth2 client
//   id username       public key             API user name          - secret
//   private key            secret                 client secret
struct PsaConnection {
  std::string account;  // accounts/{a}, for logs
  std::string kind;     // "CONNECTWISE", "AUTOTASK", "HALOPSA"
  std::string endpoint;
  std::string auth_endpoint;
  std::string company_id;
  std::string board;
  std::string customer;
  std::string client_id;
  std::string username;
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
  // Checks that the credentials work and the board/queue exists, without
  // opening a ticket where the product allows it (TestPsaIntegration).
  // Success is a 2xx outcome; otherwise the outcome says what is wrong.
  virtual PsaCallOutcome TestConnection(const PsaConnection& connection) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_PSA_H_
