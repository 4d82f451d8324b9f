#ifndef CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_REPORT_DELIVERY_H_
#define CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_REPORT_DELIVERY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/incident.pb.h"
#include "server/engine/escalation/psa_delivery_failures.h"
#include "server/engine/events/event_log.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/ports/clock.h"
#include "server/ports/mailer.h"
#include "server/ports/psa.h"
#include "server/ports/secret_sealer.h"
#include "server/store/database.h"

namespace cordon::engine {

// Sent incident reports to the partner (ESC-2 type 1, ESC-3): a ticket in
// the account's PSA when it has an integration, else an e-mail to each
// recipient. A PSA that refuses the ticket for good (401, bad board) or
// keeps failing through the retries leaves the report PENDING, marks it in
// a pending-delivery index and raises INTEGRATION_PSA_DELIVERY_FAILED with
// the report's severity, in the write that records the failure (see
// PsaDeliveryFailures, which also retries it on "integration fixed").
// E-mail delivery never raises it.
class IncidentReportDelivery : public ActionHandler {
 public:
  IncidentReportDelivery(store::Database* db, const ports::Clock* clock,
                         PsaDeliveryFailures* failures, Outbox* outbox,
                         ports::Psa* psa, const ports::SecretSealer* sealer,
                         ports::Mailer* mailer, const EventLog* events)
      : db_(db),
        clock_(clock),
        failures_(failures),
        outbox_(outbox),
        psa_(psa),
        sealer_(sealer),
        mailer_(mailer),
        events_(events) {}

  void RouteAll(ActionRouter& router);

  // In the write that sends `report`: sets its delivery (channel, PENDING)
  // and queues the deliveries.
  absl::Status Queue(store::Transaction& txn,
                     cordon::v1::IncidentReport* report);

  ActionResult Perform(const cordon::store::OutboxAction& action) override;
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;
  absl::Status RecordRetry(store::Transaction& txn,
                           const cordon::store::OutboxAction& action,
                           const ActionResult& result) override;
  // A few attempts over about a minute: a PSA that stays down for longer
  // needs a person, and the escalation tells them.
  core::RetryPolicy RetryPolicy() const override;

 private:
  // The report an attempt was about, locked, with the attempt counted;
  // nullopt when it is gone.
  absl::StatusOr<absl::optional<cordon::v1::IncidentReport>> LockAttempted(
      store::Transaction& txn, const cordon::store::OutboxAction& action) const;
  store::Database* db_;
  const ports::Clock* clock_;
  PsaDeliveryFailures* failures_;
  Outbox* outbox_;
  ports::Psa* psa_;
  const ports::SecretSealer* sealer_;
  ports::Mailer* mailer_;
  // REPORT_DELIVERY_CHANGED when a delivery's state moves.
  const EventLog* events_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_REPORT_DELIVERY_H_
