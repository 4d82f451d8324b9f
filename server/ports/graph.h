#ifndef CORDON_SERVER_PORTS_GRAPH_H_
#define CORDON_SERVER_PORTS_GRAPH_H_

#include <string>
#include <vector>

#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/inbox_rule.h"

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
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_GRAPH_H_
