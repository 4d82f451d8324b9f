#ifndef CORDON_SERVER_ENGINE_ESCALATION_PSA_DELIVERY_FAILURES_H_
#define CORDON_SERVER_ENGINE_ESCALATION_PSA_DELIVERY_FAILURES_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/v1/escalation.pb.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/resource_name.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// ESC-2 type 1 for every delivery to the PSA: incident reports and the
// tickets of login escalations (ESC-3). A delivery the PSA refuses for good
// is marked pending and raises INTEGRATION_PSA_DELIVERY_FAILED with the
// severity of what failed, delivered by e-mail — so the admins hear of it at
// once, and nothing waits silently for the next reminder. "Integration
// fixed" (ESC-8) queues every pending delivery again; the escalation
// resolves (ANSWERED) once none is left, and a retry that fails reopens it.
class PsaDeliveryFailures {
 public:
  PsaDeliveryFailures(store::Database* db, const ports::Clock* clock,
                      EscalationManager* escalations, Outbox* outbox)
      : db_(db), clock_(clock), escalations_(escalations), outbox_(outbox) {}

  // What failed: an incident report or an escalation's notification.
  struct Failed {
    uint64_t account = 0;
    std::string pending_key;  // ReportKey or EscalationKey
    cordon::v1::Severity severity = cordon::v1::SEVERITY_UNSPECIFIED;
    std::string subject;  // the report's or escalation's name
    std::string summary;  // what the admins read
  };
  static std::string ReportKey(const core::IncidentReportName& report);
  static std::string EscalationKey(const core::EscalationName& escalation);

  // In the write that records the final failure of a PSA delivery.
  absl::Status RecordFailure(store::Transaction& txn, const Failed& failed);
  // In the write that records a delivery the PSA accepted (or one that is
  // no longer wanted). When `retry_of` names the escalation whose answer
  // queued it and no pending delivery is left, the account's
  // INTEGRATION_PSA_DELIVERY_FAILED escalations resolve.
  absl::Status RecordDone(store::Transaction& txn, uint64_t account,
                          const std::string& pending_key,
                          const std::string& retry_of);

  // "Integration fixed" on `escalation`: queues every pending delivery of
  // its account again. Returns how many.
  absl::StatusOr<int> QueueRetries(store::Transaction& txn,
                                   const cordon::v1::Escalation& escalation);

  static constexpr int kMaxPendingRetried = 10000;

 private:
  // Queues the next PSA notification of a pending escalation; false when it
  // needs none any more (answered or resolved meanwhile).
  absl::StatusOr<bool> QueueEscalationRetry(store::Transaction& txn,
                                            const std::string& escalation,
                                            const std::string& retry_of);

  store::Database* db_;
  const ports::Clock* clock_;
  EscalationManager* escalations_;
  Outbox* outbox_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_PSA_DELIVERY_FAILURES_H_
