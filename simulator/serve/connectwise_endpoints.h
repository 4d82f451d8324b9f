#ifndef CORDON_SIMULATOR_SERVE_CONNECTWISE_ENDPOINTS_H_
#define CORDON_SIMULATOR_SERVE_CONNECTWISE_ENDPOINTS_H_

#include "simulator/serve/psa_desk.h"
#include "simulator/serve/served_psa_accounts.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

// A ConnectWise PSA site (tests/contract/psa/connectwise_*.json):
//   GET  /login/companyinfo/{company}        no auth; SiteUrl = this host
//   GET  /{codebase}apis/3.0/service/tickets?conditions=summary contains ".."
//   POST /{codebase}apis/3.0/service/tickets
//   POST /{codebase}apis/3.0/service/tickets/{id}/notes
//   GET  /{codebase}apis/3.0/service/boards/{id}
// API calls need Basic {company}+{public}:{private} and the clientId
// header (401 otherwise); a board that is not configured is 400 with the
// InvalidObject body.
class ConnectWiseEndpoints {
 public:
  // Pointers must outlive this.
  ConnectWiseEndpoints(const ServedConnectWise* account, PsaDesk* desk)
      : account_(account), desk_(desk) {}

  WireAnswer CompanyInfo(const WireRequest& request) const;
  WireAnswer ListTickets(const WireRequest& request) const;
  WireAnswer CreateTicket(const WireRequest& request) const;
  WireAnswer AddNote(const WireRequest& request) const;
  WireAnswer GetBoard(const WireRequest& request) const;

 private:
  // Checks the credentials, then runs `work` through the desk's faults.
  WireAnswer Serve(PsaOperation operation, const WireRequest& request,
                   const std::function<WireAnswer()>& work) const;

  const ServedConnectWise* account_;
  PsaDesk* desk_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_CONNECTWISE_ENDPOINTS_H_
