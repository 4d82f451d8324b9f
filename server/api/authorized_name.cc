#include "server/api/authorized_name.h"

namespace cordon::api {

Scope ScopeOf(const core::AccountName& name) { return {name.account, 0}; }

Scope ScopeOf(const core::OrganizationName& name) {
  return {name.account, name.organization};
}

Scope ScopeOf(const core::IdentityName& name) {
  return {name.account, name.organization};
}

Scope ScopeOf(const core::IncidentReportName& name) {
  return {name.account, name.organization};
}

Scope ScopeOf(const core::UserName& name) { return {name.account, 0}; }

Scope ScopeOf(const core::AgentKeyName& name) {
  return {name.account, name.organization};
}

}  // namespace cordon::api
