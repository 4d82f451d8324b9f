#ifndef CORDON_SERVER_ENGINE_ISOLATION_HELD_ISOLATIONS_H_
#define CORDON_SERVER_ENGINE_ISOLATION_HELD_ISOLATIONS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "server/engine/common/actor.h"
#include "server/engine/escalation/isolation_confirmation.h"
#include "server/engine/isolation/blast_radius_guard.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ISO-14: an admin confirmed the ISOLATION_CAP_REACHED escalation. Every
// held isolation is performed as it would have been at the time (today's
// exclusions and toggle still apply, ISO-7): the hold is added, the actions
// queued, the report's ISOLATION_HELD action SUCCEEDED and the new actions
// appended to it. The guard resumes with its window restarting now.
class HeldIsolations : public IsolationConfirmation {
 public:
  HeldIsolations(const ports::Clock* clock, IsolationEngine* isolation,
                 BlastRadiusGuard* guard, AuditLog* audit)
      : clock_(clock), isolation_(isolation), guard_(guard), audit_(audit) {}

  absl::StatusOr<int> ConfirmHeldIsolations(store::Transaction& txn,
                                            const Actor& actor,
                                            uint64_t account) override;

 private:
  // Performs one held isolation; false when there was nothing left to
  // perform (its identity or report is gone).
  absl::StatusOr<bool> Perform(store::Transaction& txn, const Actor& actor,
                               const BlastRadiusGuard::Held& held);
  // The same for a held isolation of a sent report, recorded on it.
  absl::StatusOr<bool> PerformForReport(
      store::Transaction& txn, const BlastRadiusGuard::Held& held,
      IsolationEngine::IsolateRequest request);

  const ports::Clock* clock_;
  IsolationEngine* isolation_;
  BlastRadiusGuard* guard_;
  AuditLog* audit_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_HELD_ISOLATIONS_H_
