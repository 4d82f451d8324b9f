#ifndef CORDON_SIMULATOR_INVARIANTS_H_
#define CORDON_SIMULATOR_INVARIANTS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/escalation.pb.h"
#include "simulator/change_journal.h"
#include "simulator/invariant_rules.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// The properties that must hold after every step of every run (DESIGN rule
// 3), checked against both Cordon's store and the simulated world:
// - no account is disabled (cloud or on-prem) by Cordon without a hold
//   (ISO-4, ISO-6), except while its release is still being performed
//   (and a synced account's cloud side until the next directory sync
//   carries the on-prem enable up, ISO-9);
// - no automated hold is ever added to an excluded identity (ISO-1, ISO-7);
// - a LIMITED identity is never shown as disabled (ISO-9);
// - an isolation the blast-radius guard holds is still kept for the
//   confirmation, and an open ISOLATION_CAP_REACHED asks for it (ISO-14);
// - an inbox rule Cordon disabled is still disabled in the mailbox unless an
//   admin re-enabled it (ISO-5);
// - no escalation is delivered by both channels: its notifications are all
//   EMAIL or all PSA, on its delivery_channel (ESC-3);
// - no escalation is left un-notified (ESC-1): one that is neither resolved
//   nor answered has a notification entry (any outcome) for round
//   floor((now - create_time) / period(severity)). A step that commits a
//   decision does not run the worker, so when that round's time is now and
//   the escalation's notice timer is still queued at or before now, the
//   previous round is required instead (none for round 0): only rounds
//   strictly before now must have been performed;
// - (CheckAll only, a full scan) every child counter equals the rows it
//   counts: identities per organization; organizations, users and access
//   rules per account (issue 14, engine/common/child_counts.h);
// - (CheckAll only, a full scan) cordon_escalations_open, which the engine
//   keeps in memory, equals a count of the stored escalations at now, by
//   type, severity and overdue (issue 14, open_escalation_counts.h).
//
// Check() looks only at what changed since the previous check, as the
// simulation's ChangeJournal records it: the identities whose row,
// isolation record, organization, account or world user was written (and,
// while one awaits an ISO-14 confirmation, its guard and escalations), the
// escalations and notice timers written. What it did not recheck it answers
// from the verdicts of the last time it did, so Check() and CheckAll()
// give the same violations in the same order (but for the counters); what
// depends on the clock alone (ESC-1 rounds) it evaluates every time, for
// every escalation that awaits an answer. The cost of a check grows with what
// changed, not with the size of the world (docs/benchmarks.md, "Simulation
// speed").
class InvariantChecker {
 public:
  explicit InvariantChecker(Simulation* sim);

  // The violations found now; empty when all hold. The first call is a
  // CheckAll().
  absl::StatusOr<std::vector<std::string>> Check();
  // The same, from a rescan of every identity, escalation and queued
  // action: for quiet points and the end of a run, and against a change
  // the journal did not see.
  absl::StatusOr<std::vector<std::string>> CheckAll();

 private:
  struct IdentityState {
    std::vector<Finding> findings;
    ChangeJournal::WorldUser world_user;
    bool awaits_confirmation = false;
    int64_t checked_in_pass = 0;
  };
  // An escalation that awaits an answer or breaks ESC-3: the rest need no
  // look until they are written again.
  struct EscalationState {
    cordon::v1::Escalation row;
    std::string who;
    std::vector<std::string> channel_violations;
  };

  // Marks what `changes` touched for a recheck; refreshes the escalations
  // and notice timers it wrote.
  absl::Status Apply(const ChangeJournal::Changes& changes);
  void MarkIdentitiesWithPrefix(const std::string& prefix);
  void MarkAwaitingConfirmation();
  // Rechecks every marked identity; one whose check failed stays marked.
  absl::Status RecheckMarked();
  absl::Status RecheckIdentity(const std::string& key);
  void Forget(const std::string& key);
  absl::Status RefreshEscalation(const std::string& key);
  void RefreshEscalation(const std::string& key,
                         const cordon::v1::Escalation& row);
  absl::Status RefreshTimer(const std::string& key);
  void SetTimer(const std::string& key, const std::string& escalation);
  absl::Status RescanEscalationsAndTimers();
  // The violations of this pass, in the order of a full scan.
  absl::StatusOr<std::vector<std::string>> Collect();
  absl::Status CollectEscalations(std::vector<std::string>* violations);

  Simulation* sim_;
  std::unique_ptr<ChangeJournal::Reader> changes_;
  bool primed_ = false;
  int64_t pass_ = 0;
  // By identity key (the order of a scan of the identities).
  std::map<std::string, IdentityState> identities_;
  std::map<ChangeJournal::WorldUser, std::set<std::string>> by_world_user_;
  // The identities whose last check found something: all a pass reports
  // of the identities it did not recheck.
  std::set<std::string> with_findings_;
  std::set<std::string> marked_;
  // Automated hold sources per identity name at its previous check: a hold
  // that appears while the identity is excluded is a violation.
  std::map<std::string, std::set<std::string>> automated_holds_;
  // Every escalation's key; the states of those that need a look, by key.
  std::set<std::string> escalation_keys_;
  std::map<std::string, EscalationState> escalations_;
  // Queued notice schedules: escalation name by outbox key, and how many
  // each escalation has.
  std::map<std::string, std::string> timers_;
  std::map<std::string, int> schedules_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_INVARIANTS_H_
