#include "server/engine/isolation/held_isolations.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/v1/incident.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/isolation/isolation_record.h"
#include "server/store/keys.h"

namespace cordon::engine {

using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;

absl::StatusOr<int> HeldIsolations::ConfirmHeldIsolations(
    store::Transaction& txn, const Actor& actor, uint64_t account) {
  CORDON_ASSIGN_OR_RETURN(std::vector<BlastRadiusGuard::Held> held,
                          guard_->TakeAllAndResume(txn, account));
  int performed = 0;
  for (const BlastRadiusGuard::Held& entry : held) {
    CORDON_ASSIGN_OR_RETURN(bool done, Perform(txn, actor, entry));
    performed += done;
  }
  return performed;
}

absl::StatusOr<bool> HeldIsolations::Perform(
    store::Transaction& txn, const Actor& actor,
    const BlastRadiusGuard::Held& held) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(held.identity()));
  IsolationEngine::IsolateRequest request;
  request.trigger = TriggerOf(held.kind());
  request.source = held.source();
  request.report = held.report();
  request.named_rule_ids.assign(held.named_rule_ids().begin(),
                                held.named_rule_ids().end());
  request.automated = false;  // an admin confirmed it
  bool done = false;
  if (!held.report().empty()) {
    CORDON_ASSIGN_OR_RETURN(done, PerformForReport(txn, held, request));
  } else {
    absl::StatusOr<std::vector<ResponseAction>> actions =
        isolation_->Isolate(txn, identity, request);
    if (!actions.ok() && !absl::IsNotFound(actions.status())) {
      return actions.status();
    }
    done = actions.ok();
  }
  CORDON_RETURN_IF_ERROR(audit_->Record(
      txn, identity.account, actor, held.identity(),
      absl::StrCat("ISO-14: held isolation under ", held.source(),
                   done ? " confirmed and queued"
                        : " confirmed, but its identity or report is gone")));
  return done;
}

absl::StatusOr<bool> HeldIsolations::PerformForReport(
    store::Transaction& txn, const BlastRadiusGuard::Held& held,
    IsolationEngine::IsolateRequest request) {
  CORDON_ASSIGN_OR_RETURN(core::IncidentReportName name,
                          core::ParseIncidentReportName(held.report()));
  const std::string key =
      store::KeyOf({name.account, name.organization, name.report});
  IncidentReport report;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIncidentReports, key, &report));
  // Closing a report drops its held isolations (ISO-4), so a held one
  // always has its report SENT; anything else is left as it is.
  if (!found || report.status() != IncidentReport::SENT) return false;
  const IncidentReport before = report;
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(held.identity()));
  request.first_action_index = report.response_actions_size();
  absl::StatusOr<std::vector<ResponseAction>> actions =
      isolation_->Isolate(txn, identity, request);
  if (!actions.ok() && !absl::IsNotFound(actions.status())) {
    return actions.status();
  }
  const absl::Time now = clock_->Now();
  const int index = held.report_action_index();
  if (index >= 0 && index < report.response_actions_size()) {
    // Confirming ends the hold; what Graph does is in the actions appended.
    // An identity excluded meanwhile (ISO-7) has nothing queued.
    const bool skipped =
        actions.ok() && !actions->empty() &&
        actions->front().kind() == ResponseAction::ISOLATION_SKIPPED;
    ResponseAction* entry = report.mutable_response_actions(index);
    entry->set_outcome(actions.ok() && !skipped ? ResponseAction::SUCCEEDED
                                                : ResponseAction::SUPERSEDED);
    entry->set_detail(
        !actions.ok() ? "ISO-14: confirmed, but the identity is gone"
        : skipped     ? "ISO-14: confirmed, but isolation is now skipped "
                        "(see the ISOLATION_SKIPPED action)"
                      : "ISO-14: confirmed by an admin; isolation queued");
    *entry->mutable_update_time() = ToTimestamp(now);
  }
  if (actions.ok()) {
    for (ResponseAction& action : *actions) {
      *report.add_response_actions() = std::move(action);
    }
  }
  CORDON_RETURN_IF_ERROR(isolation_->PutReport(txn, key, before, &report, now));
  return actions.ok();
}

}  // namespace cordon::engine
