#include "server/engine/incidents/incident_manager.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/identity.pb.h"
#include "server/core/errors.h"
#include "server/core/validation.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/update_mask.h"
#include "server/engine/events/event_builders.h"
#include "server/engine/incidents/incident_report_key.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;

constexpr int kMaxIdentitiesPerReport = 1000;
constexpr int kMaxNamedRules = 100;
constexpr size_t kMaxRuleIdChars = 512;
constexpr size_t kMaxSummaryChars = 20000;

const std::vector<std::string>& UpdatablePaths() {
  static const auto* paths =
      new std::vector<std::string>{"title",      "summary",
                                   "severity",   "isolation_worthy",
                                   "identities", "malicious_inbox_rule_ids"};
  return *paths;
}

absl::Status WrongState(const IncidentReport& report, absl::string_view verb) {
  return core::WithReason(absl::FailedPreconditionError(absl::StrCat(
                              "cannot ", verb, " ", report.name(), ": it is ",
                              IncidentReport::Status_Name(report.status()))),
                          "INVALID_REPORT_STATE");
}

// ISO-4, ISO-14: a report closed before an admin confirmed its held
// isolations drops them; they are shown dropped, never silently gone.
void SupersedeHeld(absl::Time now, IncidentReport* report) {
  for (ResponseAction& action : *report->mutable_response_actions()) {
    if (action.kind() != ResponseAction::ISOLATION_HELD ||
        action.outcome() != ResponseAction::PENDING) {
      continue;
    }
    action.set_outcome(ResponseAction::SUPERSEDED);
    action.set_detail(absl::StrCat(
        "ISO-14: dropped from the hold: the report was ",
        report->status() == IncidentReport::RESOLVED ? "resolved" : "rejected",
        " before the isolation was confirmed"));
    *action.mutable_update_time() = ToTimestamp(now);
  }
}

}  // namespace

absl::Status IncidentManager::Validate(const core::OrganizationName& parent,
                                       const IncidentReport& report) const {
  CORDON_RETURN_IF_ERROR(core::ForField(
      "incident_report.title", core::ValidateDisplayName(report.title(), 200)));
  if (report.summary().size() > kMaxSummaryChars) {
    return core::InvalidField(
        "incident_report.summary",
        absl::StrCat("at most ", kMaxSummaryChars, " bytes"));
  }
  if (report.severity() == cordon::v1::SEVERITY_UNSPECIFIED) {
    return core::InvalidField("incident_report.severity",
                              "required: LOW, HIGH or CRITICAL");
  }
  if (report.identities_size() > kMaxIdentitiesPerReport) {
    return core::InvalidField(
        "incident_report.identities",
        absl::StrCat("at most ", kMaxIdentitiesPerReport));
  }
  if (report.isolation_worthy() && report.identities().empty()) {
    return core::InvalidField(
        "incident_report.identities",
        "an isolation-worthy report must name the identities to isolate");
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < report.identities_size(); ++i) {
    const std::string field =
        absl::StrCat("incident_report.identities[", i, "]");
    absl::StatusOr<core::IdentityName> identity =
        core::ParseIdentityName(report.identities(i));
    if (!identity.ok()) return core::ForField(field, identity.status());
    if (identity->account != parent.account ||
        identity->organization != parent.organization) {
      return core::InvalidField(
          field, "must be an identity of the report's organization");
    }
    if (!seen.insert(report.identities(i)).second) {
      return core::InvalidField(field, "listed twice");
    }
    absl::StatusOr<std::string> row =
        db_->Get(store::Family::kIdentities,
                 store::KeyOf({identity->account, identity->organization,
                               identity->identity}));
    if (absl::IsNotFound(row.status())) {
      return core::InvalidField(field, "no such identity");
    }
    if (!row.ok()) return row.status();
  }
  if (report.malicious_inbox_rule_ids_size() > kMaxNamedRules) {
    return core::InvalidField("incident_report.malicious_inbox_rule_ids",
                              absl::StrCat("at most ", kMaxNamedRules));
  }
  for (int i = 0; i < report.malicious_inbox_rule_ids_size(); ++i) {
    const std::string& id = report.malicious_inbox_rule_ids(i);
    if (id.empty() || id.size() > kMaxRuleIdChars) {
      return core::InvalidField(
          absl::StrCat("incident_report.malicious_inbox_rule_ids[", i, "]"),
          absl::StrCat("1 to ", kMaxRuleIdChars, " characters"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<IncidentReport> IncidentManager::LockReport(
    store::Transaction& txn, const core::IncidentReportName& name) {
  return LockRow<IncidentReport>(txn, store::Family::kIncidentReports,
                                 IncidentReportKey(name), name.ToString());
}

absl::StatusOr<IncidentReport> IncidentManager::Create(
    const Actor& actor, const core::OrganizationName& parent,
    const IncidentReport& input, const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(Validate(parent, input));
  return CreateOnce<IncidentReport>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<IncidentReport> {
        std::string org_row;
        CORDON_ASSIGN_OR_RETURN(
            bool org_exists,
            txn.GetRawForUpdate(
                store::Family::kOrganizations,
                store::KeyOf({parent.account, parent.organization}), &org_row));
        if (!org_exists) {
          return absl::NotFoundError(parent.ToString() + " not found");
        }
        CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
        const core::IncidentReportName name{parent.account, parent.organization,
                                            id};
        IncidentReport report;
        report.set_name(name.ToString());
        report.set_title(input.title());
        report.set_summary(input.summary());
        report.set_severity(input.severity());
        report.set_isolation_worthy(input.isolation_worthy());
        *report.mutable_identities() = input.identities();
        *report.mutable_malicious_inbox_rule_ids() =
            input.malicious_inbox_rule_ids();
        report.set_status(IncidentReport::DRAFT);
        StampWrite(&report, clock_->Now(), /*creating=*/true);
        txn.Put(store::Family::kIncidentReports, IncidentReportKey(name),
                report);
        CORDON_RETURN_IF_ERROR(audit_->Record(
            txn, parent.account, actor, report.name(),
            absl::StrCat(
                "drafted ", cordon::v1::Severity_Name(report.severity()),
                " incident report \"", report.title(), "\" about ",
                report.identities_size(), " identities",
                report.isolation_worthy() ? " (isolation-worthy)" : "")));
        return report;
      });
}

absl::StatusOr<IncidentReport> IncidentManager::Get(
    const core::IncidentReportName& name) const {
  return ReadRow<IncidentReport>(*db_, store::Family::kIncidentReports,
                                 IncidentReportKey(name), name.ToString(),
                                 "incident report");
}

absl::StatusOr<Page<IncidentReport>> IncidentManager::List(
    const ListQuery& query, const PageRequest& page) const {
  const std::string prefix =
      query.organization ? store::KeyOf({query.account, *query.organization})
                         : store::KeyOf({query.account});
  return ScanPage<IncidentReport>(
      *db_, store::Family::kIncidentReports, prefix, page, "incident report",
      [&](const IncidentReport& report) {
        if (query.status && report.status() != *query.status) return false;
        if (query.severity && report.severity() != *query.severity) {
          return false;
        }
        if (!query.response_action) return true;
        bool taken = false;
        for (const ResponseAction& action : report.response_actions()) {
          taken |= action.kind() == *query.response_action &&
                   action.outcome() == ResponseAction::SUCCEEDED;
        }
        return taken;
      },
      {.token_only_when_rows_remain = true});
}

absl::StatusOr<IncidentReport> IncidentManager::Update(
    const Actor& actor, const IncidentReport& patch,
    const google::protobuf::FieldMask& mask) {
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(patch.name()));
  CORDON_ASSIGN_OR_RETURN(
      IncidentReport committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<IncidentReport> {
            CORDON_ASSIGN_OR_RETURN(IncidentReport report, LockReport(t, name));
            CORDON_RETURN_IF_ERROR(CheckEtag(patch.etag(), report.etag()));
            if (report.status() != IncidentReport::DRAFT) {
              return WrongState(report, "edit");
            }
            CORDON_RETURN_IF_ERROR(
                ApplyUpdateMask(mask, UpdatablePaths(), patch, &report));
            CORDON_RETURN_IF_ERROR(Validate(name.parent(), report));
            StampWrite(&report, clock_->Now(), /*creating=*/false);
            t.Put(store::Family::kIncidentReports, IncidentReportKey(name),
                  report);
            CORDON_RETURN_IF_ERROR(audit_->Record(
                t, name.account, actor, report.name(), "edited the draft"));
            CORDON_RETURN_IF_ERROR(t.Commit());
            return report;
          }));
  return committed;
}

absl::StatusOr<IncidentManager::IsolationTally>
IncidentManager::IsolateIdentities(store::Transaction& txn,
                                   IncidentReport* report) {
  IsolationTally tally;
  for (const std::string& identity_name : report->identities()) {
    CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                            core::ParseIdentityName(identity_name));
    IsolationEngine::IsolateRequest request;
    request.trigger = core::IsolationTrigger::kIncidentReport;
    request.source = report->name();
    request.report = report->name();
    request.named_rule_ids.assign(report->malicious_inbox_rule_ids().begin(),
                                  report->malicious_inbox_rule_ids().end());
    request.first_action_index = report->response_actions_size();
    absl::StatusOr<std::vector<ResponseAction>> actions =
        isolation_->Isolate(txn, identity, request);
    if (absl::IsNotFound(actions.status())) {
      return core::WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              identity_name,
              " was deleted after the report was drafted; edit the report")),
          "IDENTITY_GONE");
    }
    if (!actions.ok()) return actions.status();
    for (ResponseAction& action : *actions) {
      tally.actions += action.kind() != ResponseAction::ISOLATION_SKIPPED &&
                       action.kind() != ResponseAction::ISOLATION_HELD;
      tally.held += action.kind() == ResponseAction::ISOLATION_HELD;
      *report->add_response_actions() = std::move(action);
    }
  }
  return tally;
}

absl::StatusOr<IncidentReport> IncidentManager::Send(
    const Actor& actor, const core::IncidentReportName& name,
    const std::string& etag) {
  CORDON_ASSIGN_OR_RETURN(
      IncidentReport committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<IncidentReport> {
            CORDON_ASSIGN_OR_RETURN(IncidentReport report, LockReport(t, name));
            CORDON_RETURN_IF_ERROR(CheckEtag(etag, report.etag()));
            if (report.status() != IncidentReport::DRAFT)
              return WrongState(report, "send");
            const IncidentReport before = report;
            report.set_status(IncidentReport::SENT);
            *report.mutable_send_time() = ToTimestamp(clock_->Now());
            // ISO-2: isolation happens at send time, in this very write.
            IsolationTally tally;
            if (report.isolation_worthy()) {
              CORDON_ASSIGN_OR_RETURN(tally, IsolateIdentities(t, &report));
            }
            if (delivery_ != nullptr) {
              CORDON_RETURN_IF_ERROR(delivery_->Queue(t, &report));
            }
            // The event after PutReport: it carries the report as stored,
            // with its containment and final etag.
            CORDON_RETURN_IF_ERROR(isolation_->PutReport(
                t, IncidentReportKey(name), before, &report, clock_->Now()));
            CORDON_RETURN_IF_ERROR(events_->Append(
                t, ReportEvent(cordon::v1::Event::REPORT_SENT, report,
                               absl::StrCat("sent \"", report.title(), "\""))));
            CORDON_RETURN_IF_ERROR(audit_->Record(
                t, name.account, actor, report.name(),
                absl::StrCat(
                    "sent the report",
                    report.isolation_worthy()
                        ? absl::StrCat(
                              "; isolation queued: ", tally.actions, " actions",
                              tally.held > 0 ? absl::StrCat("; ", tally.held,
                                                            " identities held "
                                                            "at the ISO-14 cap")
                                             : "")
                        : "")));
            CORDON_RETURN_IF_ERROR(t.Commit());
            return report;
          }));
  if (on_actions_queued_) on_actions_queued_();
  return committed;
}

absl::StatusOr<IncidentReport> IncidentManager::Close(
    const Actor& actor, const core::IncidentReportName& name,
    const std::string& etag, IncidentReport::Status to) {
  CORDON_ASSIGN_OR_RETURN(
      IncidentReport committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<IncidentReport> {
            CORDON_ASSIGN_OR_RETURN(IncidentReport report, LockReport(t, name));
            CORDON_RETURN_IF_ERROR(CheckEtag(etag, report.etag()));
            const absl::string_view verb =
                to == IncidentReport::RESOLVED ? "resolve" : "reject";
            if (report.status() != IncidentReport::SENT)
              return WrongState(report, verb);
            const IncidentReport before = report;
            report.set_status(to);
            *report.mutable_close_time() = ToTimestamp(clock_->Now());
            // ISO-4: this report's holds go; an identity is re-enabled only
            // when it was the last. ISO-5: inbox rules stay as they are.
            for (const std::string& identity_name : report.identities()) {
              CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                                      core::ParseIdentityName(identity_name));
              absl::StatusOr<std::vector<ResponseAction>> actions =
                  isolation_->Release(t, identity, report.name(), report.name(),
                                      report.response_actions_size());
              if (absl::IsNotFound(actions.status()))
                continue;  // identity deleted
              if (!actions.ok()) return actions.status();
              for (ResponseAction& action : *actions) {
                *report.add_response_actions() = std::move(action);
              }
            }
            // ISO-14: isolations still held for confirmation went with the
            // holds above; the report says so.
            SupersedeHeld(clock_->Now(), &report);
            CORDON_RETURN_IF_ERROR(isolation_->PutReport(
                t, IncidentReportKey(name), before, &report, clock_->Now()));
            CORDON_RETURN_IF_ERROR(events_->Append(
                t,
                ReportEvent(to == IncidentReport::RESOLVED
                                ? cordon::v1::Event::REPORT_RESOLVED
                                : cordon::v1::Event::REPORT_REJECTED,
                            report,
                            absl::StrCat(verb, "d \"", report.title(), "\""))));
            CORDON_RETURN_IF_ERROR(audit_->Record(
                t, name.account, actor, report.name(),
                to == IncidentReport::RESOLVED
                    ? "resolved the report; its isolation holds released"
                    : "rejected the report as a false positive; its "
                      "isolation holds released"));
            CORDON_RETURN_IF_ERROR(t.Commit());
            return report;
          }));
  if (on_actions_queued_) on_actions_queued_();
  return committed;
}

}  // namespace cordon::engine
