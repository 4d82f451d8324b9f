#ifndef CORDON_SIMULATOR_SERVE_AUTOTASK_ENDPOINTS_H_
#define CORDON_SIMULATOR_SERVE_AUTOTASK_ENDPOINTS_H_

#include "simulator/serve/psa_desk.h"
#include "simulator/serve/served_psa_accounts.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

// Autotask's REST API (tests/contract/psa/autotask_*.json):
//   GET  /atservicesrest/v1.0/zoneInformation?user=   no auth; url = this
//                                                    host + zone_path
//   POST {zone}/v1.0/Tickets/query                   filter contains title
//   POST {zone}/v1.0/Tickets
//   POST {zone}/v1.0/Tickets/{id}/Notes
//   GET  {zone}/v1.0/Companies/{id}
// Zone calls need the ApiIntegrationCode, UserName and Secret headers (401
// otherwise). A queue or company that is not configured is answered, as
// Autotask does, with HTTP 500 and {"errors":[...]}; a fourth call in
// flight gets 429 (its thread limit; the desk counts).
class AutotaskEndpoints {
 public:
  // Pointers must outlive this.
  AutotaskEndpoints(const ServedAutotask* account, PsaDesk* desk)
      : account_(account), desk_(desk) {}

  WireAnswer ZoneInformation(const WireRequest& request) const;
  WireAnswer QueryTickets(const WireRequest& request) const;
  WireAnswer CreateTicket(const WireRequest& request) const;
  WireAnswer AddNote(const WireRequest& request) const;
  WireAnswer GetCompany(const WireRequest& request) const;

 private:
  WireAnswer Serve(PsaOperation operation, const WireRequest& request,
                   const std::function<WireAnswer()>& work) const;

  const ServedAutotask* account_;
  PsaDesk* desk_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_AUTOTASK_ENDPOINTS_H_
