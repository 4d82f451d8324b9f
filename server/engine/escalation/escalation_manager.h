#ifndef CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_MANAGER_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_MANAGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cordon/v1/escalation.pb.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/escalation/escalation_type.h"
#include "server/core/escalation/severity_schedule.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/escalation/open_escalation_counts.h"
#include "server/engine/events/event_log.h"
#include "server/engine/outbox/outbox.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// One occurrence of something that needs the partner's admins (ESC-2).
struct EscalationOccurrence {
  uint64_t account = 0;
  uint64_t organization = 0;
  cordon::v1::EscalationType type = cordon::v1::ESCALATION_TYPE_UNSPECIFIED;
  cordon::v1::Severity severity = cordon::v1::SEVERITY_UNSPECIFIED;
  // ESC-7: what one open escalation stands for, e.g. "country:RU",
  // "vpn:nordvpn" (core::LoginSubject::Key), an endpoint id, the tenant.
  std::string subject;
  // The question for the admins, used when a new escalation opens.
  std::string question;
  // The identity it concerns, if any (added once to `identities`).
  std::string identity;
  cordon::v1::EscalationEvent event;
};

// The API's type as core's; INVALID_ARGUMENT for UNSPECIFIED or an unknown
// value.
absl::StatusOr<core::EscalationType> CoreEscalationType(
    cordon::v1::EscalationType type);
// The API's severity as core's; INVALID_ARGUMENT for UNSPECIFIED.
absl::StatusOr<core::Severity> CoreSeverity(cordon::v1::Severity severity);

// Escalations (ESC-1, ESC-5..ESC-9) in the store: one open escalation per
// (organization, type, subject); later occurrences join it. Every method
// that takes a transaction works inside the caller's write, so the trigger
// (a sign-in, a failed delivery) and its escalation commit together.
//
// Opening an escalation queues, in the same write, the timer of its first
// notification (ESC-1, ESC-3); EscalationNoticeTimer takes it from there.
class EscalationManager {
 public:
  // `events` receives the ESCALATION_* events in the writes that open,
  // join, answer and resolve escalations, and the notification events of
  // whoever records them (events()). `open_counts` (may be null) follows
  // every committed write of an escalation row (issue 14's gauge).
  EscalationManager(store::Database* db, const ports::Clock* clock,
                    AuditLog* audit, Outbox* outbox, const EventLog* events,
                    OpenEscalationCounts* open_counts)
      : db_(db),
        clock_(clock),
        audit_(audit),
        outbox_(outbox),
        events_(events),
        open_counts_(open_counts) {}

  // ESC-7: joins the open escalation of the occurrence's subject, or opens
  // a new one (due = now + the severity's period, ESC-1). Returns it.
  absl::StatusOr<cordon::v1::Escalation> Raise(
      store::Transaction& txn, const EscalationOccurrence& occurrence);

  // The open (OPEN or OVERDUE) escalations of an account, optionally only
  // login ones; bounded. Without `with_occurrences` their `events` stay
  // empty (one read less per escalation for a caller that needs only
  // their subjects).
  absl::StatusOr<std::vector<cordon::v1::Escalation>> OpenEscalations(
      uint64_t account, bool login_only, bool with_occurrences = true) const;

  // Resolves one escalation with `resolution` (no-op when already
  // resolved). After it, the next occurrence of its subject opens a new one.
  absl::Status Resolve(store::Transaction& txn, const std::string& name,
                       cordon::v1::Escalation::Resolution resolution,
                       const Actor& actor);

  // Resolves the open escalation of a subject, if there is one (for
  // conditions that end by themselves: AUTOMATIC).
  absl::Status ResolveSubject(store::Transaction& txn, uint64_t account,
                              uint64_t organization,
                              cordon::v1::EscalationType type,
                              const std::string& subject,
                              cordon::v1::Escalation::Resolution resolution,
                              const Actor& actor);

  absl::StatusOr<cordon::v1::Escalation> Get(const std::string& name) const;

  // Queues the notification timer of `escalation` (ESCALATION_NOTICE_DUE)
  // due at `due`.
  absl::Status QueueNotice(store::Transaction& txn,
                           const cordon::v1::Escalation& escalation,
                           absl::Time due);

  // ESC-8: the retry an answer asked for ("integration fixed", "retry
  // access") failed. The answer is cleared, so the escalation is unanswered
  // again (OVERDUE if past due) and re-notified from now on; an event says
  // what failed, and a notification goes out at once. No-op when resolved.
  absl::Status ReopenAfterFailedRetry(store::Transaction& txn,
                                      const std::string& name,
                                      const std::string& what_failed);

  struct ListQuery {
    uint64_t account = 0;
    absl::optional<cordon::v1::Escalation::Status> status;
    absl::optional<cordon::v1::Severity> severity;
    absl::optional<cordon::v1::EscalationType> type;
    absl::optional<uint64_t> organization;
  };
  // Ordered by due time (earliest first).
  absl::StatusOr<Page<cordon::v1::Escalation>> List(
      const ListQuery& query, const PageRequest& page) const;

  // SOC-raised escalations (CreateEscalation).
  absl::StatusOr<cordon::v1::Escalation> Create(
      const Actor& actor, uint64_t account,
      const cordon::v1::Escalation& escalation, const IdempotentCall& call);

  // For workflows that change an escalation in their own write (answers):
  // the stored escalation, locked in `txn` (status as stored, not derived).
  absl::StatusOr<cordon::v1::Escalation> Lock(
      store::Transaction& txn, const core::EscalationName& name) const;
  // Lock for workflows that run after the fact (timers, deliveries): by
  // name, nullopt when the escalation is gone with its account.
  absl::StatusOr<absl::optional<cordon::v1::Escalation>> LockIfExists(
      store::Transaction& txn, const std::string& name) const;
  // Stamps (update_time, etag) and puts an escalation read with Lock;
  // appends an event of `type` saying `summary` unless TYPE_UNSPECIFIED.
  absl::Status Write(
      store::Transaction& txn, cordon::v1::Escalation* escalation,
      cordon::v1::Event::Type type = cordon::v1::Event::TYPE_UNSPECIFIED,
      absl::string_view summary = "") const;
  const EventLog& events() const { return *events_; }
  // ESC-9: OVERDUE is not stored; a stored OPEN escalation that is
  // unanswered and past its due time at `now` reads as OVERDUE.
  static void DeriveStatus(cordon::v1::Escalation* escalation, absl::Time now);

  // Bounds (TIGER_STYLE: every list bounded).
  static constexpr int kMaxEvents = 1000;
  static constexpr int kMaxIdentities = 1000;
  static constexpr int kMaxOpenListed = 10000;

 private:
  // ESC-7 for Raise and Create: joins the open escalation of the subject or
  // opens one. Joins are audited only when `audit_join` (a person's call;
  // the server's own joins would flood the trail).
  absl::StatusOr<cordon::v1::Escalation> OpenOrJoin(
      store::Transaction& txn, const EscalationOccurrence& occurrence,
      const std::vector<std::string>& identities, const Actor& actor,
      bool audit_join);
  // What OpenOrJoin found to open a new escalation with.
  struct Opening {
    const EscalationOccurrence& occurrence;
    const std::vector<std::string>& identities;
    const Actor& actor;
    core::EscalationType type;
    core::Severity severity;
    uint64_t ticket;  // names the escalation and its first occurrence
    const std::string& subject_key;
    absl::Time now;
  };
  // The subject's first occurrence: a new escalation, indexed as the
  // subject's open one and by its due time, notified (ESC-1) and audited.
  absl::StatusOr<cordon::v1::Escalation> Open(
      store::Transaction& txn, const Opening& opening,
      cordon::v1::EscalationEvent event);
  absl::Status ValidateCreate(uint64_t account,
                              const cordon::v1::Escalation& input) const;
  // Each listed identity is a distinct, existing identity of `org`.
  absl::Status ValidateIdentities(const core::OrganizationName& org,
                                  const cordon::v1::Escalation& input) const;

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  Outbox* outbox_;
  const EventLog* events_;
  OpenEscalationCounts* open_counts_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_MANAGER_H_
