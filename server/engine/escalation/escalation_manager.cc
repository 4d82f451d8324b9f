#include "server/engine/escalation/escalation_manager.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/escalation/answer.h"
#include "server/core/escalation/escalation_type.h"
#include "server/core/escalation/login_subject.h"
#include "server/core/escalation/severity_schedule.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/escalation/escalation_events.h"
#include "server/engine/events/event_builders.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::v1::Escalation;
using cordon::v1::EscalationEvent;

constexpr size_t kMaxSubjectBytes = 512;
constexpr size_t kMaxQuestionBytes = 2000;
constexpr char kEscalationRecordKind[] = "escalation record";
static_assert(EscalationManager::kMaxEvents == EscalationEvents::kMaxEvents);

cordon::v1::Severity ProtoSeverity(core::Severity severity) {
  switch (severity) {
    case core::Severity::kLow:
      return cordon::v1::LOW;
    case core::Severity::kHigh:
      return cordon::v1::HIGH;
    case core::Severity::kCritical:
      return cordon::v1::CRITICAL;
  }
  return cordon::v1::SEVERITY_UNSPECIFIED;
}

// The answers as Escalation.allowed_answers spells them: a login decision is
// offered as its two determinations.
std::vector<std::string> AllowedAnswerNames(core::EscalationType type) {
  std::vector<std::string> names;
  for (core::AnswerKind kind : core::AllowedAnswers(type)) {
    if (kind == core::AnswerKind::kLoginDecision) {
      names.push_back("EXPECTED");
      names.push_back("UNAUTHORIZED");
    } else {
      names.emplace_back(core::AnswerKindName(kind));
    }
  }
  return names;
}

std::string DefaultQuestion(core::EscalationType type,
                            absl::string_view subject) {
  switch (type) {
    case core::EscalationType::kIntegrationPsaDeliveryFailed:
      return "Incident reports could not be delivered to your PSA. Fix the "
             "integration, then answer \"integration fixed\" to retry them.";
    case core::EscalationType::kSystemHealthDefenderRtpDisabled:
      return "Defender real-time protection has been off for more than 2 "
             "hours on an endpoint whose antivirus is enforced. Turn it back "
             "on.";
    case core::EscalationType::kHostIsolationOrgWide:
      return "Several endpoints of one organization were isolated from the "
             "network for one incident. Please acknowledge.";
    case core::EscalationType::kIntegrationM365Inaccessible:
      return "Cordon cannot reach the organization's Microsoft 365 tenant. "
             "Restore access, then answer \"retry access\".";
    case core::EscalationType::kLoginUnexpectedCountry:
    case core::EscalationType::kLoginUnexpectedVpn:
      return absl::StrCat("Sign-ins from ", subject,
                          " were not expected. Are they expected or "
                          "unauthorized, and for whom?");
    case core::EscalationType::kIsolationCapReached:
      return "Automated isolation reached the account's hourly cap and is "
             "paused. Confirm to perform the held isolations and resume.";
  }
  return "";
}

std::string EscalationKey(uint64_t account, uint64_t escalation) {
  return store::KeyOf({account, escalation});
}

std::string SubjectIndexKey(uint64_t account, uint64_t organization,
                            cordon::v1::EscalationType type,
                            absl::string_view subject) {
  std::string tail(1, static_cast<char>(type));
  tail.append(subject.data(), subject.size());
  return store::IndexKey(store::IndexKind::kOpenEscalationSubject,
                         {account, organization}, tail);
}

std::string DueIndexKey(uint64_t account, absl::Time due, uint64_t id) {
  const int64_t micros = std::max<int64_t>(0, absl::ToUnixMicros(due));
  return store::IndexKey(store::IndexKind::kEscalationByDue,
                         {account, static_cast<uint64_t>(micros), id});
}

// The organization id of a stored escalation (0 for account-level ones).
uint64_t EscalationOrganizationId(const Escalation& escalation) {
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(escalation.organization());
  return org.ok() ? org->organization : 0;
}

// The locks the joins of one subject's open escalation take, one each, chosen
// by the occurrence's ticket: two joins wait for each other only when their
// tickets share a stripe (about 3 of 40 joins in flight; with 32 stripes it
// was 17, a third of the joins' time at the edge, issue 14). No row is
// written: a stripe is a lock only, so there are no rows to keep.
constexpr uint64_t kJoinStripes = 256;

// One of the keys the joins of a subject's open escalation lock (see
// OpenOrJoin); resolving the escalation locks every one.
std::string JoinStripeKey(uint64_t account, uint64_t organization,
                          cordon::v1::EscalationType type,
                          absl::string_view subject, uint64_t stripe) {
  std::string tail(1, static_cast<char>(type));
  tail.append(subject.data(), subject.size());
  return store::IndexKey(store::IndexKind::kEscalationJoinStripe,
                         {account, organization, stripe}, tail);
}

// Locks every join stripe of a subject (its resolve). A stripe row left by
// an older version, which wrote the resolved id into each, is deleted.
absl::Status LockJoinStripes(store::Transaction& txn, uint64_t account,
                             uint64_t organization,
                             cordon::v1::EscalationType type,
                             absl::string_view subject) {
  for (uint64_t stripe = 0; stripe < kJoinStripes; ++stripe) {
    const std::string key =
        JoinStripeKey(account, organization, type, subject, stripe);
    std::string legacy;
    CORDON_ASSIGN_OR_RETURN(
        bool written, txn.GetRawForUpdate(store::Family::kIndex, key, &legacy));
    if (written) txn.Delete(store::Family::kIndex, key);
  }
  return absl::OkStatus();
}

// Adds `event` after the occurrences `escalation` shows, keeping the latest
// kMaxEvents; `count` says whether event_count counts it.
void ShowEvent(Escalation* escalation, EscalationEvent event, bool count) {
  const int excess =
      escalation->events_size() - EscalationManager::kMaxEvents + 1;
  if (excess > 0) escalation->mutable_events()->DeleteSubrange(0, excess);
  *escalation->add_events() = std::move(event);
  if (count) escalation->set_event_count(escalation->event_count() + 1);
}

// Lists each identity not listed yet, up to kMaxIdentities; true when one
// was added.
bool AddIdentities(Escalation* escalation,
                   const std::vector<std::string>& identities) {
  bool added = false;
  for (const std::string& identity : identities) {
    if (identity.empty()) continue;
    if (escalation->identities_size() >= EscalationManager::kMaxIdentities) {
      break;
    }
    const auto& listed = escalation->identities();
    if (std::find(listed.begin(), listed.end(), identity) == listed.end()) {
      escalation->add_identities(identity);
      added = true;
    }
  }
  return added;
}

// A new OPEN escalation of the occurrence, named `name`, with the
// question, workflow and subject of its type; no event yet.
Escalation NewEscalation(const EscalationOccurrence& occurrence,
                         const core::EscalationName& name,
                         core::EscalationType type, core::Severity severity) {
  Escalation escalation;
  escalation.set_name(name.ToString());
  escalation.set_type(occurrence.type);
  escalation.set_severity(ProtoSeverity(severity));
  if (occurrence.organization != 0) {
    escalation.set_organization(
        core::OrganizationName{occurrence.account, occurrence.organization}
            .ToString());
  }
  escalation.set_question(occurrence.question.empty()
                              ? DefaultQuestion(type, occurrence.subject)
                              : occurrence.question);
  for (std::string& answer : AllowedAnswerNames(type)) {
    escalation.add_allowed_answers(std::move(answer));
  }
  escalation.set_status(Escalation::OPEN);
  escalation.set_subject(occurrence.subject);
  return escalation;
}

Actor SystemActor(absl::string_view workflow) {
  return Actor{"system", "", std::string(workflow)};
}

bool Printable(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
}

// A login escalation's subject is its normalized key (ESC-2).
absl::Status ValidateLoginSubject(const Escalation& input) {
  absl::StatusOr<core::LoginSubject> subject =
      core::ParseLoginSubjectKey(input.organization(), input.subject());
  if (!subject.ok()) {
    return core::ForField("escalation.subject", subject.status());
  }
  if (subject->Key() != input.subject()) {
    return core::InvalidField(
        "escalation.subject",
        absl::StrCat("not normalized; use \"", subject->Key(), "\""));
  }
  return absl::OkStatus();
}

// ESC-7: where an occurrence of a subject goes. A join locks one of the
// subject's kJoinStripes stripes, then reads the subject's row and the
// escalation as committed, without locking them: joins of one escalation
// run side by side and share their synced commits (issue 14). Resolving
// locks every stripe, so it waits for the joins under way. When the
// subject's row is absent, or this transaction changed it (a resolve
// earlier in it), the row is read for update instead: of two concurrent
// first occurrences the second waits, then joins.
struct OpenSubject {
  std::string key;      // the subject's index row
  std::string open_id;  // be64(escalation), empty when none is open
  bool locked = false;  // read for update (then read the escalation so too)
};

absl::StatusOr<OpenSubject> FindOpenSubject(
    store::Transaction& txn, const store::Database& db,
    const EscalationOccurrence& occurrence, uint64_t ticket) {
  OpenSubject subject;
  subject.key = SubjectIndexKey(occurrence.account, occurrence.organization,
                                occurrence.type, occurrence.subject);
  std::string unused;
  CORDON_RETURN_IF_ERROR(
      txn.GetRawForUpdate(
             store::Family::kIndex,
             JoinStripeKey(occurrence.account, occurrence.organization,
                           occurrence.type, occurrence.subject,
                           ticket % kJoinStripes),
             &unused)
          .status());
  std::string seen;
  CORDON_ASSIGN_OR_RETURN(
      bool present, txn.GetRaw(store::Family::kIndex, subject.key, &seen));
  absl::StatusOr<std::string> committed =
      db.Get(store::Family::kIndex, subject.key);
  if (!committed.ok() && !absl::IsNotFound(committed.status())) {
    return committed.status();
  }
  if (present && committed.ok() && *committed == seen) {
    subject.open_id = std::move(seen);
    return subject;
  }
  subject.locked = true;
  CORDON_ASSIGN_OR_RETURN(
      bool open, txn.GetRawForUpdate(store::Family::kIndex, subject.key,
                                     &subject.open_id));
  if (!open) subject.open_id.clear();
  return subject;
}

// The stored escalation `name` with its committed occurrences.
absl::StatusOr<Escalation> ReadFilledEscalation(
    store::Database* db, const core::EscalationName& name) {
  CORDON_ASSIGN_OR_RETURN(
      Escalation escalation,
      ReadRow<Escalation>(*db, store::Family::kEscalations,
                          EscalationKey(name.account, name.escalation),
                          name.ToString(), kEscalationRecordKind));
  CORDON_RETURN_IF_ERROR(EscalationEvents(db).Fill(name, &escalation));
  return escalation;
}

// One occurrence joining open escalation `name` (ESC-7), in `txn`, which
// holds one of its subject's join stripes; the occurrence is row `ticket`.
struct EscalationJoin {
  store::Transaction& txn;
  const EscalationManager& manager;
  AuditLog& audit;
  const EventLog& events;
  const EscalationEvents& occurrences;
  const core::EscalationName& name;
  const EscalationOccurrence& occurrence;
  const std::vector<std::string>& identities;
  const Actor& actor;
  // A person's call (CreateEscalation): audited, answered in full.
  bool audit_join;
  uint64_t ticket;
};

// An insert of the occurrence, and a rewrite of `row` (read locked or as
// committed) only when it lists a new identity.
absl::StatusOr<Escalation> JoinOpenEscalation(const EscalationJoin& join,
                                              Escalation row, bool locked,
                                              EscalationEvent event) {
  if (AddIdentities(&row, join.identities)) {
    if (!locked) {
      // Read again under its lock, so an identity another join added
      // meanwhile is kept.
      CORDON_ASSIGN_OR_RETURN(
          row, LockRow<Escalation>(
                   join.txn, store::Family::kEscalations,
                   EscalationKey(join.name.account, join.name.escalation),
                   join.name.ToString()));
      AddIdentities(&row, join.identities);
    }
    CORDON_RETURN_IF_ERROR(join.manager.Write(join.txn, &row));
  }
  CORDON_RETURN_IF_ERROR(
      join.occurrences.Add(join.txn, join.name, join.ticket, event));
  if (join.audit_join) {
    CORDON_RETURN_IF_ERROR(join.occurrences.Fill(join.name, &row));
    ShowEvent(&row, std::move(event), /*count=*/true);
    CORDON_RETURN_IF_ERROR(join.audit.Record(
        join.txn, join.occurrence.account, join.actor, row.name(),
        absl::StrCat("added an occurrence to the open escalation (ESC-7); ",
                     row.event_count(), " in all")));
  } else {
    // The server's own joins, many per second, read no occurrences: the
    // escalation shows the one that joined, and no event_count.
    row.clear_events();
    row.clear_event_count();
    ShowEvent(&row, std::move(event), /*count=*/false);
  }
  CORDON_RETURN_IF_ERROR(join.events.Append(
      join.txn, EscalationEventOf(
                    cordon::v1::Event::ESCALATION_JOINED, row,
                    "a repeated trigger joined the open escalation (ESC-7)")));
  return row;
}

}  // namespace

absl::StatusOr<core::Severity> CoreSeverity(cordon::v1::Severity severity) {
  switch (severity) {
    case cordon::v1::LOW:
      return core::Severity::kLow;
    case cordon::v1::HIGH:
      return core::Severity::kHigh;
    case cordon::v1::CRITICAL:
      return core::Severity::kCritical;
    default:
      return absl::InvalidArgumentError("LOW, HIGH or CRITICAL");
  }
}

absl::StatusOr<core::EscalationType> CoreEscalationType(
    cordon::v1::EscalationType type) {
  switch (type) {
    case cordon::v1::INTEGRATION_PSA_DELIVERY_FAILED:
      return core::EscalationType::kIntegrationPsaDeliveryFailed;
    case cordon::v1::SYSTEM_HEALTH_DEFENDER_RTP_DISABLED:
      return core::EscalationType::kSystemHealthDefenderRtpDisabled;
    case cordon::v1::HOST_ISOLATION_ORG_WIDE:
      return core::EscalationType::kHostIsolationOrgWide;
    case cordon::v1::INTEGRATION_M365_INACCESSIBLE:
      return core::EscalationType::kIntegrationM365Inaccessible;
    case cordon::v1::LOGIN_UNEXPECTED_COUNTRY:
      return core::EscalationType::kLoginUnexpectedCountry;
    case cordon::v1::LOGIN_UNEXPECTED_VPN:
      return core::EscalationType::kLoginUnexpectedVpn;
    case cordon::v1::ISOLATION_CAP_REACHED:
      return core::EscalationType::kIsolationCapReached;
    default:
      return absl::InvalidArgumentError(
          "an escalation type is required (one of ESC-2's six or "
          "ISOLATION_CAP_REACHED)");
  }
}

void EscalationManager::DeriveStatus(Escalation* escalation, absl::Time now) {
  if (escalation->status() == Escalation::OPEN && !escalation->has_answer() &&
      escalation->has_due_time() &&
      now >= FromTimestamp(escalation->due_time())) {
    escalation->set_status(Escalation::OVERDUE);
  }
}

absl::StatusOr<Escalation> EscalationManager::Raise(
    store::Transaction& txn, const EscalationOccurrence& occurrence) {
  std::vector<std::string> identities;
  if (!occurrence.identity.empty()) identities.push_back(occurrence.identity);
  return OpenOrJoin(txn, occurrence, identities,
                    SystemActor("EscalationManager.Raise"),
                    /*audit_join=*/false);
}

absl::StatusOr<Escalation> EscalationManager::OpenOrJoin(
    store::Transaction& txn, const EscalationOccurrence& occurrence,
    const std::vector<std::string>& identities, const Actor& actor,
    bool audit_join) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationType type,
                          CoreEscalationType(occurrence.type));
  core::Severity severity = core::EscalationSeverity(type);
  if (occurrence.severity != cordon::v1::SEVERITY_UNSPECIFIED) {
    CORDON_ASSIGN_OR_RETURN(severity, CoreSeverity(occurrence.severity));
  }
  if (occurrence.account == 0) {
    return absl::InvalidArgumentError("an escalation needs its account");
  }
  if (occurrence.subject.empty() ||
      occurrence.subject.size() > kMaxSubjectBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an escalation subject is 1 to ", kMaxSubjectBytes, " bytes"));
  }
  const absl::Time now = clock_->Now();
  EscalationEvent event = occurrence.event;
  if (!event.has_time()) *event.mutable_time() = ToTimestamp(now);

  CORDON_ASSIGN_OR_RETURN(uint64_t ticket, db_->NextId());
  CORDON_ASSIGN_OR_RETURN(OpenSubject subject,
                          FindOpenSubject(txn, *db_, occurrence, ticket));
  const std::string& subject_key = subject.key;
  const std::string& open_id = subject.open_id;
  const bool open = !open_id.empty();
  const bool locked = subject.locked;
  const EscalationEvents occurrences(db_);
  if (open) {
    const absl::optional<uint64_t> id = store::ReadUint64(open_id, 0);
    if (!id) return RowDoesNotParse("open escalation index");
    const core::EscalationName name{occurrence.account, *id};
    const std::string key = EscalationKey(name.account, name.escalation);
    CORDON_ASSIGN_OR_RETURN(
        Escalation row,
        locked ? LockRow<Escalation>(txn, store::Family::kEscalations, key,
                                     name.ToString())
               : ReadRow<Escalation>(*db_, store::Family::kEscalations, key,
                                     name.ToString(), kEscalationRecordKind));
    const EscalationJoin join{txn,         *this,      *audit_,    *events_,
                              occurrences, name,       occurrence, identities,
                              actor,       audit_join, ticket};
    CORDON_ASSIGN_OR_RETURN(
        Escalation escalation,
        JoinOpenEscalation(join, std::move(row), locked, std::move(event)));
    DeriveStatus(&escalation, now);
    return escalation;
  }

  return Open(
      txn,
      {occurrence, identities, actor, type, severity, ticket, subject_key, now},
      std::move(event));
}

absl::StatusOr<Escalation> EscalationManager::Open(store::Transaction& txn,
                                                   const Opening& opening,
                                                   EscalationEvent event) {
  const EscalationOccurrence& occurrence = opening.occurrence;
  const uint64_t id = opening.ticket;
  const core::EscalationName name{occurrence.account, id};
  Escalation escalation =
      NewEscalation(occurrence, name, opening.type, opening.severity);
  AddIdentities(&escalation, opening.identities);
  const absl::Time due = core::DueTime(opening.now, opening.severity);
  *escalation.mutable_due_time() = ToTimestamp(due);
  StampWrite(&escalation, opening.now, /*creating=*/true);
  txn.Put(store::Family::kEscalations, EscalationKey(name.account, id),
          escalation);
  if (open_counts_ != nullptr) open_counts_->Track(txn, name.account, id);
  CORDON_RETURN_IF_ERROR(
      EscalationEvents(db_).Add(txn, name, opening.ticket, event));
  ShowEvent(&escalation, std::move(event), /*count=*/true);
  txn.PutRaw(store::Family::kIndex, opening.subject_key, store::KeyOf({id}));
  txn.PutRaw(store::Family::kIndex, DueIndexKey(name.account, due, id), "");
  const std::string opened =
      absl::StrCat("opened ", core::SeverityName(opening.severity), " ",
                   core::EscalationTypeName(opening.type), " escalation about ",
                   occurrence.subject);
  CORDON_RETURN_IF_ERROR(events_->Append(
      txn, EscalationEventOf(cordon::v1::Event::ESCALATION_OPENED, escalation,
                             opened)));
  // ESC-1: the first notification goes out on creation.
  CORDON_RETURN_IF_ERROR(QueueNotice(txn, escalation, opening.now));
  CORDON_RETURN_IF_ERROR(audit_->Record(txn, occurrence.account, opening.actor,
                                        escalation.name(), opened));
  return escalation;
}

absl::StatusOr<std::vector<Escalation>> EscalationManager::OpenEscalations(
    uint64_t account, bool login_only, bool with_occurrences) const {
  std::vector<Escalation> open;
  absl::Status status;
  int visited = 0;
  const absl::Time now = clock_->Now();
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kIndex,
      store::IndexKey(store::IndexKind::kOpenEscalationSubject, {account}), "",
      /*reverse=*/false, [&](absl::string_view, absl::string_view value) {
        const absl::optional<uint64_t> id = store::ReadUint64(value, 0);
        if (!id) {
          status = RowDoesNotParse("open escalation index");
          return false;
        }
        absl::StatusOr<Escalation> escalation = ReadRow<Escalation>(
            *db_, store::Family::kEscalations, EscalationKey(account, *id), "",
            kEscalationRecordKind);
        // Resolved between the index read and the row read: not open.
        if (absl::IsNotFound(escalation.status())) return true;
        if (!escalation.ok()) {
          status = escalation.status();
          return false;
        }
        if (escalation->status() == Escalation::RESOLVED) return true;
        absl::StatusOr<core::EscalationType> type =
            CoreEscalationType(escalation->type());
        if (!login_only || (type.ok() && core::IsLoginEscalation(*type))) {
          if (with_occurrences) {
            status = EscalationEvents(db_).Fill(
                core::EscalationName{account, *id}, &*escalation);
            if (!status.ok()) return false;
          }
          DeriveStatus(&*escalation, now);
          open.push_back(*std::move(escalation));
        }
        return ++visited < kMaxOpenListed;
      }));
  CORDON_RETURN_IF_ERROR(status);
  return open;
}

absl::StatusOr<Escalation> EscalationManager::Lock(
    store::Transaction& txn, const core::EscalationName& name) const {
  CORDON_ASSIGN_OR_RETURN(
      Escalation escalation,
      LockRow<Escalation>(txn, store::Family::kEscalations,
                          EscalationKey(name.account, name.escalation),
                          name.ToString()));
  CORDON_RETURN_IF_ERROR(EscalationEvents(db_).Fill(name, &escalation));
  return escalation;
}

absl::StatusOr<absl::optional<Escalation>> EscalationManager::LockIfExists(
    store::Transaction& txn, const std::string& name_text) const {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(name_text));
  absl::StatusOr<Escalation> locked = Lock(txn, name);
  if (absl::IsNotFound(locked.status())) return absl::nullopt;
  CORDON_RETURN_IF_ERROR(locked.status());
  return *std::move(locked);
}

absl::Status EscalationManager::Write(store::Transaction& txn,
                                      Escalation* escalation,
                                      cordon::v1::Event::Type type,
                                      absl::string_view summary) const {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(escalation->name()));
  // The occurrences are EscalationEvents' rows; the caller's copy keeps
  // showing them.
  Escalation row = *escalation;
  row.clear_events();
  row.clear_event_count();
  StampWrite(&row, clock_->Now(), /*creating=*/false);
  txn.Put(store::Family::kEscalations,
          EscalationKey(name.account, name.escalation), row);
  if (open_counts_ != nullptr) {
    open_counts_->Track(txn, name.account, name.escalation);
  }
  *escalation->mutable_update_time() = row.update_time();
  escalation->set_etag(row.etag());
  if (type == cordon::v1::Event::TYPE_UNSPECIFIED) return absl::OkStatus();
  return events_->Append(txn, EscalationEventOf(type, *escalation, summary));
}

absl::Status EscalationManager::Resolve(store::Transaction& txn,
                                        const std::string& name_text,
                                        Escalation::Resolution resolution,
                                        const Actor& actor) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(name_text));
  CORDON_ASSIGN_OR_RETURN(Escalation escalation, Lock(txn, name));
  if (escalation.status() == Escalation::RESOLVED) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  escalation.set_status(Escalation::RESOLVED);
  escalation.set_resolution(resolution);
  *escalation.mutable_resolve_time() = ToTimestamp(now);
  CORDON_RETURN_IF_ERROR(Write(
      txn, &escalation, cordon::v1::Event::ESCALATION_RESOLVED,
      absl::StrCat("resolved: ", Escalation::Resolution_Name(resolution))));
  // ESC-7: the subject is free again, so its next occurrence opens a new
  // escalation. Only this escalation's own row goes.
  const std::string subject_key =
      SubjectIndexKey(name.account, EscalationOrganizationId(escalation),
                      escalation.type(), escalation.subject());
  std::string open_id;
  CORDON_ASSIGN_OR_RETURN(
      bool indexed,
      txn.GetRawForUpdate(store::Family::kIndex, subject_key, &open_id));
  if (indexed && store::ReadUint64(open_id, 0) == name.escalation) {
    txn.Delete(store::Family::kIndex, subject_key);
    // Joins under way finish first (their stripes are locked); a join later
    // in this transaction sees the subject's row gone (OpenOrJoin).
    CORDON_RETURN_IF_ERROR(
        LockJoinStripes(txn, name.account, EscalationOrganizationId(escalation),
                        escalation.type(), escalation.subject()));
  }
  return audit_->Record(txn, name.account, actor, escalation.name(),
                        absl::StrCat("resolved the escalation: ",
                                     Escalation::Resolution_Name(resolution)));
}

absl::Status EscalationManager::ResolveSubject(
    store::Transaction& txn, uint64_t account, uint64_t organization,
    cordon::v1::EscalationType type, const std::string& subject,
    Escalation::Resolution resolution, const Actor& actor) {
  std::string open_id;
  CORDON_ASSIGN_OR_RETURN(
      bool open,
      txn.GetRawForUpdate(store::Family::kIndex,
                          SubjectIndexKey(account, organization, type, subject),
                          &open_id));
  if (!open) return absl::OkStatus();
  const absl::optional<uint64_t> id = store::ReadUint64(open_id, 0);
  if (!id) return RowDoesNotParse("open escalation index");
  return Resolve(txn, core::EscalationName{account, *id}.ToString(), resolution,
                 actor);
}

absl::Status EscalationManager::QueueNotice(store::Transaction& txn,
                                            const Escalation& escalation,
                                            absl::Time due) {
  cordon::store::OutboxAction timer;
  timer.set_kind(cordon::store::OutboxAction::ESCALATION_NOTICE_DUE);
  timer.set_escalation(escalation.name());
  return outbox_->Enqueue(txn, std::move(timer), due);
}

absl::Status EscalationManager::ReopenAfterFailedRetry(
    store::Transaction& txn, const std::string& name_text,
    const std::string& what_failed) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(name_text));
  CORDON_ASSIGN_OR_RETURN(Escalation escalation, Lock(txn, name));
  if (escalation.status() == Escalation::RESOLVED) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  escalation.clear_answer();
  EscalationEvent event;
  *event.mutable_time() = ToTimestamp(now);
  event.set_subject(escalation.subject());
  event.set_summary(
      absl::StrCat("the retry the answer asked for failed: ", what_failed));
  CORDON_ASSIGN_OR_RETURN(uint64_t event_id, db_->NextId());
  CORDON_RETURN_IF_ERROR(EscalationEvents(db_).Add(txn, name, event_id, event));
  ShowEvent(&escalation, std::move(event), /*count=*/true);
  // Unanswered again: streams see it open again, as if new.
  CORDON_RETURN_IF_ERROR(Write(
      txn, &escalation, cordon::v1::Event::ESCALATION_OPENED,
      absl::StrCat("awaits an answer again: the retry the answer asked for "
                   "failed: ",
                   what_failed)));
  // Notified at once, outside the schedule: its timer chain is still queued
  // (answered escalations keep theirs), so this notice starts no second one.
  cordon::store::OutboxAction notice;
  notice.set_kind(cordon::store::OutboxAction::ESCALATION_NOTICE_DUE);
  notice.set_escalation(escalation.name());
  notice.set_one_off(true);
  CORDON_RETURN_IF_ERROR(outbox_->Enqueue(txn, std::move(notice), now));
  return audit_->Record(
      txn, name.account,
      SystemActor("EscalationManager.ReopenAfterFailedRetry"),
      escalation.name(),
      absl::StrCat("the answer's retry failed; the escalation awaits an "
                   "answer again: ",
                   what_failed));
}

absl::StatusOr<Escalation> EscalationManager::Get(
    const std::string& name_text) const {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(name_text));
  CORDON_ASSIGN_OR_RETURN(Escalation escalation,
                          ReadFilledEscalation(db_, name));
  DeriveStatus(&escalation, clock_->Now());
  return escalation;
}

// Walks the due-time index rather than the escalation rows, so pages come
// out in due order without sorting: the index is written once with the
// escalation (the due time never changes) and each page costs at most
// RowsExaminedBudget(page) index rows plus one point read each. The status
// filter is applied after deriving OVERDUE at `now`, so `status = OVERDUE`
// finds exactly what Get would show as overdue.
absl::StatusOr<Page<Escalation>> EscalationManager::List(
    const ListQuery& query, const PageRequest& page) const {
  const absl::Time now = clock_->Now();
  const std::string organization =
      query.organization
          ? core::OrganizationName{query.account, *query.organization}
                .ToString()
          : "";
  Page<Escalation> result;
  const int budget = RowsExaminedBudget(page);
  int examined = 0;
  bool rows_remain = false;
  absl::Status status;
  const auto page_full = [&] {
    return static_cast<int>(result.items.size()) >= page.page_size ||
           examined >= budget;
  };
  const std::string prefix =
      store::IndexKey(store::IndexKind::kEscalationByDue, {query.account});
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kIndex, prefix, page.resume_after_key, /*reverse=*/false,
      [&](absl::string_view key, absl::string_view) {
        if (page_full()) {
          rows_remain = true;
          return false;
        }
        ++examined;
        result.resume_after_key = std::string(key);
        // kind byte, account, due micros, id.
        const absl::optional<uint64_t> id = store::ReadUint64(key, 17);
        if (!id) {
          status = RowDoesNotParse("escalation due index");
          return false;
        }
        absl::StatusOr<Escalation> escalation = ReadRow<Escalation>(
            *db_, store::Family::kEscalations,
            EscalationKey(query.account, *id),
            core::EscalationName{query.account, *id}.ToString(),
            kEscalationRecordKind);
        if (!escalation.ok()) {
          // The index row commits with its escalation and neither is ever
          // deleted: a dangling one is damage, not a race.
          status = absl::IsNotFound(escalation.status())
                       ? RowDoesNotParse("escalation due index")
                       : escalation.status();
          return false;
        }
        DeriveStatus(&*escalation, now);
        if (query.status && escalation->status() != *query.status) return true;
        if (query.severity && escalation->severity() != *query.severity) {
          return true;
        }
        if (query.type && escalation->type() != *query.type) return true;
        if (query.organization && escalation->organization() != organization) {
          return true;
        }
        // Only what the page returns reads its occurrences.
        status = EscalationEvents(db_).Fill(
            core::EscalationName{query.account, *id}, &*escalation);
        if (!status.ok()) return false;
        result.items.push_back(*std::move(escalation));
        return true;
      }));
  CORDON_RETURN_IF_ERROR(status);
  if (!rows_remain) result.resume_after_key.clear();
  return result;
}

absl::Status EscalationManager::ValidateCreate(uint64_t account,
                                               const Escalation& input) const {
  absl::StatusOr<core::EscalationType> type = CoreEscalationType(input.type());
  if (!type.ok()) return core::ForField("escalation.type", type.status());
  if (*type == core::EscalationType::kIsolationCapReached) {
    // ISO-14: only the account's blast-radius guard knows what is held.
    return core::InvalidField(
        "escalation.type",
        "ISOLATION_CAP_REACHED is raised by the server's blast-radius guard "
        "(ISO-14), not by hand");
  }
  if (input.severity() != cordon::v1::SEVERITY_UNSPECIFIED) {
    CORDON_RETURN_IF_ERROR(core::ForField(
        "escalation.severity", CoreSeverity(input.severity()).status()));
  }
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(input.organization());
  if (!org.ok()) return core::ForField("escalation.organization", org.status());
  if (org->account != account) {
    return core::InvalidField("escalation.organization",
                              "must be an organization of the parent account");
  }
  if (input.question().empty() || input.question().size() > kMaxQuestionBytes) {
    return core::InvalidField(
        "escalation.question",
        absl::StrCat("required, at most ", kMaxQuestionBytes, " bytes"));
  }
  if (input.subject().size() > kMaxSubjectBytes ||
      !Printable(input.subject())) {
    return core::InvalidField(
        "escalation.subject",
        absl::StrCat("at most ", kMaxSubjectBytes, " printable characters"));
  }
  if (core::IsLoginEscalation(*type)) {
    CORDON_RETURN_IF_ERROR(ValidateLoginSubject(input));
  }
  return ValidateIdentities(*org, input);
}

absl::Status EscalationManager::ValidateIdentities(
    const core::OrganizationName& org, const Escalation& input) const {
  if (input.identities_size() > kMaxIdentities) {
    return core::InvalidField("escalation.identities",
                              absl::StrCat("at most ", kMaxIdentities));
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < input.identities_size(); ++i) {
    const std::string field = absl::StrCat("escalation.identities[", i, "]");
    absl::StatusOr<core::IdentityName> identity =
        core::ParseIdentityName(input.identities(i));
    if (!identity.ok()) return core::ForField(field, identity.status());
    if (identity->account != org.account ||
        identity->organization != org.organization) {
      return core::InvalidField(
          field, "must be an identity of the escalation's organization");
    }
    if (!seen.insert(input.identities(i)).second) {
      return core::InvalidField(field, "listed twice");
    }
    absl::Status exists =
        CheckRowExists(*db_, store::Family::kIdentities,
                       store::KeyOf({identity->account, identity->organization,
                                     identity->identity}),
                       input.identities(i));
    if (absl::IsNotFound(exists)) {
      return core::InvalidField(field, "no such identity");
    }
    CORDON_RETURN_IF_ERROR(exists);
  }
  return absl::OkStatus();
}

absl::StatusOr<Escalation> EscalationManager::Create(
    const Actor& actor, uint64_t account, const Escalation& input,
    const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(ValidateCreate(account, input));
  const core::OrganizationName org =
      *core::ParseOrganizationName(input.organization());
  return CreateOnce<Escalation>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<Escalation> {
        std::string org_row;
        CORDON_ASSIGN_OR_RETURN(
            bool org_exists,
            txn.GetRawForShare(store::Family::kOrganizations,
                               store::KeyOf({org.account, org.organization}),
                               &org_row));
        if (!org_exists) {
          return core::InvalidField("escalation.organization",
                                    "no such organization");
        }
        EscalationOccurrence occurrence;
        occurrence.account = account;
        occurrence.organization = org.organization;
        occurrence.type = input.type();
        occurrence.severity = input.severity();
        occurrence.question = input.question();
        occurrence.subject = input.subject();
        if (occurrence.subject.empty()) {
          // A subject of its own: a person's escalation joins no other.
          CORDON_ASSIGN_OR_RETURN(uint64_t unique, db_->NextId());
          occurrence.subject = absl::StrCat("manual:", unique);
        }
        occurrence.event.set_subject(input.identities().empty()
                                         ? occurrence.subject
                                         : input.identities(0));
        occurrence.event.set_summary(absl::StrCat(
            "raised by ", actor.user.empty() ? actor.principal : actor.user));
        const std::vector<std::string> identities(input.identities().begin(),
                                                  input.identities().end());
        return OpenOrJoin(txn, occurrence, identities, actor,
                          /*audit_join=*/true);
      });
}

}  // namespace cordon::engine
