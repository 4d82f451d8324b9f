#ifndef CORDON_SERVER_ENGINE_TELEMETRY_TELEMETRY_MANAGER_H_
#define CORDON_SERVER_ENGINE_TELEMETRY_TELEMETRY_MANAGER_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "cordon/v1/telemetry.pb.h"
#include "server/core/escalation/access_rule.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/escalation/access_rule_manager.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/telemetry/soc_alerts.h"
#include "server/engine/telemetry/telemetry_event_id.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Telemetry ingestion: each sign-in is evaluated against the account's
// access rules (ESC-2, ESC-4) once, by its own time, and its consequences
// (isolation, the SOC alert, login escalations) commit in one write together
// with the event id that makes ingestion idempotent.
class TelemetryManager {
 public:
  TelemetryManager(store::Database* db, const ports::Clock* clock,
                   AuditLog* audit, IsolationEngine* isolation,
                   EscalationManager* escalations,
                   AccessRuleManager* access_rules, SocAlerts* soc_alerts,
                   std::function<void()> on_actions_queued)
      : db_(db),
        clock_(clock),
        audit_(audit),
        isolation_(isolation),
        escalations_(escalations),
        access_rules_(access_rules),
        soc_alerts_(soc_alerts),
        on_actions_queued_(std::move(on_actions_queued)) {}

  // `event` is validated by the caller (the API edge); `identity` is its
  // parsed identity. A repeated event_id of the account answers
  // {duplicate: true} and changes nothing. NOT_FOUND when the identity does
  // not exist (nothing is recorded, so the event can be sent again once it
  // does).
  //   - An UNAUTHORIZED rule decides: the identity is isolated (trigger
  //     kAccessRule, hold source = the deciding rule; ISO-7 applies) and a
  //     CRITICAL SocAlert for the SOC is raised (ListSocAlerts).
  //   - Unexpected country / VPN: a LOW LOGIN_UNEXPECTED_COUNTRY /
  //     LOGIN_UNEXPECTED_VPN escalation is raised, or joined (ESC-7).
  // Rule windows are judged at the event's time, not its arrival.
  absl::StatusOr<Ingestion> RecordSignIn(const Actor& actor,
                                         const core::IdentityName& identity,
                                         const cordon::v1::SignInEvent& event);

 private:
  // ESC-4: an UNAUTHORIZED rule decided: isolate, audit, alert the SOC.
  absl::Status IsolateUnauthorized(store::Transaction& txn, const Actor& actor,
                                   const core::IdentityName& identity,
                                   const cordon::v1::Identity& row,
                                   const cordon::v1::SignInEvent& event,
                                   const core::AccessRule& rule);
  // RecordSignIn inside one transaction (run again on a lock conflict);
  // *acted tells whether anything was queued for the worker.
  absl::StatusOr<Ingestion> RecordSignInIn(store::Transaction& txn,
                                           const Actor& actor,
                                           const core::IdentityName& identity,
                                           const cordon::v1::SignInEvent& event,
                                           bool* acted);

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  IsolationEngine* isolation_;
  EscalationManager* escalations_;
  AccessRuleManager* access_rules_;
  SocAlerts* soc_alerts_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TELEMETRY_TELEMETRY_MANAGER_H_
