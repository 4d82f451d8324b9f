#ifndef CORDON_SERVER_CORE_ISOLATION_DRIFT_H_
#define CORDON_SERVER_CORE_ISOLATION_DRIFT_H_

#include "server/core/isolation/repeat_isolation.h"

namespace cordon::core {

// What the inventory knows of an identity the tenant shows enabled, and of
// its isolation (ISO-13).
struct DriftFacts {
  bool held = false;     // some hold isolates it
  bool limited = false;  // ISO-9: its isolation cannot disable it
  bool deleted_in_tenant = false;
  // Where Cordon's disables of the current isolation stand.
  StepState cloud_disable = StepState::kNone;
  StepState on_prem_disable = StepState::kNone;
};

// The disables to perform again; none = no drift.
struct DriftDecision {
  bool disable_cloud_account = false;
  bool disable_on_prem_account = false;

  bool drift() const {
    return disable_cloud_account || disable_on_prem_account;
  }
  friend bool operator==(const DriftDecision&, const DriftDecision&) = default;
};

// ISO-13: an isolated identity whose disable Cordon performed (DONE, not
// merely queued or refused) that the tenant shows enabled again is
// disabled again the same way: in the cloud, and on-prem too when that is
// how it was disabled (an on-prem re-enable reaches the cloud by sync, so
// only the on-prem disable sticks). When the on-prem disable was refused,
// sync undoing the cloud disable is that failure, not drift. A LIMITED
// isolation never disabled anything, so an enabled account is expected; a
// released, or deleted, identity is not Cordon's to disable.
DriftDecision DecideDrift(const DriftFacts& facts);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_DRIFT_H_
