#ifndef CORDON_SERVER_ADAPTERS_PSA_HALO_PSA_H_
#define CORDON_SERVER_ADAPTERS_PSA_HALO_PSA_H_

#include <string>

#include "server/adapters/psa/create_once.h"
#include "server/adapters/psa/halo_tokens.h"
#include "server/adapters/psa/psa_call.h"
#include "server/adapters/psa/psa_replies.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

// HaloPSA over its REST API (docs/psa-setup.md). Fields: endpoint = the
// Halo URL ("https://x.halopsa.com"; a trailing "/api" is dropped),
// auth_endpoint = the authorisation server (default endpoint + "/auth"),
// company_id = the tenant (hosted Halo), client_id/secret = the API
// application's client credentials, board = team id, customer = client_id
// of the ticket.
//   token   POST {auth}/token (HaloTokens: cached, single-flight)
//   lookup  GET {endpoint}/api/Tickets?search=Cordon:...
//   create  POST {endpoint}/api/Tickets, a JSON array of one ticket
//   note    POST {endpoint}/api/Actions, a JSON array of one action
//   test    the token, then GET {endpoint}/api/Team/{board}
// A 401 from the API forgets the token, so the next attempt gets a new
// one. Thread-safe.
class HaloPsa final : public ports::Psa {
 public:
  static constexpr char kProduct[] = "HaloPSA";
  static constexpr size_t kMaxSummaryBytes = 255;

  // `caller` must outlive this.
  explicit HaloPsa(const PsaCaller* caller)
      : caller_(caller), tokens_(caller) {}

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& connection,
                                     const ports::PsaTicket& ticket) override;
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& connection,
                                      const std::string& ticket_id,
                                      const std::string& note) override;
  ports::PsaCallOutcome TestConnection(
      const ports::PsaConnection& connection) override;

 private:
  // The checked URLs and a token, or the outcome that says why not.
  struct Session {
    ports::PsaCallOutcome failure;
    std::string api;  // "{endpoint}/api"; "" on failure
    std::string auth;
    std::string token;
  };
  Session Open(const ports::PsaConnection& connection);
  PsaReply Send(const ports::PsaConnection& connection, const Session& session,
                http::HttpMethod method, const std::string& path,
                std::string body);
  ports::PsaCallOutcome Create(const ports::PsaConnection& connection,
                               const Session& session,
                               const ports::PsaTicket& ticket);

  const PsaCaller* caller_;
  HaloTokens tokens_;
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_HALO_PSA_H_
