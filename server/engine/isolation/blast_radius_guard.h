#ifndef CORDON_SERVER_ENGINE_ISOLATION_BLAST_RADIUS_GUARD_H_
#define CORDON_SERVER_ENGINE_ISOLATION_BLAST_RADIUS_GUARD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/account.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/events/event_log.h"
#include "server/ports/clock.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// The account's cap in force: the setting, or ISO-14's default.
int AutomatedIsolationCap(const cordon::v1::AccountSettings& settings);

// ISO-14, the blast-radius guard in the store: one IsolationGuardRecord per
// account counts the automated isolations of the rolling hour and keeps the
// isolations held past the cap; the ISOLATION_CAP_REACHED escalation asks
// for the confirmation that performs them. Every method works in the
// caller's transaction, so an isolation and its count (or its hold) commit
// together: a crash can neither lose nor double-count one.
class BlastRadiusGuard {
 public:
  using Held = cordon::store::IsolationGuardRecord::Held;

  // `events` receives ISOLATION_PAUSED when the account pauses.
  BlastRadiusGuard(const ports::Clock* clock, EscalationManager* escalations,
                   const EventLog* events)
      : clock_(clock), escalations_(escalations), events_(events) {}

  // An automated isolation asking to proceed.
  struct Candidate {
    core::IdentityName identity;
    std::string upn;
    // The hold it will add once performed.
    cordon::v1::IsolationHold::Kind kind =
        cordon::v1::IsolationHold::KIND_UNSPECIFIED;
    std::string source;
    std::string report;
    int report_action_index = 0;
    std::vector<std::string> named_rule_ids;
    // The identity is held already (no new lock-out).
    bool already_held = false;
    int cap = 0;
  };
  struct Admission {
    bool held = false;
    // When held: the ISOLATION_CAP_REACHED escalation and why, in words.
    std::string escalation;
    std::string detail;
  };
  // Counts the candidate and lets it proceed, or holds it: the account
  // pauses and its escalation opens or gains the identity (ESC-7).
  // RESOURCE_EXHAUSTED, changing nothing, when core::kMaxHeldIsolations
  // wait already.
  absl::StatusOr<Admission> Admit(store::Transaction& txn,
                                  const Candidate& candidate);

  // Drops the held isolations of `identity` from `source` (every source
  // when empty: a manual release, ISO-6); returns them. ISO-4: a report
  // closed before the confirmation takes its held isolations with it.
  absl::StatusOr<std::vector<Held>> Drop(store::Transaction& txn,
                                         const core::IdentityName& identity,
                                         const std::string& source);

  // The confirmation: takes every held isolation of the account and
  // resumes automated isolation, its window restarting now.
  absl::StatusOr<std::vector<Held>> TakeAllAndResume(store::Transaction& txn,
                                                     uint64_t account);

  static std::string Subject() { return "isolation-cap"; }

 private:
  absl::StatusOr<cordon::store::IsolationGuardRecord> Lock(
      store::Transaction& txn, uint64_t account) const;
  void Write(store::Transaction& txn, uint64_t account,
             const cordon::store::IsolationGuardRecord& record) const;
  // Holds the candidate: the held entry (one per identity and source) and
  // the escalation it joins.
  absl::StatusOr<Admission> Hold(store::Transaction& txn,
                                 const Candidate& candidate, int counted,
                                 cordon::store::IsolationGuardRecord* record);

  const ports::Clock* clock_;
  EscalationManager* escalations_;
  const EventLog* events_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_BLAST_RADIUS_GUARD_H_
