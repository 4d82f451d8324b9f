#ifndef CORDON_SIMULATOR_INVARIANTS_H_
#define CORDON_SIMULATOR_INVARIANTS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// The properties that must hold after every step of every run (DESIGN rule
// 3), checked against both Cordon's store and the simulated world:
// - no account is disabled (cloud or on-prem) by Cordon without a hold
//   (ISO-4, ISO-6), except while its release is still being performed;
// - no automated hold is ever added to an excluded identity (ISO-1, ISO-7);
// - a LIMITED identity is never shown as disabled (ISO-9);
// - an inbox rule Cordon disabled is still disabled in the mailbox unless an
//   admin re-enabled it (ISO-5).
class InvariantChecker {
 public:
  explicit InvariantChecker(Simulation* sim) : sim_(sim) {}

  // The violations found now; empty when all hold.
  absl::StatusOr<std::vector<std::string>> Check();

 private:
  Simulation* sim_;
  // Automated hold sources per identity at the previous check: a hold that
  // appears while the identity is excluded is a violation.
  std::map<std::string, std::set<std::string>> automated_holds_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_INVARIANTS_H_
