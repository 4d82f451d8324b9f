#ifndef CORDON_SIMULATOR_SERVE_SERVED_PSA_ACCOUNTS_H_
#define CORDON_SIMULATOR_SERVE_SERVED_PSA_ACCOUNTS_H_

// The credentials and records the served PSAs accept (docs/simulator.md,
// "Served PSAs"). The defaults are what tests and docs/psa-setup.md's
// walk-through use; all are made up.

#include <set>
#include <string>

#include "absl/time/time.h"

namespace cordon::sim::serve {

struct ServedConnectWise {
  std::string company_id = "contoso";
  std::string public_key = "cw-public-key";
  std::string private_key = "cw-private-key";
  std::string client_id = "cw-client-id";
  // The release path companyinfo answers; the API lives below it.
  std::string codebase = "v2025_1/";
  std::set<std::string> boards = {"1"};
};

struct ServedAutotask {
  std::string username = "cordon-api@contoso.example";
  std::string secret = "at-secret";
  std::string integration_code = "at-integration-code";
  // The zone's REST base path zoneInformation answers (its "url").
  std::string zone_path = "/zone3/ATServicesRest";
  std::set<std::string> queues = {"29683481"};
  std::set<std::string> companies = {"250"};
};

struct ServedHalo {
  std::string client_id = "halo-client-id";
  std::string client_secret = "halo-client-secret";
  std::string tenant = "contoso";  // "" = self-hosted, no ?tenant=
  std::set<std::string> teams = {"2"};
  absl::Duration token_lifetime = absl::Hours(1);
};

struct ServedPsaAccounts {
  ServedConnectWise connectwise;
  ServedAutotask autotask;
  ServedHalo halo;
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SERVED_PSA_ACCOUNTS_H_
