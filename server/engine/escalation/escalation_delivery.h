#ifndef CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_DELIVERY_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_DELIVERY_H_

#include <cstdint>

#include "absl/types/optional.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/escalation/psa_delivery_failures.h"
#include "server/engine/outbox/action_handler.h"
#include "server/ports/clock.h"
#include "server/ports/mailer.h"
#include "server/ports/psa.h"
#include "server/ports/secret_sealer.h"
#include "server/store/database.h"

namespace cordon::engine {

// Delivers one escalation notification (NOTIFY_BY_EMAIL, NOTIFY_PSA) queued
// by EscalationNoticeTimer and records every attempt in the escalation's
// notification history (ESC-9): a failed attempt that will be retried adds
// a FAILED entry saying so; the final outcome turns the round's PENDING
// entry into DELIVERED or FAILED. A notification whose escalation was
// answered or resolved while it waited is not sent (CANCELLED).
//
// The first PSA notification opens a ticket (its reference is the
// escalation's name, so a repeat after a crash finds the same ticket); later
// rounds add a note to it. A PSA notification refused for good raises
// INTEGRATION_PSA_DELIVERY_FAILED at once and waits for "integration fixed"
// (PsaDeliveryFailures): one channel per delivery (ESC-3), never silence.
// Perform reads the escalation and the account's current PSA connection and
// writes nothing.
class EscalationDelivery : public ActionHandler {
 public:
  EscalationDelivery(store::Database* db, const ports::Clock* clock,
                     EscalationManager* escalations,
                     PsaDeliveryFailures* psa_failures, ports::Psa* psa,
                     const ports::SecretSealer* sealer, ports::Mailer* mailer)
      : db_(db),
        clock_(clock),
        escalations_(escalations),
        psa_failures_(psa_failures),
        psa_(psa),
        sealer_(sealer),
        mailer_(mailer) {}

  void RouteAll(ActionRouter& router);

  absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction& action) const override;
  ActionResult Perform(const cordon::store::OutboxAction& action) override;
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;
  absl::Status RecordRetry(store::Transaction& txn,
                           const cordon::store::OutboxAction& action,
                           const ActionResult& result) override;
  // Notifications are retried for about an hour (10 attempts, backoff up to
  // 5 minutes); the next round follows anyway while it stays unanswered.
  core::RetryPolicy RetryPolicy() const override { return {}; }

 private:
  ActionResult SendEmail(const cordon::v1::Escalation& escalation,
                         const cordon::store::OutboxAction& action);
  ActionResult SendToPsa(const cordon::v1::Escalation& escalation,
                         const cordon::store::OutboxAction& action);
  // ESC-2: what a PSA notification's end means for the integration.
  absl::Status RecordPsaEnd(store::Transaction& txn,
                            const cordon::store::OutboxAction& action,
                            ActionEnd end, const ActionResult& result,
                            const cordon::v1::Escalation& escalation);

  store::Database* db_;
  const ports::Clock* clock_;
  EscalationManager* escalations_;
  PsaDeliveryFailures* psa_failures_;
  ports::Psa* psa_;
  const ports::SecretSealer* sealer_;
  ports::Mailer* mailer_;
};

// What a PSA call came to, for the outbox (shared by escalation and report
// deliveries).
ActionResult FromPsaOutcome(const ports::PsaCallOutcome& outcome,
                            absl::string_view success_detail);
// What a mail send came to.
ActionResult FromMailOutcome(const ports::MailOutcome& outcome,
                             absl::string_view success_detail);
// A delivery that cannot even be tried (no PSA or mailer in this server,
// no integration any more).
ActionResult Undeliverable(absl::string_view why);
// A delivery that could not read what it needed from the store: retried.
ActionResult StoreReadFailed(const absl::Status& status);

// Before a PSA call: fills *connection with the account's current PSA
// connection and returns nullopt, or returns what ends this attempt without
// a call — no PSA in this server, a failed read (retried), a secret that
// does not open (permanent: the key file is wrong), or no integration on
// the account any more (`without_integration` says why).
absl::optional<ActionResult> ConnectPsa(const store::Database& db,
                                        const ports::Psa* psa,
                                        const ports::SecretSealer* sealer,
                                        uint64_t account,
                                        absl::string_view without_integration,
                                        ports::PsaConnection* connection);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_DELIVERY_H_
