#ifndef CORDON_SERVER_ENGINE_TELEMETRY_ENDPOINT_MONITOR_H_
#define CORDON_SERVER_ENGINE_TELEMETRY_ENDPOINT_MONITOR_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/store/endpoints.pb.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/telemetry.pb.h"
#include "server/core/escalation/host_isolation.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/outbox/action_handler.h"
#include "server/engine/outbox/outbox.h"
#include "server/engine/telemetry/telemetry_event_id.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Endpoint status telemetry (ESC-2 types 2 and 3):
//   - SYSTEM_HEALTH_DEFENDER_RTP_DISABLED (HIGH, subject
//     "endpoint:<endpoint_id>"): managed antivirus ENFORCE and Defender
//     real-time protection off for more than 2 hours
//     (core::AssessRtp / core::RtpAlarms). Resolves AUTOMATIC once the
//     condition is seen to end.
//   - HOST_ISOLATION_ORG_WIDE (CRITICAL, subject "org-wide-isolation", one
//     open per organization): at least the account's threshold of endpoints
//     isolated within its window (core::FirstOrgWideIsolation); later
//     isolations join the open one (ESC-7). Answered by an admin.
//
// Each event is judged by its own time, in one transaction with its event
// id (idempotent ingestion): late and out-of-order events are reconciled
// against everything kept for the endpoint, so a late "RTP off" two hours
// old raises at once, a late "RTP on" in the middle of an alarm resolves
// it, and an alarm that started and ended before its events arrived is
// recorded as raised and resolved. While the condition holds but has not
// lasted 2 hours, an RTP_CHECK outbox timer is queued for the moment it
// will; this class is the timer's ActionHandler (it re-assesses then).
// What the reconciliation decides comes from core/telemetry/ (rtp_reports,
// isolation_timeline, org_wide_events); this class does the reads and
// writes.
//
// "Now" is the later of the clock and the newest observation kept (an
// event may be at most kMaxFutureSkew ahead of the clock).
//
// Storage (Family::kEndpoints), every list bounded:
//   - be64(account) be64(org) 0x01 endpoint_id -> EndpointRecord: the
//     endpoint's latest kMaxObservations observations, one per instant
//     (reports of one instant merge the way the core rules order ties).
//     Beyond the bound, observations that repeat the state before them
//     (RTP alarm condition and isolation) go first, oldest first, so the
//     start of a long episode survives frequent reports; only then the
//     oldest. An event later than what is dropped may therefore be judged
//     on less history. Plus at most kMaxRtpReports reported alarms.
//   - be64(account) be64(org) 0x00 -> OrgIsolationRecord: the isolation
//     changes of the organization's endpoints that were ever isolated, at
//     most kMaxIsolatedEndpoints of them; an endpoint released more than
//     window + kIsolationLateness ago is forgotten (an event later than
//     that no longer counts it). Only events that change an endpoint's
//     isolation history touch (and lock) this row.
//   - Event ids: Family::kTelemetryEvents, be64(account) 0x01 event_id.
class EndpointMonitor : public TimerHandler {
 public:
  static constexpr int kMaxObservations = 64;
  static constexpr int kMaxRtpReports = 16;
  static constexpr int kMaxIsolatedEndpoints = 1000;
  // Endpoints listed (one event each) when an org-wide escalation opens.
  static constexpr int kMaxEndpointsRaised = 100;
  static constexpr absl::Duration kIsolationLateness = absl::Hours(24);
  static constexpr absl::Duration kMaxFutureSkew = absl::Minutes(5);

  static constexpr char kOrgWideSubject[] = "org-wide-isolation";
  // "endpoint:<endpoint_id>"
  static std::string RtpSubject(const std::string& endpoint_id);

  EndpointMonitor(store::Database* db, const ports::Clock* clock,
                  Outbox* outbox, EscalationManager* escalations,
                  std::function<void()> on_actions_queued)
      : db_(db),
        clock_(clock),
        outbox_(outbox),
        escalations_(escalations),
        on_actions_queued_(std::move(on_actions_queued)) {}

  // `event` is validated by the caller (the API edge) but for its time
  // against the clock (INVALID_ARGUMENT naming status.time when more than
  // kMaxFutureSkew ahead). A repeated event_id of the account answers
  // {duplicate: true} and changes nothing. NOT_FOUND when the organization
  // does not exist (nothing is recorded).
  absl::StatusOr<Ingestion> RecordStatus(
      const Actor& actor, const core::OrganizationName& organization,
      const cordon::v1::EndpointStatusEvent& event);

  // What is kept about one endpoint (NOT_FOUND when nothing is).
  absl::StatusOr<cordon::store::EndpointRecord> GetEndpoint(
      const core::OrganizationName& organization,
      const std::string& endpoint_id) const;

  // ActionHandler for RTP_CHECK: no outside call; recording the end
  // re-assesses the endpoint at that time and raises (or resolves).
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override;
  core::RetryPolicy RetryPolicy() const override;

 private:
  // RecordStatus inside one transaction (run again on a lock conflict);
  // *changed tells whether anything was queued for the worker.
  absl::StatusOr<Ingestion> RecordStatusIn(
      store::Transaction& txn, const Actor& actor,
      const core::OrganizationName& organization,
      const cordon::v1::EndpointStatusEvent& event, bool* changed);
  struct Context;

  // Reconciles the endpoint's RTP escalations with its observations at
  // `now` and (re)queues its timer. Sets *changed when it raised, resolved
  // or queued something.
  absl::Status ReconcileRtp(store::Transaction& txn, const Context& context,
                            cordon::store::EndpointRecord* record,
                            absl::Time now, bool* changed);
  // After the endpoint's isolation history changed from `before`.
  absl::Status ReconcileOrgIsolation(
      store::Transaction& txn, const Context& context,
      const cordon::store::EndpointRecord& record,
      const cordon::store::EndpointIsolationHistory& before,
      const cordon::store::EndpointIsolationHistory& after, absl::Time now,
      bool* changed);
  // An admin's answer resolves the open HOST_ISOLATION_ORG_WIDE escalation
  // without telling this class: find out, forget it and move *not_before to
  // its resolve time, so that only a new trigger opens a new one (ESC-7).
  absl::Status ForgetAnsweredEscalation(store::Transaction& txn,
                                        cordon::store::OrgIsolationRecord* org,
                                        absl::Time* not_before);
  // With no escalation open: raises one when the organization's endpoints
  // meet the threshold (core::FirstOrgWideIsolation), one event per listed
  // isolation (core::IsolationsListedOnRaise), and remembers it in *org.
  absl::Status RaiseOrgWide(store::Transaction& txn,
                            const core::OrganizationName& organization,
                            const core::HostIsolationConfig& config,
                            absl::Time not_before, absl::Time now,
                            cordon::store::OrgIsolationRecord* org,
                            bool* changed);

  store::Database* db_;
  const ports::Clock* clock_;
  Outbox* outbox_;
  EscalationManager* escalations_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TELEMETRY_ENDPOINT_MONITOR_H_
