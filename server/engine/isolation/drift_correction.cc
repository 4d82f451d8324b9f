#include "server/engine/isolation/drift_correction.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/isolation/isolation_record.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::IsolationRecord;
using cordon::store::OutboxAction;
using cordon::v1::Identity;
using cordon::v1::IsolationHold;
using cordon::v1::ResponseAction;

constexpr char kEntryDetail[] =
    "ISO-13: the tenant showed the account enabled again while isolated; "
    "disabled again (queued)";

core::DriftFacts FactsOf(const Identity& row, const IsolationRecord& record) {
  return {.held = record.holds_size() > 0,
          .limited = record.limited(),
          .deleted_in_tenant = row.deleted_in_tenant(),
          .cloud_disable = CoreStep(record.cloud_disable()),
          .on_prem_disable = CoreStep(record.on_prem_disable())};
}

}  // namespace

absl::StatusOr<bool> DriftCorrection::OnEnabled(
    store::Transaction& txn, const core::IdentityName& identity) {
  // The page holds the row already: an identity no hold isolates (the
  // tenant's usual case) costs no lock of its isolation record.
  Identity row;
  CORDON_ASSIGN_OR_RETURN(bool found,
                          txn.GetForUpdate(store::Family::kIdentities,
                                           IdentityKey(identity), &row));
  if (!found || row.isolation().holds_size() == 0) return false;
  core::DriftDecision decision;
  CORDON_ASSIGN_OR_RETURN(
      bool drift,
      isolation_->ChangeIsolation(
          txn, identity,
          [&](IsolationEngine::Change& change) -> absl::StatusOr<bool> {
            if (!change.row) return false;
            decision = core::DecideDrift(FactsOf(*change.row, change.record));
            if (!decision.drift()) return false;
            CORDON_RETURN_IF_ERROR(Correct(txn, identity, decision, &change));
            return true;
          }));
  if (!drift) return false;
  CORDON_RETURN_IF_ERROR(audit_->Record(
      txn, identity.account, Actor{"system", "", "InventorySync.Drift"},
      identity.ToString(),
      absl::StrCat("ISO-13: the tenant showed the account enabled again while "
                   "isolated; disabling it again",
                   decision.disable_on_prem_account
                       ? " on-prem and in the cloud"
                       : " in the cloud")));
  return true;
}

absl::StatusOr<std::vector<DriftCorrection::HoldingReport>>
DriftCorrection::LockHoldingReports(store::Transaction& txn,
                                    const IsolationRecord& record) {
  std::vector<HoldingReport> reports;
  for (const IsolationHold& hold : record.holds()) {
    if (hold.kind() != IsolationHold::INCIDENT_REPORT) continue;
    absl::StatusOr<core::IncidentReportName> name =
        core::ParseIncidentReportName(hold.source());
    if (!name.ok()) continue;  // a hold names its report; nothing to annotate
    HoldingReport holding{
        .name = hold.source(),
        .key = store::KeyOf({name->account, name->organization, name->report}),
        .report = {},
        .before = {}};
    CORDON_ASSIGN_OR_RETURN(bool found,
                            txn.GetForUpdate(store::Family::kIncidentReports,
                                             holding.key, &holding.report));
    holding.before = holding.report;
    if (found) reports.push_back(std::move(holding));
  }
  return reports;
}

absl::Status DriftCorrection::Correct(store::Transaction& txn,
                                      const core::IdentityName& identity,
                                      const core::DriftDecision& decision,
                                      IsolationEngine::Change* change) {
  const absl::Time now = clock_->Now();
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      ReadRow<cordon::v1::Organization>(
          *db_, store::Family::kOrganizations,
          store::KeyOf({identity.account, identity.organization}),
          identity.parent().ToString(), "organization record"));
  CORDON_ASSIGN_OR_RETURN(std::vector<HoldingReport> reports,
                          LockHoldingReports(txn, change->record));
  OutboxAction base;
  base.set_identity(identity.ToString());
  base.set_tenant_id(org.m365_tenant_id());
  base.set_upn(change->row->upn());
  // The current epoch: a release before it runs supersedes it (ISO-4).
  base.set_epoch(change->record.epoch());
  base.set_drift(true);
  // The isolation's order (QueueSteps): the cloud first, then on-prem.
  if (decision.disable_cloud_account) {
    base.set_kind(OutboxAction::DISABLE_ACCOUNT);
    QueueDisable(base, &reports, change);
  }
  if (decision.disable_on_prem_account) {
    base.set_kind(OutboxAction::AGENT_DISABLE_ACCOUNT);
    QueueDisable(base, &reports, change);
  }
  for (HoldingReport& holding : reports) {
    CORDON_RETURN_IF_ERROR(isolation_->PutReport(
        txn, holding.key, holding.before, &holding.report, now));
  }
  Identity& row = *change->row;
  row.set_drift_count(row.drift_count() + 1);
  *row.mutable_last_drift_time() = ToTimestamp(now);
  return absl::OkStatus();
}

void DriftCorrection::QueueDisable(OutboxAction action,
                                   std::vector<HoldingReport>* reports,
                                   IsolationEngine::Change* change) {
  const absl::Time now = clock_->Now();
  for (size_t i = 0; i < reports->size(); ++i) {
    HoldingReport& holding = (*reports)[i];
    const int index = holding.report.response_actions_size();
    *holding.report.add_response_actions() =
        MakeAction(ResponseKindOf(action.kind()), action.identity(),
                   ResponseAction::PENDING, kEntryDetail, now);
    if (i == 0) {
      action.set_report(holding.name);
      action.set_report_action_index(index);
      continue;
    }
    IsolationRecord::Follower* follower = change->record.add_followers();
    follower->set_kind(action.kind());
    follower->set_report(holding.name);
    follower->set_report_action_index(index);
    follower->set_drift(true);
  }
  CountQueuedStep(action.kind(), &change->record);
  change->queue.push_back(std::move(action));
}

}  // namespace cordon::engine
