#include "server/adapters/graph/rest_graph.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/adapters/graph/domain_json.h"
#include "server/adapters/graph/graph_error_json.h"
#include "server/adapters/graph/graph_outcome.h"
#include "server/adapters/graph/graph_pages.h"
#include "server/adapters/graph/user_json.h"

namespace cordon::adapters::graph {

RestGraph::RestGraph(http::HttpClient* http, TokenSource* tokens,
                     const ports::Clock* clock, RestGraphOptions options)
    : tokens_(tokens),
      urls_(options.base_url),
      caller_(http, tokens, clock, options.limits),
      max_pages_(options.max_pages) {}

core::GraphCallOutcome RestGraph::RevokeSignInSessions(
    const ports::GraphUserRef& user) {
  // Any 2xx is success: Graph documents 200 with a body and has sent 204.
  return caller_
      .Call(user.tenant_id, http::HttpMethod::kPost,
            urls_.RevokeSignInSessions(user.upn), "",
            CallPriority::kContainment)
      .outcome;
}

core::GraphCallOutcome RestGraph::SetAccountEnabled(
    const ports::GraphUserRef& user, bool enabled) {
  const CallPriority priority =
      enabled ? CallPriority::kNormal : CallPriority::kContainment;
  return caller_
      .Call(user.tenant_id, http::HttpMethod::kPatch,
            urls_.UserForUpdate(user.upn), BuildAccountEnabledPatch(enabled),
            priority)
      .outcome;
}

core::GraphCallOutcome RestGraph::GetUser(const ports::GraphUserRef& user,
                                          ports::GraphUser* result) {
  GraphAnswer answer =
      caller_.Call(user.tenant_id, http::HttpMethod::kGet, urls_.User(user.upn),
                   "", CallPriority::kNormal);
  if (!Succeeded(answer.outcome)) return answer.outcome;
  absl::StatusOr<ports::GraphUser> parsed = ParseUser(answer.body);
  if (!parsed.ok()) return MalformedAnswerOutcome();
  *result = *std::move(parsed);
  return answer.outcome;
}

core::GraphCallOutcome RestGraph::ListTenantDomains(
    const std::string& tenant_id, std::vector<std::string>* domains) {
  std::vector<std::string> verified;
  const core::GraphCallOutcome outcome = ReadAllPages(
      caller_, urls_, tenant_id, urls_.Domains(), max_pages_,
      [&verified](absl::string_view body) -> absl::StatusOr<std::string> {
        absl::StatusOr<DomainsPage> page = ParseDomains(body);
        if (!page.ok()) return page.status();
        for (std::string& domain : page->verified_domains) {
          verified.push_back(std::move(domain));
        }
        return std::move(page->next_link);
      });
  if (Succeeded(outcome)) *domains = std::move(verified);
  return outcome;
}

core::GraphCallOutcome RestGraph::ReadUsersDeltaPage(
    const std::string& tenant_id, const std::string& link,
    ports::UsersDeltaPage* page) {
  page->resync_required = false;
  if (!link.empty() && !urls_.IsBelowBase(link)) {
    core::GraphCallOutcome outcome;
    outcome.http_status = 400;
    outcome.error_code = std::string(kDeltaLinkOutsideBaseCode);
    page->resync_required = true;
    return outcome;
  }
  GraphAnswer answer = caller_.Call(tenant_id, http::HttpMethod::kGet,
                                    link.empty() ? urls_.UsersDelta() : link,
                                    "", CallPriority::kNormal);
  if (!Succeeded(answer.outcome)) {
    GraphError error;
    error.code = answer.outcome.error_code;
    page->resync_required =
        RequiresFullDeltaSync(answer.outcome.http_status, error);
    return answer.outcome;
  }
  absl::StatusOr<ports::UsersDeltaPage> parsed =
      ParseUsersDeltaPage(answer.body);
  if (!parsed.ok()) return MalformedAnswerOutcome();
  // Links are followed with our token: only below the base URL.
  for (const std::string* next : {&parsed->next_link, &parsed->delta_link}) {
    if (!next->empty() && !urls_.IsBelowBase(*next)) {
      return MalformedAnswerOutcome();
    }
  }
  *page = *std::move(parsed);
  return answer.outcome;
}

}  // namespace cordon::adapters::graph
