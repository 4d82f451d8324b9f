#ifndef CORDON_SERVER_ADAPTERS_PSA_CONNECTWISE_PSA_H_
#define CORDON_SERVER_ADAPTERS_PSA_CONNECTWISE_PSA_H_

#include <string>

#include "server/adapters/psa/create_once.h"
#include "server/adapters/psa/discovery_cache.h"
#include "server/adapters/psa/psa_call.h"
#include "server/adapters/psa/psa_replies.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

// ConnectWise PSA (Manage) over its REST API 3.0 (docs/psa-setup.md).
// Fields: endpoint = the site ("https://na.myconnectwise.net"), company_id
// = the login company, username/secret = the API member's public/private
// key, client_id = the clientId header, board = service board id, customer
// = the company the ticket is filed under (its numeric id, or its
// identifier).
//   discovery  GET https://{site}/login/companyinfo/{companyId}, cached per
//              (site, company) in this process; forgotten when the base
//              stops answering (404, 502)
//   lookup     GET {api}/service/tickets?conditions=summary contains "..."
//   create     POST {api}/service/tickets
//   note       POST {api}/service/tickets/{id}/notes
//   test       GET {api}/service/boards/{board}
// Thread-safe.
class ConnectWisePsa final : public ports::Psa {
 public:
  static constexpr char kProduct[] = "ConnectWise";
  // The summary's documented maximum length.
  static constexpr size_t kMaxSummaryBytes = 100;

  // `caller` must outlive this.
  explicit ConnectWisePsa(const PsaCaller* caller) : caller_(caller) {}

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& connection,
                                     const ports::PsaTicket& ticket) override;
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& connection,
                                      const std::string& ticket_id,
                                      const std::string& note) override;
  ports::PsaCallOutcome TestConnection(
      const ports::PsaConnection& connection) override;

 private:
  // The integration's fields checked (nothing is sent for a bad one), then
  // the API base from the cache or the discovery call; or why there is none.
  ApiBase Discover(const ports::PsaConnection& connection);
  // One authenticated call to `path` below the API base; forgets the base
  // on 404/502.
  PsaReply Send(const ports::PsaConnection& connection, const ApiBase& api,
                http::HttpMethod method, const std::string& path,
                std::string body);
  ports::PsaCallOutcome Create(const ports::PsaConnection& connection,
                               const ApiBase& api,
                               const ports::PsaTicket& ticket);

  const PsaCaller* caller_;
  DiscoveryCache bases_;
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_CONNECTWISE_PSA_H_
