#ifndef CORDON_SERVER_API_AUTHORIZED_NAME_H_
#define CORDON_SERVER_API_AUTHORIZED_NAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/api/authorization.h"
#include "server/api/principal.h"
#include "server/api/request_checks.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::api {

// Where a named resource lives, for Authorize. Users are account-level
// resources; organizations and what they hold are checked against the
// organization too, so an ORGANIZATION_USER reaches only its own.
Scope ScopeOf(const core::AccountName& name);
Scope ScopeOf(const core::OrganizationName& name);
Scope ScopeOf(const core::IdentityName& name);
Scope ScopeOf(const core::IncidentReportName& name);
Scope ScopeOf(const core::UserName& name);
Scope ScopeOf(const core::AgentKeyName& name);

// How most handlers begin: parses the resource name held in request field
// `field` with `parse` (naming the field when it does not parse), then checks
// `access` to it. The name is parsed first so that a malformed name is
// INVALID_ARGUMENT rather than a NOT_FOUND that would hide the mistake.
template <typename Parser>
auto ParseAndAuthorize(const Principal& principal, Access access,
                       const char* field, const std::string& name, Parser parse)
    -> decltype(parse(name)) {
  auto parsed = ParseField(field, name, parse);
  if (!parsed.ok()) return parsed;
  CORDON_RETURN_IF_ERROR(Authorize(principal, access, ScopeOf(*parsed), name));
  return parsed;
}

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_AUTHORIZED_NAME_H_
