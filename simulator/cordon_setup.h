#ifndef CORDON_SIMULATOR_CORDON_SETUP_H_
#define CORDON_SIMULATOR_CORDON_SETUP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/identity.pb.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// One customer organization and its Microsoft 365 tenant.
struct OrganizationSetup {
  std::string display_name = "Contoso";
  std::string tenant_id = "00000000-0000-0000-0000-000000000001";
  std::vector<std::string> domains = {"contoso.com"};
  bool excluded_from_isolation = false;
  // Hybrid directory: an on-prem AD server, with our agent at this version
  // ("" = no agent).
  bool hybrid = false;
  std::string agent_version = "";
  // Users per page of the tenant's delta query (ISO-12).
  int delta_page_size = 100;
};

// One identity, in Cordon and in the tenant.
struct IdentitySetup {
  std::string upn;
  bool hybrid = false;
  bool excluded_from_isolation = false;
  std::string usage_location = "NL";
};

// Sets up the same facts on both sides of a simulation: Cordon's resources
// through the engine (as an admin would over the API) and the outside world
// they stand for. Returns resource names.
absl::StatusOr<std::string> AddAccount(Simulation& sim,
                                       bool isolation_enabled = true);
absl::StatusOr<std::string> AddOrganization(Simulation& sim,
                                            const std::string& account,
                                            const OrganizationSetup& setup);
absl::StatusOr<std::string> AddIdentity(Simulation& sim,
                                        const std::string& organization,
                                        const IdentitySetup& setup);

// Drafts and sends an isolation-worthy report about `identities` (ISO-2).
absl::StatusOr<std::string> SendIsolatingReport(
    Simulation& sim, const std::string& organization,
    const std::vector<std::string>& identities,
    const std::vector<std::string>& malicious_rule_ids = {});

// The identity as Cordon stores it.
absl::StatusOr<cordon::v1::Identity> GetIdentity(Simulation& sim,
                                                 const std::string& identity);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_CORDON_SETUP_H_
