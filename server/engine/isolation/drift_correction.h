#ifndef CORDON_SERVER_ENGINE_ISOLATION_DRIFT_CORRECTION_H_
#define CORDON_SERVER_ENGINE_ISOLATION_DRIFT_CORRECTION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "server/core/isolation/drift.h"
#include "server/core/resource_name.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ISO-13: an isolated identity whose disable Cordon performed, that the
// tenant inventory sees enabled again, is disabled again the same way (in
// the cloud through Graph; on-prem through the agent too when that is how
// it was disabled), in the isolation's current epoch, so the worker records
// the outcome like any disable and a release afterwards enables it again.
// The drift is counted on the identity and recorded on every report that
// holds it, and in the audit log.
class DriftCorrection {
 public:
  DriftCorrection(store::Database* db, const ports::Clock* clock,
                  IsolationEngine* isolation, AuditLog* audit)
      : db_(db), clock_(clock), isolation_(isolation), audit_(audit) {}

  // The inventory's hook (InventoryPage::EnabledHook, wired in engine.h): the
  // tenant shows `identity` enabled. Runs inside the page's transaction, which
  // has written (and so locked) the identity row already; the reports that hold
  // it are locked after it, against the usual order, which the store's deadlock
  // detection and Transact's retry absorb. Returns whether it found drift and
  // queued disables.
  absl::StatusOr<bool> OnEnabled(store::Transaction& txn,
                                 const core::IdentityName& identity);

 private:
  // A report that holds the identity, as read (locked) for this write.
  struct HoldingReport {
    std::string name;
    std::string key;
    cordon::v1::IncidentReport report;
    cordon::v1::IncidentReport before;  // as read, for the events
  };
  absl::StatusOr<std::vector<HoldingReport>> LockHoldingReports(
      store::Transaction& txn, const cordon::store::IsolationRecord& record);
  // Queues the disables of `decision` and records them on the reports and
  // the identity.
  absl::Status Correct(store::Transaction& txn,
                       const core::IdentityName& identity,
                       const core::DriftDecision& decision,
                       IsolationEngine::Change* change);
  // One disable: an entry on every holding report, the first carried by
  // the action, the others following it (ISO-3's followers).
  void QueueDisable(cordon::store::OutboxAction action,
                    std::vector<HoldingReport>* reports,
                    IsolationEngine::Change* change);

  store::Database* db_;
  const ports::Clock* clock_;
  IsolationEngine* isolation_;
  AuditLog* audit_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_DRIFT_CORRECTION_H_
