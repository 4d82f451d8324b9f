#ifndef CORDON_SIMULATOR_INVARIANTS_H_
#define CORDON_SIMULATOR_INVARIANTS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/identity.pb.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// The properties that must hold after every step of every run (DESIGN rule
// 3), checked against both Cordon's store and the simulated world:
// - no account is disabled (cloud or on-prem) by Cordon without a hold
//   (ISO-4, ISO-6), except while its release is still being performed
//   (and a synced account's cloud side until the next directory sync
//   carries the on-prem enable up, ISO-9);
// - no automated hold is ever added to an excluded identity (ISO-1, ISO-7);
// - a LIMITED identity is never shown as disabled (ISO-9);
// - an isolation the blast-radius guard holds is still kept for the
//   confirmation, and an open ISOLATION_CAP_REACHED asks for it (ISO-14);
// - an inbox rule Cordon disabled is still disabled in the mailbox unless an
//   admin re-enabled it (ISO-5);
// - no escalation is delivered by both channels: its notifications are all
//   EMAIL or all PSA, on its delivery_channel (ESC-3);
// - no escalation is left un-notified (ESC-1): one that is neither resolved
//   nor answered has a notification entry (any outcome) for round
//   floor((now - create_time) / period(severity)). A step that commits a
//   decision does not run the worker, so when that round's time is now and
//   the escalation's notice timer is still queued at or before now, the
//   previous round is required instead (none for round 0): only rounds
//   strictly before now must have been performed.
class InvariantChecker {
 public:
  explicit InvariantChecker(Simulation* sim) : sim_(sim) {}

  // The violations found now; empty when all hold.
  absl::StatusOr<std::vector<std::string>> Check();

 private:
  // The invariants of one identity (ISO-1, 4, 5, 6, 7, 9), appended to
  // `violations`.
  absl::Status CheckIdentity(const cordon::v1::Identity& identity,
                             std::vector<std::string>* violations);
  // The escalation invariants, appended to `violations`.
  absl::Status CheckEscalations(std::vector<std::string>* violations);

  Simulation* sim_;
  // Automated hold sources per identity at the previous check: a hold that
  // appears while the identity is excluded is a violation.
  std::map<std::string, std::set<std::string>> automated_holds_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_INVARIANTS_H_
