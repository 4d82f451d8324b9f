#ifndef CORDON_SERVER_ADAPTERS_PSA_AUTOTASK_PSA_H_
#define CORDON_SERVER_ADAPTERS_PSA_AUTOTASK_PSA_H_

#include <chrono>
#include <string>

#include "server/adapters/psa/concurrency_limit.h"
#include "server/adapters/psa/create_once.h"
#include "server/adapters/psa/discovery_cache.h"
#include "server/adapters/psa/psa_call.h"
#include "server/adapters/psa/psa_replies.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

// Autotask (Datto) over its REST API v1.0 (docs/psa-setup.md). Fields:
// endpoint = the zone lookup's base (kDefaultZoneLookup when empty),
// username = the API user, secret = its secret, client_id = the API
// tracking identifier (ApiIntegrationCode), board = queue id, customer =
// the companyID of the ticket.
//   discovery  GET {endpoint}/v1.0/zoneInformation?user={username}, cached
//              per (endpoint, user); forgotten when the zone stops
//              answering (404, 502)
//   lookup     POST {zone}/Tickets/query, title contains "Cordon:..."
//   create     POST {zone}/Tickets
//   note       POST {zone}/Tickets/{id}/Notes
//   test       GET {zone}/Companies/{customer}
// Autotask answers a request it will not accept (bad queue id) with HTTP
// 500 and {"errors":[...]}: such an answer becomes 422 (permanent), while a
// 500 without those words stays retryable. At most kMaxInFlight calls per
// zone run at once (its thread limit); a call that finds no slot within the
// call timeout is answered 429 with a Retry-After of a second, having sent
// nothing. Thread-safe.
class AutotaskPsa final : public ports::Psa {
 public:
  static constexpr char kProduct[] = "Autotask";
  static constexpr char kDefaultZoneLookup[] =
      "https://webservices.autotask.net/atservicesrest";
  static constexpr size_t kMaxTitleBytes = 255;
  static constexpr int kMaxInFlight = 3;

  // `caller` must outlive this; `slot_wait` bounds the wait for a slot.
  AutotaskPsa(const PsaCaller* caller, std::chrono::milliseconds slot_wait)
      : caller_(caller), slot_wait_(slot_wait), in_flight_(kMaxInFlight) {}

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
  // One authenticated call to `path` below the zone, in one of the zone's
  // slots; forgets the zone on 404/502.
  PsaReply Send(const ports::PsaConnection& connection, const ApiBase& api,
                http::HttpMethod method, const std::string& path,
                std::string body);
  TagLookup LookUp(const ports::PsaConnection& connection, const ApiBase& api,
                   const std::string& reference);
  ports::PsaCallOutcome Create(const ports::PsaConnection& connection,
                               const ApiBase& api,
                               const ports::PsaTicket& ticket);

  const PsaCaller* caller_;
  const std::chrono::milliseconds slot_wait_;
  DiscoveryCache zones_;
  ConcurrencyLimit in_flight_;
};

// Autotask's 500 with validation words as 422 (see AutotaskPsa); any other
// outcome unchanged.
ports::PsaCallOutcome ReclassifyAutotaskOutcome(ports::PsaCallOutcome outcome,
                                                absl::string_view words);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_AUTOTASK_PSA_H_
