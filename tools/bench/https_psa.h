#ifndef CORDON_TOOLS_BENCH_HTTPS_PSA_H_
#define CORDON_TOOLS_BENCH_HTTPS_PSA_H_

#include <memory>

#include "absl/status/statusor.h"
#include "cordon/v1/account.pb.h"
#include "server/adapters/psa/rest_psa_setup.h"
#include "server/ports/clock.h"
#include "server/ports/psa.h"
#include "simulator/event_log.h"
#include "simulator/random.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"

namespace cordon::bench {

// The PSAs as cordon-server talks to them with --psa_ca_file — RestPsaSetup:
// CurlHttpClient and the ConnectWise, Autotask and HaloPSA adapters — against
// the fakes cordon-sim --serve serves (sim::serve::SimServer) on loopback
// HTTPS: the real adapters, TLS, discovery and HaloPSA's OAuth included.
class HttpsPsa {
 public:
  // `clock` must outlive the result.
  static absl::StatusOr<std::unique_ptr<HttpsPsa>> Start(
      const ports::Clock* clock);

  // The port cordon-server's engine delivers through (PsaByKind).
  ports::Psa& psa() { return setup_->psa(); }
  // The integration the served `kind` accepts (docs/psa-setup.md, "Trying
  // it against the simulator").
  cordon::v1::PsaIntegration Integration(
      cordon::v1::PsaIntegration::Kind kind) const;

 private:
  explicit HttpsPsa(const ports::Clock* clock) : log_(clock) {}

  // Members go in reverse order: the adapters before the server they are
  // connected to.
  sim::EventLog log_;
  sim::World world_{&log_};  // no tenant: only the PSAs are asked
  sim::Random random_{1};
  sim::serve::ServeOptions serve_;
  std::unique_ptr<sim::serve::SimServer> server_;
  std::unique_ptr<adapters::psa::RestPsaSetup> setup_;
};

}  // namespace cordon::bench

#endif  // CORDON_TOOLS_BENCH_HTTPS_PSA_H_
