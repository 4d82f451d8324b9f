#ifndef CORDON_SERVER_ADAPTERS_GRAPH_REST_GRAPH_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_REST_GRAPH_H_

// ports::Graph over Microsoft Graph's REST API (ISO-3): app-only tokens from
// a TokenSource, HTTPS through an HttpClient. Each call reports the outcome
// of its HTTP exchange for core::ClassifyGraphOutcome and never retries
// (ISO-11: the outbox worker does). See graph_outcome.h for how an answer
// Graph should not have given (a 2xx with a broken body) is reported.

#include <optional>
#include <string>
#include <vector>

#include "server/adapters/graph/graph_caller.h"
#include "server/adapters/graph/graph_urls.h"
#include "server/adapters/graph/message_rule_json.h"
#include "server/adapters/graph/token_source.h"
#include "server/adapters/http/http_client.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"

namespace cordon::adapters::graph {

struct RestGraphOptions {
  // --graph_base_url.
  std::string base_url = std::string(kDefaultGraphBaseUrl);
  // --graph_timeout and the response size bound.
  GraphCallLimits limits;
  // Pages read of one rule or domain list before the answer counts as
  // broken: far more than a mailbox's rules or a tenant's domains fill.
  int max_pages = 50;
};

class RestGraph final : public ports::Graph {
 public:
  // None of the pointers is owned; all must outlive this object. `clock`
  // reads Retry-After dates.
  RestGraph(http::HttpClient* http, TokenSource* tokens,
            const ports::Clock* clock, RestGraphOptions options);

  // Containment (lock-out first): sent with x-ms-throttle-priority: high.
  core::GraphCallOutcome RevokeSignInSessions(
      const ports::GraphUserRef& user) override;
  // Disabling is containment and goes with x-ms-throttle-priority: high;
  // enabling again (a release) does not jump the queue.
  core::GraphCallOutcome SetAccountEnabled(const ports::GraphUserRef& user,
                                           bool enabled) override;
  // All pages; moveToFolder resolved against the mailbox's Deleted Items,
  // Archive and Junk Email folders, read only when some rule moves mail.
  // `rules` is replaced only on success.
  core::GraphCallOutcome ListInboxRules(
      const ports::GraphUserRef& user,
      std::vector<core::InboxRule>* rules) override;
  // When Graph refuses the change with a 4xx that could mean "read-only"
  // (Graph documents no error for it), the rule list is read once to see
  // whether the rule is isReadOnly, and target_rule_read_only says so.
  core::GraphCallOutcome SetInboxRuleEnabled(const ports::GraphUserRef& user,
                                             const std::string& rule_id,
                                             bool enabled) override;
  // `result` is set only on success.
  core::GraphCallOutcome GetUser(const ports::GraphUserRef& user,
                                 ports::GraphUser* result) override;
  // Verified domains only, all pages; `domains` is replaced only on success.
  core::GraphCallOutcome ListTenantDomains(
      const std::string& tenant_id, std::vector<std::string>* domains) override;
  // One page; a stored link that is not below the base URL (the flag
  // changed, or a hostile answer) is never requested: it is answered as a
  // 400 CordonDeltaLinkOutsideBase with resync_required, so the inventory
  // starts a new round on this base URL.
  core::GraphCallOutcome ReadUsersDeltaPage(
      const std::string& tenant_id, const std::string& link,
      ports::UsersDeltaPage* page) override;
  // In rest_graph_access.cc: the token (its roles), GET /domains, GET
  // /users?$top=1 and, for the user it names, the inbox rule list.
  core::M365AccessReport CheckAccess(const std::string& tenant_id) override;

 private:
  // In rest_graph_rules.cc.
  core::GraphCallOutcome ReadRuleRecords(
      const ports::GraphUserRef& user,
      std::vector<MessageRuleRecord>* records) const;
  // nullopt when read (a folder the mailbox lacks (404) stays ""), else
  // the failed call's outcome.
  std::optional<core::GraphCallOutcome> ReadWellKnownFolders(
      const ports::GraphUserRef& user, WellKnownFolderIds* folders) const;
  bool IsListedReadOnly(const ports::GraphUserRef& user,
                        const std::string& rule_id) const;

  TokenSource* const tokens_;
  const GraphUrls urls_;
  const GraphCaller caller_;
  const int max_pages_;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_REST_GRAPH_H_
