#ifndef CORDON_SIMULATOR_SERVE_GRAPH_JSON_H_
#define CORDON_SIMULATOR_SERVE_GRAPH_JSON_H_

// The bodies the served Graph sends, shaped like tests/contract/graph/ (the
// adapter's parsers read every one of them; tests check that).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/isolation/inbox_rule.h"
#include "server/ports/graph.h"

namespace cordon::sim::serve {

// {"error":{"code","message","innerError":{"date","request-id",
// "client-request-id"}}}.
std::string GraphErrorBody(absl::string_view code, absl::string_view message,
                           absl::string_view request_id, absl::Time now);
// The Graph error code the served Graph pairs with an injected status:
// 429 TooManyRequests (ApplicationThrottled on a mailbox call), 500
// generalException, 502 BadGateway, 503 serviceNotAvailable, 504
// GatewayTimeout, 507 quotaLimitReached, else "UnknownError".
std::string InjectedErrorCode(int status, bool mailbox_call);

// A user as GET /users and GET /users/{id} show it; the object id is the
// World's, the same the delta query shows.
struct ServedUser {
  std::string object_id;
  std::string upn;
  ports::GraphUser user;
};
// A mailbox's id for one of Graph's well-known folder names ("archive").
std::string WellKnownFolderId(absl::string_view upn, absl::string_view name);

// GET /users/{id}?$select=id,userPrincipalName,accountEnabled,
// onPremisesSyncEnabled,usageLocation (user.json).
std::string UserBody(const ServedUser& user);
// GET /users: one page, each user as UserBody's fields, no next link.
std::string UsersBody(const std::vector<ServedUser>& users);
// One page of GET .../messageRules (message_rules.json); `next_link` ""
// on the last page. moveToFolder is the mailbox's id for the folder.
std::string MessageRulesBody(absl::string_view upn,
                             const std::vector<core::InboxRule>& rules,
                             absl::string_view next_link);
// One rule, as PATCH .../messageRules/{id} answers it.
std::string MessageRuleBody(absl::string_view upn, const core::InboxRule& rule);
// GET /users/{id}/mailFolders/{name}?$select=id.
std::string MailFolderBody(absl::string_view upn, absl::string_view name);
// GET /domains: the tenant's verified domains (domains.json); the first is
// the default.
std::string DomainsBody(const std::vector<std::string>& verified_domains);
// One page of GET /users/delta (users_delta_page.json,
// users_delta_last_page.json): absent properties left out, a removed user
// as {"id", "@removed": {"reason": "deleted"}}; exactly one link non-empty.
std::string UsersDeltaBody(const std::vector<ports::DirectoryUser>& users,
                           absl::string_view next_link,
                           absl::string_view delta_link);
// POST revokeSignInSessions: {"value": true}.
std::string RevokeBody();

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_GRAPH_JSON_H_
