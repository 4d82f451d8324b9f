#ifndef CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_ENGINE_H_
#define CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_ENGINE_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/isolation/error_class.h"
#include "server/core/isolation/isolation_plan.h"
#include "server/core/resource_name.h"
#include "server/engine/events/event_log.h"
#include "server/engine/isolation/blast_radius_guard.h"
#include "server/engine/outbox/action_result.h"
#include "server/engine/outbox/outbox.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Identity isolation inside the store (ISO-1..ISO-9): holds, decisions and
// the actions queued for them, and the recording of what the actions came
// to. Every method works inside the caller's transaction, so a report's
// state change and its isolation commit together (ISO-2).
class IsolationEngine {
 public:
  // `guard` may be null: then automated isolation is never capped.
  // `events` receives IDENTITY_STATE_CHANGED and RESPONSE_ACTION_CHANGED
  // in the write that makes the change.
  // `time_to_contain` may be null: nothing is observed (issue 14).
  IsolationEngine(
      store::Database* db, const ports::Clock* clock, Outbox* outbox,
      const EventLog* events, BlastRadiusGuard* guard = nullptr,
      metrics::Family<metrics::Histogram>* time_to_contain = nullptr)
      : db_(db),
        clock_(clock),
        outbox_(outbox),
        events_(events),
        guard_(guard),
        time_to_contain_(time_to_contain) {}

  // Writes `after`, a report read in `txn` as `before`, at `key`, with the
  // events of its response actions and delivery that changed. Stamps its
  // time to contain (StampContainment), then its update time `now` and its
  // etag, once; the write that makes the report CONTAINED observes the
  // histogram.
  absl::Status PutReport(store::Transaction& txn, const std::string& key,
                         const cordon::v1::IncidentReport& before,
                         cordon::v1::IncidentReport* after,
                         absl::Time now) const;

  struct IsolateRequest {
    core::IsolationTrigger trigger = core::IsolationTrigger::kIncidentReport;
    // Hold source: the report or rule name; the identity for manual holds.
    std::string source;
    // The report whose response actions these are; empty for manual.
    std::string report;
    std::vector<std::string> named_rule_ids;
    // Index the first returned response action will have on the report.
    int first_action_index = 0;
    // ISO-14: an automated isolation (a report sent, ISO-2; a sign-in under
    // an UNAUTHORIZED rule, ESC-4) passes the account's blast-radius guard
    // and may be held. False when a person decided it: an admin's
    // UNAUTHORIZED answer (ESC-8) or a confirmation of held isolations.
    // Manual isolation (kManual, ISO-8) is never capped either way.
    bool automated = true;
  };
  // Adds a hold and queues the isolation actions, or records why isolation
  // is skipped (ISO-7: then no hold and no action at all), or why it is held
  // for an admin's confirmation (ISO-14: ISOLATION_HELD, no hold and no
  // action yet). Returns the response actions to append to the report.
  absl::StatusOr<std::vector<cordon::v1::ResponseAction>> Isolate(
      store::Transaction& txn, const core::IdentityName& identity,
      const IsolateRequest& request);

  // Releases the hold of `source` (all holds when `source` is empty, ISO-6);
  // when none remains, queues re-enabling (ISO-4). Inbox rules are never
  // touched (ISO-5). Isolations of `source` (all) held by the blast-radius
  // guard are dropped (ISO-14); their ISOLATION_HELD actions become
  // SUPERSEDED, except on `report`, which the caller writes itself.
  absl::StatusOr<std::vector<cordon::v1::ResponseAction>> Release(
      store::Transaction& txn, const core::IdentityName& identity,
      const std::string& source, const std::string& report,
      int first_action_index);

  // Queues re-enabling one inbox rule an admin asked for (ISO-5). Fails
  // NOT_FOUND for a rule Cordon has not seen.
  absl::Status QueueEnableInboxRule(store::Transaction& txn,
                                    const core::IdentityName& identity,
                                    const std::string& rule_id);

  // False when the action belongs to an earlier isolation epoch of its
  // identity and must not be performed.
  absl::StatusOr<bool> IsCurrent(
      const cordon::store::OutboxAction& action) const;

  // Records how an action ended: the identity's isolation status and the
  // report's response action.
  absl::Status RecordEnd(store::Transaction& txn,
                         const cordon::store::OutboxAction& action,
                         ActionEnd end, const ActionResult& result);
  // Records a failed attempt that will be retried (attempt count, detail).
  absl::Status RecordRetry(store::Transaction& txn,
                           const cordon::store::OutboxAction& action,
                           const ActionResult& result);
  // ISO-15: an on-prem agent action waits for the agent (offline, or its
  // acknowledgement outstanding): `detail` on the report's action, still
  // PENDING, and, when `on_identity` (the agent is offline), as the
  // identity's last failure so the wait is visible there too.
  absl::Status RecordWaiting(store::Transaction& txn,
                             const cordon::store::OutboxAction& action,
                             const std::string& detail, bool on_identity);

  // An identity's isolation as a change made outside this class sees it:
  // ISO-13's drift correction queues disables again.
  struct Change {
    absl::optional<cordon::v1::Identity> row;  // nullopt: deleted
    cordon::store::IsolationRecord record;
    // Queued after the record is saved, stamped now.
    std::vector<cordon::store::OutboxAction> queue;
  };
  // Locks the identity (row, then record: see Lock) and hands it to
  // `change`; when that returns true, saves the record, mirrors it into the
  // row and queues `queue`. Returns what `change` returned.
  absl::StatusOr<bool> ChangeIsolation(
      store::Transaction& txn, const core::IdentityName& identity,
      absl::FunctionRef<absl::StatusOr<bool>(Change&)> change);

  // The isolation record of an identity (empty record when none).
  absl::StatusOr<cordon::store::IsolationRecord> Read(
      const core::IdentityName& identity) const;

 private:
  // What isolating an identity means today (ISO-1, ISO-7, ISO-9).
  struct PlannedIsolation {
    cordon::v1::Identity row;  // locked
    cordon::v1::Organization org;
    std::string agent_version;
    core::IsolationPlan plan;
    int automated_cap = 0;  // ISO-14, the account's setting
  };
  // Records `note` as the open failure of `action`'s kind when `action` is of
  // the identity's current epoch.
  absl::Status NoteOnIdentity(store::Transaction& txn,
                              const cordon::store::OutboxAction& action,
                              const std::string& note);
  absl::StatusOr<PlannedIsolation> Plan(store::Transaction& txn,
                                        const core::IdentityName& identity,
                                        core::IsolationTrigger trigger);
  // ISO-14: after an ISO-7 skip, forgets what `source` held on the identity
  // (the skip ends its wait); writes only when something was held.
  absl::Status ForgetAwaitingIfSkipped(store::Transaction& txn,
                                       const core::IdentityName& identity,
                                       const PlannedIsolation& planned,
                                       const std::string& source);
  // ISO-14: the guard's word on an automated isolation; on hold, records it
  // on the identity and returns the ISOLATION_HELD action (else nothing).
  absl::StatusOr<std::vector<cordon::v1::ResponseAction>> Guard(
      store::Transaction& txn, const PlannedIsolation& planned,
      const IsolateRequest& request, cordon::store::IsolationRecord* record);
  // ISO-14: forgets the held isolations of `source` (all when empty) on the
  // identity; those the guard held on other reports than `report` become
  // SUPERSEDED there.
  absl::Status DropHeld(store::Transaction& txn,
                        const core::IdentityName& identity,
                        const std::string& source, const std::string& report,
                        cordon::store::IsolationRecord* record);
  // Adds the request's hold; a first hold starts a new isolation epoch.
  absl::Status AddHold(const IsolateRequest& request,
                       const core::IsolationPlan& plan, absl::Time now,
                       cordon::store::IsolationRecord* record);
  // Queues the planned steps not done or under way (ISO-3), and appends a
  // response action for every planned step.
  absl::Status QueueSteps(store::Transaction& txn,
                          const PlannedIsolation& planned,
                          const IsolateRequest& request,
                          cordon::store::IsolationRecord* record,
                          std::vector<cordon::v1::ResponseAction>* actions);
  // Locks the report an action belongs to (if any) before the identity:
  // the lock order of sends and closes (see Lock).
  absl::Status LockReportOf(store::Transaction& txn,
                            const cordon::store::OutboxAction& action);
  // An identity's row (nullopt when deleted) and isolation record, locked in
  // that order, read once for the whole write.
  struct Locked {
    absl::optional<cordon::v1::Identity> row;
    cordon::store::IsolationRecord record;
  };
  absl::StatusOr<Locked> Lock(store::Transaction& txn,
                              const std::string& identity_key);
  // The record alone, for callers that locked the identity row already.
  absl::StatusOr<cordon::store::IsolationRecord> LockRecordOnly(
      store::Transaction& txn, const std::string& identity_key);
  // Writes the record and mirrors its public part into `row` (the identity
  // as locked in this write; nullopt: deleted, nothing to show).
  absl::Status Save(store::Transaction& txn, const core::IdentityName& identity,
                    const cordon::store::IsolationRecord& record,
                    absl::optional<cordon::v1::Identity> row);
  absl::Status Queue(store::Transaction& txn,
                     cordon::store::OutboxAction action);
  // Where an isolation step stands after its action ended; the reports
  // that followed the action get its outcome.
  absl::Status RecordStepEnd(store::Transaction& txn,
                             const cordon::store::OutboxAction& action,
                             ActionEnd end, const ActionResult& result,
                             cordon::store::IsolationRecord* record);
  // Gives the followers of `kind` (all when none) `outcome` on their
  // reports and forgets them.
  absl::Status SettleFollowers(
      store::Transaction& txn, cordon::store::IsolationRecord* record,
      absl::optional<cordon::store::OutboxAction::Kind> kind,
      cordon::v1::ResponseAction::Outcome outcome, const std::string& detail);
  // One response action of one report.
  struct ReportEntry {
    std::string report;
    int index = -1;
    int attempts = 0;
  };
  // ISO-4: queues the enables of a release `plan` (the first takes the
  // report entry `first`), appending a response action for each, stamped
  // `now` (the release's time).
  absl::Status QueueEnables(store::Transaction& txn,
                            const core::IdentityName& identity,
                            const core::ReleasePlan& plan,
                            const ReportEntry& first, absl::Time now,
                            Locked* locked,
                            std::vector<cordon::v1::ResponseAction>* actions);
  absl::Status UpdateReportEntry(store::Transaction& txn,
                                 const ReportEntry& entry,
                                 cordon::v1::ResponseAction::Outcome outcome,
                                 const std::string& detail);
  absl::Status UpdateReportAction(store::Transaction& txn,
                                  const cordon::store::OutboxAction& action,
                                  cordon::v1::ResponseAction::Outcome outcome,
                                  const std::string& detail);

  store::Database* db_;
  const ports::Clock* clock_;
  Outbox* outbox_;
  const EventLog* events_;
  BlastRadiusGuard* guard_;
  metrics::Family<metrics::Histogram>* time_to_contain_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_ENGINE_H_
