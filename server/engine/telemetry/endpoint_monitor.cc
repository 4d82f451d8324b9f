#include "server/engine/telemetry/endpoint_monitor.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/escalation/host_isolation.h"
#include "server/core/escalation/rtp_monitor.h"
#include "server/core/telemetry/isolation_timeline.h"
#include "server/core/telemetry/org_wide_events.h"
#include "server/core/telemetry/rtp_reports.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/telemetry/telemetry_event_id.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::store::EndpointIsolationHistory;
using cordon::store::EndpointObservation;
using cordon::store::EndpointRecord;
using cordon::store::IsolationChange;
using cordon::store::OrgIsolationRecord;
using cordon::store::OutboxAction;
using cordon::store::RtpReport;
using cordon::v1::EndpointStatusEvent;
using cordon::v1::Escalation;

constexpr char kOrgRowKind = 0x00;
constexpr char kEndpointRowKind = 0x01;

constexpr char kEndpointRecordKind[] = "endpoint record";

std::string OrgKey(uint64_t account, uint64_t organization) {
  std::string key = store::KeyOf({account, organization});
  key.push_back(kOrgRowKind);
  return key;
}

std::string EndpointKey(uint64_t account, uint64_t organization,
                        const std::string& endpoint_id) {
  std::string key = store::KeyOf({account, organization});
  key.push_back(kEndpointRowKind);
  key.append(endpoint_id);
  return key;
}

Actor SystemActor() { return Actor{"system", "", "EndpointMonitor"}; }

bool Alarming(const EndpointObservation& o) {
  return o.mode() == EndpointStatusEvent::ENFORCE && !o.rtp_on();
}

core::AvMode CoreMode(EndpointStatusEvent::AntivirusMode mode) {
  switch (mode) {
    case EndpointStatusEvent::ENFORCE:
      return core::AvMode::kEnforce;
    case EndpointStatusEvent::AUDIT:
      return core::AvMode::kAudit;
    default:
      return core::AvMode::kOff;
  }
}

absl::Time TimeOf(const EndpointObservation& o) {
  return FromTimestamp(o.time());
}

// Two reports of one instant as one: the alarming state and isolation win,
// as core's rules order ties, so the merge changes no answer.
void MergeInto(const EndpointObservation& incoming, EndpointObservation* kept) {
  const bool alarming = Alarming(*kept) || Alarming(incoming);
  const bool isolated = kept->isolated() || incoming.isolated();
  if (alarming) {
    kept->set_mode(EndpointStatusEvent::ENFORCE);
    kept->set_rtp_on(false);
  } else {
    kept->set_mode(incoming.mode());
    kept->set_rtp_on(incoming.rtp_on());
  }
  kept->set_isolated(isolated);
}

// Inserts `o` in time order (one observation per instant) and keeps at most
// kMaxObservations; see the class comment for what goes first.
void AddObservation(const EndpointObservation& o, EndpointRecord* record) {
  auto* observations = record->mutable_observations();
  const absl::Time time = TimeOf(o);
  int at = observations->size();
  for (int i = 0; i < observations->size(); ++i) {
    const absl::Time t = TimeOf(observations->Get(i));
    if (t == time) {
      MergeInto(o, observations->Mutable(i));
      return;
    }
    if (t > time) {
      at = i;
      break;
    }
  }
  *observations->Add() = o;
  for (int i = observations->size() - 1; i > at; --i) {
    observations->SwapElements(i, i - 1);
  }
  while (observations->size() > EndpointMonitor::kMaxObservations) {
    int drop = 0;
    for (int i = 1; i < observations->size(); ++i) {
      const EndpointObservation& previous = observations->Get(i - 1);
      const EndpointObservation& current = observations->Get(i);
      if (Alarming(previous) == Alarming(current) &&
          previous.isolated() == current.isolated()) {
        drop = i;
        break;
      }
    }
    observations->DeleteSubrange(drop, 1);
  }
}

std::vector<core::RtpObservation> RtpObservations(const EndpointRecord& r) {
  std::vector<core::RtpObservation> out;
  out.reserve(r.observations_size());
  for (const EndpointObservation& o : r.observations()) {
    out.push_back(
        core::RtpObservation{TimeOf(o), CoreMode(o.mode()), o.rtp_on()});
  }
  return out;
}

// The endpoint's isolation changes: from its first isolation on, each
// observation whose isolation differs from the one before it.
EndpointIsolationHistory IsolationHistory(const EndpointRecord& record) {
  EndpointIsolationHistory history;
  history.set_endpoint_id(record.endpoint_id());
  history.set_hostname(record.hostname());
  bool isolated = false;
  for (const EndpointObservation& o : record.observations()) {
    if (o.isolated() == isolated) continue;
    isolated = o.isolated();
    IsolationChange* change = history.add_changes();
    *change->mutable_time() = o.time();
    change->set_isolated(isolated);
  }
  return history;
}

bool SameChanges(const EndpointIsolationHistory& a,
                 const EndpointIsolationHistory& b) {
  if (a.changes_size() != b.changes_size()) return false;
  for (int i = 0; i < a.changes_size(); ++i) {
    if (a.changes(i).isolated() != b.changes(i).isolated() ||
        FromTimestamp(a.changes(i).time()) !=
            FromTimestamp(b.changes(i).time())) {
      return false;
    }
  }
  return true;
}

std::string EndpointLabel(const std::string& endpoint_id,
                          const std::string& hostname) {
  if (hostname.empty()) return absl::StrCat("endpoint ", endpoint_id);
  return absl::StrCat(hostname, " (endpoint ", endpoint_id, ")");
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::optional<absl::Time> OptionalTime(bool present,
                                        const google::protobuf::Timestamp& t) {
  if (!present) return absl::nullopt;
  return FromTimestamp(t);
}

std::vector<core::ReportedRtpAlarm> ReportedAlarms(const EndpointRecord& r) {
  std::vector<core::ReportedRtpAlarm> out;
  out.reserve(r.rtp_reports_size());
  for (const RtpReport& report : r.rtp_reports()) {
    out.push_back(core::ReportedRtpAlarm{
        FromTimestamp(report.off_since()),
        OptionalTime(report.has_cleared(), report.cleared()),
        report.escalation()});
  }
  return out;
}

core::IsolationTimeline TimelineOf(const EndpointIsolationHistory& history) {
  core::IsolationTimeline timeline;
  timeline.endpoint_id = history.endpoint_id();
  for (const IsolationChange& change : history.changes()) {
    timeline.changes.push_back(
        core::IsolationChange{FromTimestamp(change.time()), change.isolated()});
  }
  return timeline;
}

std::vector<core::IsolationTimeline> TimelinesOf(
    const google::protobuf::RepeatedPtrField<EndpointIsolationHistory>&
        endpoints) {
  std::vector<core::IsolationTimeline> out;
  out.reserve(endpoints.size());
  for (const EndpointIsolationHistory& history : endpoints) {
    out.push_back(TimelineOf(history));
  }
  return out;
}

// Keeps the items at `kept` (ascending indices), in order: core decides
// what stays, on copies of the rows, and the rows follow.
template <typename T>
void KeepOnly(const std::vector<size_t>& kept,
              google::protobuf::RepeatedPtrField<T>* items) {
  google::protobuf::RepeatedPtrField<T> out;
  for (const size_t i : kept) {
    *out.Add() = std::move(*items->Mutable(static_cast<int>(i)));
  }
  items->Swap(&out);
}

// An occurrence about one endpoint of `organization`, at `time`.
EscalationOccurrence EndpointOccurrence(
    const core::OrganizationName& organization, cordon::v1::EscalationType type,
    cordon::v1::Severity severity, std::string subject,
    const std::string& label, absl::Time time) {
  EscalationOccurrence occurrence;
  occurrence.account = organization.account;
  occurrence.organization = organization.organization;
  occurrence.type = type;
  occurrence.severity = severity;
  occurrence.subject = std::move(subject);
  *occurrence.event.mutable_time() = ToTimestamp(time);
  occurrence.event.set_subject(label);
  return occurrence;
}

EscalationOccurrence RtpOccurrence(const core::OrganizationName& organization,
                                   const EndpointRecord& record,
                                   const core::RtpAlarm& alarm) {
  const std::string label =
      EndpointLabel(record.endpoint_id(), record.hostname());
  EscalationOccurrence occurrence = EndpointOccurrence(
      organization, cordon::v1::SYSTEM_HEALTH_DEFENDER_RTP_DISABLED,
      cordon::v1::HIGH,  // ESC-2
      EndpointMonitor::RtpSubject(record.endpoint_id()), label,
      alarm.raised_at);
  occurrence.question = absl::StrCat(
      "Defender real-time protection has been off for more than 2 hours on ",
      label, " of ", organization.ToString(),
      ", whose managed antivirus is ENFORCE. Turn it back on: this "
      "escalation resolves by itself once it is seen on again.");
  occurrence.event.set_summary(absl::StrCat(
      "Defender real-time protection off on ", label, " since ",
      Rfc3339(alarm.off_since),
      " with managed antivirus ENFORCE; off for more than 2 hours at ",
      Rfc3339(alarm.raised_at),
      alarm.cleared_at.has_value()
          ? absl::StrCat("; seen on again at ", Rfc3339(*alarm.cleared_at))
          : ""));
  return occurrence;
}

// One event of the organization's HOST_ISOLATION_ORG_WIDE escalation: the
// endpoint isolated at `isolated_at` (its question is set by the caller
// when the event opens the escalation).
EscalationOccurrence OrgWideOccurrence(
    const core::OrganizationName& organization,
    const EndpointIsolationHistory& endpoint, absl::Time isolated_at) {
  const std::string label =
      EndpointLabel(endpoint.endpoint_id(), endpoint.hostname());
  EscalationOccurrence occurrence =
      EndpointOccurrence(organization, cordon::v1::HOST_ISOLATION_ORG_WIDE,
                         cordon::v1::CRITICAL,  // ESC-2
                         EndpointMonitor::kOrgWideSubject, label, isolated_at);
  occurrence.event.set_summary(
      absl::StrCat(label, " isolated from the network at ",
                   Rfc3339(isolated_at), " (event time)"));
  return occurrence;
}

std::string OrgWideQuestion(const core::OrganizationName& organization,
                            const core::HostIsolationConfig& config,
                            size_t endpoints) {
  return absl::StrCat(endpoints, " endpoints of ", organization.ToString(),
                      " were isolated from the network within ",
                      absl::FormatDuration(config.window),
                      " of one another (threshold ", config.threshold,
                      "), which looks like one incident. Please acknowledge.");
}

// The latest of the clock and of the endpoint's newest observation.
absl::Time EvaluationTime(absl::Time clock_now, const EndpointRecord& record) {
  if (record.observations_size() == 0) return clock_now;
  return std::max(clock_now, TimeOf(*record.observations().rbegin()));
}

}  // namespace

struct EndpointMonitor::Context {
  core::OrganizationName organization;
  const Actor* actor = nullptr;
};

std::string EndpointMonitor::RtpSubject(const std::string& endpoint_id) {
  return absl::StrCat("endpoint:", endpoint_id);
}

core::RetryPolicy EndpointMonitor::RetryPolicy() const {
  // Only a storage conflict can fail it: a few quick tries.
  core::RetryPolicy policy;
  policy.initial_backoff = absl::Seconds(1);
  policy.max_backoff = absl::Minutes(1);
  policy.max_attempts = 5;
  return policy;
}

absl::StatusOr<EndpointRecord> EndpointMonitor::GetEndpoint(
    const core::OrganizationName& organization,
    const std::string& endpoint_id) const {
  return ReadRow<EndpointRecord>(
      *db_, store::Family::kEndpoints,
      EndpointKey(organization.account, organization.organization, endpoint_id),
      absl::StrCat(organization.ToString(), " endpoint ", endpoint_id),
      kEndpointRecordKind);
}

absl::StatusOr<Ingestion> EndpointMonitor::RecordStatus(
    const Actor& actor, const core::OrganizationName& organization,
    const EndpointStatusEvent& event) {
  const absl::Time clock_now = clock_->Now();
  const absl::Time event_time = FromTimestamp(event.time());
  if (event_time > clock_now + kMaxFutureSkew) {
    return core::InvalidField(
        "status.time",
        absl::StrCat("more than ", absl::FormatDuration(kMaxFutureSkew),
                     " ahead of the server's clock (", Rfc3339(clock_now),
                     ")"));
  }
  bool changed = false;
  CORDON_ASSIGN_OR_RETURN(
      Ingestion ingestion, store::Transact(*db_, [&](store::Transaction& txn) {
        changed = false;
        return RecordStatusIn(txn, actor, organization, event, &changed);
      }));
  if (changed && on_actions_queued_) on_actions_queued_();
  return ingestion;
}

absl::StatusOr<Ingestion> EndpointMonitor::RecordStatusIn(
    store::Transaction& txn, const Actor& actor,
    const core::OrganizationName& organization,
    const EndpointStatusEvent& event, bool* changed_out) {
  const absl::Time clock_now = clock_->Now();
  const absl::Time event_time = FromTimestamp(event.time());
  const std::string event_key =
      EndpointEventKey(organization.account, event.event_id());
  CORDON_ASSIGN_OR_RETURN(bool duplicate, LockEventId(txn, event_key));
  if (duplicate) {
    return Ingestion::kDuplicate;
  }
  CORDON_RETURN_IF_ERROR(CheckRowExists(
      *db_, store::Family::kOrganizations,
      store::KeyOf({organization.account, organization.organization}),
      organization.ToString()));

  const std::string key = EndpointKey(
      organization.account, organization.organization, event.endpoint_id());
  EndpointRecord record;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kEndpoints, key, &record));
  if (!found) record.set_endpoint_id(event.endpoint_id());
  const EndpointIsolationHistory before = IsolationHistory(record);
  const bool newest = record.observations_size() == 0 ||
                      event_time >= TimeOf(*record.observations().rbegin());
  if (!event.hostname().empty() && (newest || record.hostname().empty())) {
    record.set_hostname(event.hostname());
  }
  EndpointObservation observation;
  *observation.mutable_time() = event.time();
  observation.set_mode(event.managed_antivirus_mode());
  observation.set_rtp_on(event.realtime_protection_enabled());
  observation.set_isolated(event.network_isolated());
  AddObservation(observation, &record);

  const absl::Time now = EvaluationTime(clock_now, record);
  const Context context{organization, &actor};
  bool changed = false;
  CORDON_RETURN_IF_ERROR(ReconcileRtp(txn, context, &record, now, &changed));
  const EndpointIsolationHistory after = IsolationHistory(record);
  if (!SameChanges(before, after)) {
    CORDON_RETURN_IF_ERROR(ReconcileOrgIsolation(txn, context, record, before,
                                                 after, now, &changed));
  }
  txn.Put(store::Family::kEndpoints, key, record);
  RememberEventId(txn, event_key, clock_now);
  CORDON_RETURN_IF_ERROR(txn.Commit());
  *changed_out = changed;
  return Ingestion::kRecorded;
}

absl::Status EndpointMonitor::RecordEnd(store::Transaction& txn,
                                        const OutboxAction& action,
                                        ActionEnd end, const ActionResult&) {
  if (end != ActionEnd::kSucceeded) return absl::OkStatus();
  absl::StatusOr<core::OrganizationName> organization =
      core::ParseOrganizationName(action.organization());
  // A damaged timer has nothing to check; dropping it is all there is to do.
  if (!organization.ok() || action.endpoint().empty()) {
    return absl::OkStatus();
  }
  const std::string key = EndpointKey(
      organization->account, organization->organization, action.endpoint());
  EndpointRecord record;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kEndpoints, key, &record));
  if (!found) return absl::OkStatus();
  const Actor actor = SystemActor();
  const Context context{*organization, &actor};
  bool changed = false;
  CORDON_RETURN_IF_ERROR(ReconcileRtp(
      txn, context, &record, EvaluationTime(clock_->Now(), record), &changed));
  txn.Put(store::Family::kEndpoints, key, record);
  return absl::OkStatus();
}

absl::Status EndpointMonitor::ReconcileRtp(store::Transaction& txn,
                                           const Context& context,
                                           EndpointRecord* record,
                                           absl::Time now, bool* changed) {
  const std::vector<core::RtpObservation> observations =
      RtpObservations(*record);
  const std::vector<core::RtpAlarm> alarms = core::RtpAlarms(observations, now);
  auto* reports = record->mutable_rtp_reports();

  // 1. A reported alarm whose episode no longer holds 2 hours or more
  // resolves (core::EndedRtpReports).
  for (const core::EndedRtpReport& ended : core::EndedRtpReports(
           ReportedAlarms(*record), alarms, observations, now)) {
    RtpReport* report = reports->Mutable(static_cast<int>(ended.report));
    *report->mutable_cleared() = ToTimestamp(ended.cleared);
    CORDON_RETURN_IF_ERROR(escalations_->Resolve(
        txn, report->escalation(), Escalation::AUTOMATIC, *context.actor));
    *changed = true;
  }

  // 2. Alarms nobody reported: raise (ESC-7 joins an open one), and resolve
  // at once one that already ended (core::RtpAlarmResolvesAtOnce).
  for (const core::RtpAlarm& alarm : alarms) {
    const std::vector<core::ReportedRtpAlarm> reported =
        ReportedAlarms(*record);
    if (core::RtpAlarmReported(alarm, reported)) continue;
    CORDON_ASSIGN_OR_RETURN(
        Escalation escalation,
        escalations_->Raise(
            txn, RtpOccurrence(context.organization, *record, alarm)));
    if (core::RtpAlarmResolvesAtOnce(alarm, reported, escalation.name())) {
      CORDON_RETURN_IF_ERROR(escalations_->Resolve(
          txn, escalation.name(), Escalation::AUTOMATIC, *context.actor));
    }
    RtpReport* report = reports->Add();
    *report->mutable_off_since() = ToTimestamp(alarm.off_since);
    if (alarm.cleared_at.has_value()) {
      *report->mutable_cleared() = ToTimestamp(*alarm.cleared_at);
    }
    report->set_escalation(escalation.name());
    *changed = true;
  }

  // 3. The timer for an episode that has not lasted 2 hours yet.
  const core::RtpStatus status = core::AssessRtp(observations, now);
  if (core::RtpTimerNeeded(
          status.alarm_due,
          OptionalTime(record->has_rtp_timer_due(), record->rtp_timer_due()))) {
    OutboxAction timer;
    timer.set_kind(OutboxAction::RTP_CHECK);
    timer.set_organization(context.organization.ToString());
    timer.set_endpoint(record->endpoint_id());
    *timer.mutable_create_time() = ToTimestamp(clock_->Now());
    CORDON_RETURN_IF_ERROR(
        outbox_->Enqueue(txn, std::move(timer), *status.alarm_due));
    *record->mutable_rtp_timer_due() = ToTimestamp(*status.alarm_due);
    *changed = true;
  } else if (!status.alarm_due.has_value()) {
    record->clear_rtp_timer_due();
  }

  // 4. Bounds (core::RtpReportsKept).
  KeepOnly(core::RtpReportsKept(ReportedAlarms(*record), observations, now,
                                kMaxRtpReports),
           reports);
  return absl::OkStatus();
}

absl::Status EndpointMonitor::ReconcileOrgIsolation(
    store::Transaction& txn, const Context& context,
    const EndpointRecord& record, const EndpointIsolationHistory& before,
    const EndpointIsolationHistory& after, absl::Time now, bool* changed) {
  const core::OrganizationName& organization = context.organization;
  CORDON_ASSIGN_OR_RETURN(
      cordon::store::AccountRecord account,
      ReadRow<cordon::store::AccountRecord>(
          *db_, store::Family::kAccounts, store::KeyOf({organization.account}),
          organization.parent().ToString(), "account record"));
  const core::HostIsolationConfig config =
      AccountManager::HostIsolationOf(account.account().settings());

  const std::string key =
      OrgKey(organization.account, organization.organization);
  OrgIsolationRecord org;
  CORDON_RETURN_IF_ERROR(
      txn.GetForUpdate(store::Family::kEndpoints, key, &org).status());

  // This endpoint's history replaces what the row had of it.
  auto* endpoints = org.mutable_endpoints();
  for (int i = endpoints->size() - 1; i >= 0; --i) {
    if (endpoints->Get(i).endpoint_id() == record.endpoint_id()) {
      endpoints->DeleteSubrange(i, 1);
    }
  }
  if (after.changes_size() > 0) *endpoints->Add() = after;
  // Bounds: forget endpoints released long enough ago to count for no
  // isolation to come (core::TimelinesKept).
  KeepOnly(core::TimelinesKept(TimelinesOf(*endpoints),
                               now - config.window - kIsolationLateness,
                               kMaxIsolatedEndpoints),
           endpoints);

  absl::Time not_before = org.has_not_before() ? FromTimestamp(org.not_before())
                                               : absl::InfinitePast();
  CORDON_RETURN_IF_ERROR(ForgetAnsweredEscalation(txn, &org, &not_before));
  if (!org.open_escalation().empty()) {
    // ESC-7: each new isolation of this endpoint joins the open escalation.
    for (const absl::Time start : core::IsolationsJoiningOpen(
             TimelineOf(before), TimelineOf(after), not_before)) {
      CORDON_RETURN_IF_ERROR(
          escalations_
              ->Raise(txn, OrgWideOccurrence(organization, after, start))
              .status());
      *changed = true;
    }
  } else {
    CORDON_RETURN_IF_ERROR(RaiseOrgWide(txn, organization, config, not_before,
                                        now, &org, changed));
  }
  txn.Put(store::Family::kEndpoints, key, org);
  return absl::OkStatus();
}

absl::Status EndpointMonitor::ForgetAnsweredEscalation(store::Transaction& txn,
                                                       OrgIsolationRecord* org,
                                                       absl::Time* not_before) {
  if (org->open_escalation().empty()) return absl::OkStatus();
  absl::StatusOr<core::EscalationName> name =
      core::ParseEscalationName(org->open_escalation());
  absl::StatusOr<Escalation> open =
      name.ok() ? escalations_->Lock(txn, *name)
                : absl::StatusOr<Escalation>(name.status());
  if (!open.ok() && !absl::IsNotFound(open.status()) &&
      !absl::IsInvalidArgument(open.status())) {
    return open.status();
  }
  if (!open.ok() || open->status() == Escalation::RESOLVED) {
    if (open.ok() && open->has_resolve_time()) {
      *not_before = std::max(*not_before, FromTimestamp(open->resolve_time()));
      *org->mutable_not_before() = ToTimestamp(*not_before);
    }
    org->clear_open_escalation();
  }
  return absl::OkStatus();
}

absl::Status EndpointMonitor::RaiseOrgWide(
    store::Transaction& txn, const core::OrganizationName& organization,
    const core::HostIsolationConfig& config, absl::Time not_before,
    absl::Time now, OrgIsolationRecord* org, bool* changed) {
  const std::vector<core::IsolationTimeline> timelines =
      TimelinesOf(org->endpoints());
  const absl::optional<core::OrgWideIsolation> raised =
      core::FirstOrgWideIsolation(core::TimelineObservations(timelines), config,
                                  not_before, now);
  if (!raised.has_value()) return absl::OkStatus();
  const std::string question =
      OrgWideQuestion(organization, config, raised->endpoint_ids.size());
  for (const core::ListedIsolation& listed : core::IsolationsListedOnRaise(
           timelines, *raised, not_before, now, kMaxEndpointsRaised)) {
    EscalationOccurrence occurrence = OrgWideOccurrence(
        organization, org->endpoints(static_cast<int>(listed.timeline)),
        listed.isolated_at);
    occurrence.question = question;
    CORDON_ASSIGN_OR_RETURN(Escalation escalation,
                            escalations_->Raise(txn, occurrence));
    org->set_open_escalation(escalation.name());
  }
  *changed = true;
  return absl::OkStatus();
}

}  // namespace cordon::engine
