#ifndef CORDON_TESTS_UNIT_SIM_SERVE_SERVED_PSA_FIXTURE_H_
#define CORDON_TESTS_UNIT_SIM_SERVE_SERVED_PSA_FIXTURE_H_

// The real PSA adapters (ConnectWisePsa, AutotaskPsa, HaloPsa behind
// PsaByKind, over CurlHttpClient) against cordon-sim --serve's fake PSAs on
// loopback HTTPS, trusting its throwaway certificate. Server and adapters
// share one FakeClock, so token lifetimes and Retry-After move only when a
// test says.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/http/curl_http_client.h"
#include "server/adapters/psa/autotask_psa.h"
#include "server/adapters/psa/connectwise_psa.h"
#include "server/adapters/psa/halo_psa.h"
#include "server/adapters/psa/psa_by_kind.h"
#include "server/adapters/psa/psa_call.h"
#include "simulator/event_log.h"
#include "simulator/random.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"

namespace cordon::sim::serve::testing {

// One served product as the tests see it.
struct PsaProduct {
  std::string kind;  // "CONNECTWISE", "AUTOTASK", "HALOPSA"
  std::string desk;  // "connectwise", "autotask", "halopsa"
};

class ServedPsaTest : public ::testing::Test {
 protected:
  // Each call gives up after this (real time): what a timeout test waits.
  static constexpr std::chrono::milliseconds kCallTimeout{1'000};

  void SetUp() override;
  void TearDown() override;
  // New adapters with nothing cached: what a restarted (or kill -9'd)
  // cordon-server has.
  void RestartAdapters();

  // The integration an account would configure for `kind`, pointing at the
  // served fake with the credentials it accepts.
  ports::PsaConnection Connection(const std::string& kind) const;
  static ports::PsaTicket Ticket(const std::string& reference);

  PsaDesk& Desk(const std::string& desk) { return *server_->psas().Desk(desk); }
  // Logged requests whose path contains `part`.
  int CountLogged(const std::string& part) const;
  // Each adapter call with `fault` set on `desk` for one call of
  // `operation` ("" = any).
  void SetFault(const std::string& desk, PsaFailure failure,
                const std::string& operation = "", int times = 0);

  ports::FakeClock clock_;
  EventLog events_{&clock_};
  World world_{&events_};
  Random random_{7};
  std::unique_ptr<SimServer> server_;
  std::unique_ptr<adapters::http::CurlHttpClient> http_;
  std::unique_ptr<adapters::psa::PsaCaller> caller_;
  std::unique_ptr<adapters::psa::ConnectWisePsa> connectwise_;
  std::unique_ptr<adapters::psa::AutotaskPsa> autotask_;
  std::unique_ptr<adapters::psa::HaloPsa> halo_;
  std::unique_ptr<adapters::psa::PsaByKind> psa_;
};

inline void PrintTo(const PsaProduct& product, std::ostream* out) {
  *out << product.desk;
}

// The three products, for parameterized tests.
std::vector<PsaProduct> AllPsaProducts();

}  // namespace cordon::sim::serve::testing

#endif  // CORDON_TESTS_UNIT_SIM_SERVE_SERVED_PSA_FIXTURE_H_
