#ifndef CORDON_SERVER_API_AUTHORIZATION_H_
#define CORDON_SERVER_API_AUTHORIZATION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "server/api/principal.h"

namespace cordon::api {

enum class Access { kRead, kWrite };

// Where a resource lives: its account, and its organization for resources
// inside one (0 for account-level resources such as users and settings).
struct Scope {
  uint64_t account = 0;
  uint64_t organization = 0;
};

// TEN-1 and the roles of DOMAIN.md, in one place:
// - SOC_ANALYST may read and write in every account.
// - SERVICE may only ingest telemetry: PERMISSION_DENIED here.
// - AGENT (ISO-15) may only call AgentService: PERMISSION_DENIED here.
// - Account users reaching outside their account get NOT_FOUND, exactly as
//   for a resource that does not exist, so nothing leaks that it exists.
// - ACCOUNT_USER reads its account; writing is PERMISSION_DENIED.
// - ORGANIZATION_USER reads only resources inside its organization; another
//   organization is NOT_FOUND, account-level resources PERMISSION_DENIED.
// `resource` names the resource in the NOT_FOUND message.
absl::Status Authorize(const Principal& principal, Access access,
                       const Scope& scope, const std::string& resource);

// What Authorize answers whatever the scope: PERMISSION_DENIED for callers
// that reach no account's resources (SERVICE, AGENT, a key without a role),
// OK for the others. A handler that must look a resource up to learn its
// scope checks this first, so that the lookup cannot tell such a caller
// which names exist (TEN-1).
absl::Status AuthorizeRole(const Principal& principal);

// ISO-15: PERMISSION_DENIED unless the caller holds an agent key. Its
// organization (principal.key) is the only one it can act for.
absl::Status RequireAgent(const Principal& principal);

// PERMISSION_DENIED unless the caller is a SOC analyst.
absl::Status RequireSocAnalyst(const Principal& principal);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_AUTHORIZATION_H_
