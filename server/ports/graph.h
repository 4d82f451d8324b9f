#ifndef CORDON_SERVER_PORTS_GRAPH_H_
#define CORDON_SERVER_PORTS_GRAPH_H_

#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/inbox_rule.h"
#include "server/core/isolation/m365_access.h"

namespace cordon::ports {

// A Microsoft 365 user as Graph addresses it: /users/{upn} in a tenant.
struct GraphUserRef {
  std::string tenant_id;
  std::string upn;
};

// What GET /users/{id} tells us.
struct GraphUser {
  bool account_enabled = true;
  bool on_premises_sync_enabled = false;
  std::string usage_location;
};

// One entry of a users delta page (ISO-12). An absent property means
// "unchanged since the last round"; a removed entry carries the id only.
struct DirectoryUser {
  std::string object_id;  // the Entra object id; never empty
  absl::optional<std::string> upn;
  absl::optional<bool> account_enabled;
  absl::optional<bool> on_premises_sync_enabled;
  absl::optional<std::string> usage_location;
  // Deleted in the tenant ("@removed"): marked deleted, never acted on.
  bool removed = false;
};

// One page of GET /users/delta. On success exactly one link is set: with
// next_link more pages follow in this round; with delta_link the round is
// complete and the link starts the next one. Links are opaque.
struct UsersDeltaPage {
  std::vector<DirectoryUser> users;
  std::string next_link;
  std::string delta_link;
  // The call failed because the link can no longer be used (410 Gone,
  // syncStateNotFound, resyncRequired): read everything again from "".
  bool resync_required = false;
};

// Microsoft Graph, the calls isolation needs (ISO-3). Each call returns the
// HTTP-level outcome for core::ClassifyGraphOutcome; an implementation never
// retries by itself (the outbox worker owns retries, ISO-11). Thread-safe:
// the worker runs independent calls of one identity concurrently.
class Graph {
 public:
  virtual ~Graph() = default;

  // POST /users/{id}/revokeSignInSessions (200 or 204 on success).
  virtual core::GraphCallOutcome RevokeSignInSessions(
      const GraphUserRef& user) = 0;
  // PATCH /users/{id} {"accountEnabled": enabled}.
  virtual core::GraphCallOutcome SetAccountEnabled(const GraphUserRef& user,
                                                   bool enabled) = 0;
  // GET /users/{id}/mailFolders/inbox/messageRules.
  virtual core::GraphCallOutcome ListInboxRules(
      const GraphUserRef& user, std::vector<core::InboxRule>* rules) = 0;
  // PATCH /users/{id}/mailFolders/inbox/messageRules/{rule} {"isEnabled"}.
  virtual core::GraphCallOutcome SetInboxRuleEnabled(const GraphUserRef& user,
                                                     const std::string& rule_id,
                                                     bool enabled) = 0;
  // GET /users/{id}.
  virtual core::GraphCallOutcome GetUser(const GraphUserRef& user,
                                         GraphUser* result) = 0;
  // GET /domains: the tenant's verified domains, to tell mail that leaves
  // the tenant (ISO-3) from mail that stays.
  virtual core::GraphCallOutcome ListTenantDomains(
      const std::string& tenant_id, std::vector<std::string>* domains) = 0;
  // ISO-12: one page of GET /users/delta. `link` "" starts a full round;
  // otherwise a next or delta link of an earlier page, passed as received.
  // One page per call, so a tenant of any size is read with flat memory.
  // `page` is replaced on success; on failure only resync_required is set.
  virtual core::GraphCallOutcome ReadUsersDeltaPage(
      const std::string& tenant_id, const std::string& link,
      UsersDeltaPage* page) = 0;
  // CheckM365Access: whether a token for the tenant is issued and which
  // permissions Cordon needs are granted (core::JudgePermissions), from the
  // token's roles and read calls only; changes nothing in the tenant.
  virtual core::M365AccessReport CheckAccess(const std::string& tenant_id) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_GRAPH_H_
