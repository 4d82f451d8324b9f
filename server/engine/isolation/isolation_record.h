#ifndef CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_RECORD_H_
#define CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_RECORD_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "server/core/isolation/account_release.h"
#include "server/core/isolation/holds.h"
#include "server/core/isolation/repeat_isolation.h"
#include "server/core/resource_name.h"

// The stored isolation record (cordon.store.IsolationRecord) and the public
// messages, translated to and from core's isolation types. IsolationEngine
// keeps the workflow; this file keeps what a field means.
namespace cordon::engine {

// last_failure starts with the kind of action that failed, so the success of
// a later attempt of the same kind knows to clear it.
std::string FailurePrefix(cordon::store::OutboxAction::Kind kind);

// ISO-11: the identity keeps one open failure per kind of action and shows
// the newest. RecordFailure opens (or replaces) the failure of `kind`;
// `text` starts with FailurePrefix(kind), except for KIND_UNSPECIFIED (a
// failure of the isolation as a whole).
void RecordFailure(cordon::store::OutboxAction::Kind kind, std::string text,
                   absl::Time now, cordon::store::IsolationRecord* record);

// A success of `kind` fixes its failure; the newest other one shows.
void FixFailure(cordon::store::OutboxAction::Kind kind,
                cordon::store::IsolationRecord* record);

// A new isolation or release starts without failures.
void ForgetFailures(cordon::store::IsolationRecord* record);

// The isolation family's key of an identity.
std::string IdentityKey(const core::IdentityName& name);

// The stored hold kind of an isolation trigger, and back.
cordon::v1::IsolationHold::Kind HoldKindOf(core::IsolationTrigger trigger);

core::IsolationTrigger TriggerOf(cordon::v1::IsolationHold::Kind kind);

// The record's holds as core reasons about them (ISO-4).
core::IdentityHolds HoldsOf(const cordon::store::IsolationRecord& record);

// Writes `holds` back, keeping each surviving hold's create_time.
void StoreHolds(const core::IdentityHolds& holds, absl::Time now,
                cordon::store::IsolationRecord* record);

// ISO-14: forgets the isolations of `source` (all when empty) that the
// blast-radius guard held for the identity.
void ForgetAwaiting(const std::string& source,
                    cordon::store::IsolationRecord* record);

// The isolation_state an identity shows for this record: AWAITING_CONFIRMATION
// where it would be ACTIVE while the guard holds an isolation of it (ISO-14).
cordon::v1::Identity::IsolationState PublicState(
    const cordon::store::IsolationRecord& record);

// A report's response action as first written.
cordon::v1::ResponseAction MakeAction(
    cordon::v1::ResponseAction::Kind kind, const std::string& identity,
    cordon::v1::ResponseAction::Outcome outcome, std::string detail,
    absl::Time now);

// The response action an outbox action reports as.
cordon::v1::ResponseAction::Kind ResponseKindOf(
    cordon::store::OutboxAction::Kind kind);

// A stored step state in core's terms.
core::StepState CoreStep(cordon::store::IsolationRecord::Step step);

// Records where the isolation step an action performs stands; actions that
// are no isolation step (enables, an admin's rule) change nothing.
void SetStep(cordon::store::OutboxAction::Kind kind,
             cordon::store::IsolationRecord::Step step,
             cordon::store::IsolationRecord* record);

// Counts a queued isolation step (ISO-3, ISO-13): one more pending action,
// the step QUEUED, and a disable remembered for the release to undo (ISO-4).
void CountQueuedStep(cordon::store::OutboxAction::Kind kind,
                     cordon::store::IsolationRecord* record);

// A report entry's detail: what Graph or the agent answered, after what
// the entry is for when it corrects drift (ISO-13: the outcome replaces the
// entry's detail, and must not erase why the disable was performed again).
std::string EntryDetail(bool drift, const std::string& detail);

// The accounts Cordon disabled and has not re-enabled (ISO-4).
core::DisabledByCordon DisabledOf(const cordon::store::IsolationRecord& record);

// The account action an outbox action is, for core::DisabledAfter.
core::AccountAction AccountActionOf(cordon::store::OutboxAction::Kind kind);

// What the end of an action of the current isolation means for the
// accounts Cordon holds disabled (core::DisabledAfter) and for the failure
// the identity shows (ISO-11).
void RecordAccountEnd(cordon::store::OutboxAction::Kind kind,
                      core::AccountOutcome outcome, const std::string& detail,
                      absl::Time now, cordon::store::IsolationRecord* record);

// The inbox rules as last seen, keeping what Cordon did to rules it saw
// before (ISO-5: an admin's re-enable must stay visible as such).
void KeepSeenRules(const std::vector<cordon::store::SeenInboxRule>& seen,
                   cordon::store::IsolationRecord* record);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_ISOLATION_RECORD_H_
