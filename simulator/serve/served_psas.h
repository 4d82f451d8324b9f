#ifndef CORDON_SIMULATOR_SERVE_SERVED_PSAS_H_
#define CORDON_SIMULATOR_SERVE_SERVED_PSAS_H_

// The three served PSAs together (docs/simulator.md, "Served PSAs"): their
// desks, their endpoints, and the /_sim/psa/ knobs:
//   POST /_sim/psa/{product}/fault  {"fault": "expired_credentials" |
//        "bad_board" | "throttled" | "timeout" | "timeout_after_effect" |
//        "server_error", "operation": "lookup" | "create" | "note" | "test"
//        | "token" | "discovery" (default: every API call), "times": n
//        (default 0 = until fixed), "retry_after_seconds", "hold_ms",
//        "delay_ms"}; {"fault": "none", "delay_ms": n} only slows calls
//   POST /_sim/psa/{product}/fix    clears the fault, releases held answers
//   GET  /_sim/psa/{product}/tickets  {"tickets":[...], "max_in_flight": n}
// {product} is connectwise, autotask or halopsa.

#include <string>
#include <vector>

#include "server/ports/clock.h"
#include "simulator/serve/autotask_endpoints.h"
#include "simulator/serve/connectwise_endpoints.h"
#include "simulator/serve/halo_endpoints.h"
#include "simulator/serve/psa_desk.h"
#include "simulator/serve/served_psa_accounts.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

class ServedPsas {
 public:
  // `clock` must outlive this.
  ServedPsas(ServedPsaAccounts accounts, const ports::Clock* clock);

  ConnectWiseEndpoints& connectwise() { return connectwise_; }
  AutotaskEndpoints& autotask() { return autotask_; }
  HaloEndpoints& halo() { return halo_; }
  // nullptr for an unknown product name.
  PsaDesk* Desk(const std::string& product);

  // The /_sim/psa/ handlers; captures: the product.
  WireAnswer SetFault(const WireRequest& request);
  WireAnswer Fix(const WireRequest& request);
  WireAnswer Tickets(const WireRequest& request);

  // Releases every held answer (before the server stops).
  void ReleaseAll();

 private:
  const ServedPsaAccounts accounts_;
  PsaDesk connectwise_desk_;
  PsaDesk autotask_desk_;
  PsaDesk halo_desk_;
  ConnectWiseEndpoints connectwise_;
  AutotaskEndpoints autotask_;
  HaloEndpoints halo_;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SERVED_PSAS_H_
