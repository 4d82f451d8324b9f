#include "server/engine/isolation/m365_tenant_access.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"

namespace cordon::engine {

using cordon::store::OutboxAction;
using cordon::v1::Escalation;

void M365TenantAccess::RouteAll(ActionRouter& router) {
  router.Route(OutboxAction::CHECK_TENANT_ACCESS, this);
}

std::string M365TenantAccess::Subject(const std::string& tenant_id) {
  return absl::StrCat("tenant:", absl::AsciiStrToLower(tenant_id));
}

core::RetryPolicy M365TenantAccess::RetryPolicy() const {
  core::RetryPolicy policy;
  policy.max_attempts = 5;
  return policy;
}

absl::Status M365TenantAccess::RaiseInaccessible(store::Transaction& txn,
                                                 const std::string& identity,
                                                 const std::string& tenant_id,
                                                 const std::string& detail) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                          core::ParseIdentityName(identity));
  EscalationOccurrence occurrence;
  occurrence.account = name.account;
  occurrence.organization = name.organization;
  occurrence.type = cordon::v1::INTEGRATION_M365_INACCESSIBLE;
  occurrence.subject = Subject(tenant_id);
  occurrence.identity = identity;
  occurrence.event.set_subject(identity);
  occurrence.event.set_summary(detail);
  return escalations_->Raise(txn, occurrence).status();
}

absl::Status M365TenantAccess::QueueCheck(store::Transaction& txn,
                                          const Escalation& escalation) {
  if (!absl::StartsWith(escalation.subject(), "tenant:")) {
    return absl::FailedPreconditionError(
        absl::StrCat(escalation.name(), " names no tenant to re-test"));
  }
  OutboxAction check;
  check.set_kind(OutboxAction::CHECK_TENANT_ACCESS);
  check.set_tenant_id(escalation.subject().substr(7));
  check.set_escalation(escalation.name());
  return outbox_->Enqueue(txn, std::move(check), clock_->Now());
}

absl::Status M365TenantAccess::RecordEnd(store::Transaction& txn,
                                         const OutboxAction& action,
                                         ActionEnd end,
                                         const ActionResult& result) {
  if (end == ActionEnd::kSucceeded) {
    return escalations_->Resolve(txn, action.escalation(), Escalation::ANSWERED,
                                 Actor{"system", "", "M365TenantAccess.Check"});
  }
  return escalations_->ReopenAfterFailedRetry(txn, action.escalation(),
                                              result.detail);
}

}  // namespace cordon::engine
