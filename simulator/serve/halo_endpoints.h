#ifndef CORDON_SIMULATOR_SERVE_HALO_ENDPOINTS_H_
#define CORDON_SIMULATOR_SERVE_HALO_ENDPOINTS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "absl/time/time.h"
#include "server/ports/clock.h"
#include "simulator/serve/psa_desk.h"
#include "simulator/serve/served_psa_accounts.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

// A HaloPSA instance (tests/contract/psa/halopsa_*.json):
//   POST /auth/token[?tenant=]   client credentials, scope all
//   GET  /api/Tickets?search=    {"record_count","tickets"}
//   POST /api/Tickets            a JSON array of one ticket
//   POST /api/Actions            a JSON array of one action
//   GET  /api/Team/{id}
// API calls need a bearer token this server issued and that has not
// expired by the clock (401 otherwise); a team that is not configured is
// 400. Thread-safe.
class HaloEndpoints {
 public:
  // Pointers must outlive this.
  HaloEndpoints(const ServedHalo* account, PsaDesk* desk,
                const ports::Clock* clock)
      : account_(account), desk_(desk), clock_(clock) {}

  WireAnswer Token(const WireRequest& request);
  WireAnswer SearchTickets(const WireRequest& request);
  WireAnswer CreateTicket(const WireRequest& request);
  WireAnswer AddAction(const WireRequest& request);
  WireAnswer GetTeam(const WireRequest& request);

  // Tokens issued so far.
  int tokens_issued() const;

 private:
  WireAnswer Serve(PsaOperation operation, const WireRequest& request,
                   const std::function<WireAnswer()>& work);
  bool TokenValid(const std::string& authorization) const;

  const ServedHalo* account_;
  PsaDesk* desk_;
  const ports::Clock* clock_;
  mutable std::mutex mutex_;
  std::map<std::string, absl::Time> tokens_;  // guarded by mutex_
  int issued_ = 0;                            // guarded by mutex_
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_HALO_ENDPOINTS_H_
