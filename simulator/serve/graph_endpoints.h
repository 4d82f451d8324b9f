#ifndef CORDON_SIMULATOR_SERVE_GRAPH_ENDPOINTS_H_
#define CORDON_SIMULATOR_SERVE_GRAPH_ENDPOINTS_H_

#include <string>

#include "absl/types/optional.h"
#include "server/ports/clock.h"
#include "simulator/serve/wire.h"
#include "simulator/world.h"

namespace cordon::sim::serve {

// The Microsoft Graph v1.0 calls RestGraph makes (server/adapters/graph/
// graph_urls.h), answered from the World through the same Apply*/Read*
// calls as SimulatedGraph, so invariants and scenarios mean the same over
// HTTPS. The router has checked the token: request.tenant_id is the
// token's tenant, and request.captures[0] the {id} of /users/{id} (a UPN,
// what Cordon sends). A UPN the token's tenant lacks is 404
// Request_ResourceNotFound — or 401 InvalidAuthenticationToken when
// another tenant of the world has it: real Graph would answer 404 there,
// the fake is louder so a token sent for the wrong tenant cannot pass for
// a missing user.
class GraphEndpoints {
 public:
  // `rules_page_size` > 0 pages the rule list with @odata.nextLink.
  GraphEndpoints(World* world, const ports::Clock* clock, int rules_page_size);

  // POST /users/{id}/revokeSignInSessions: 200 {"value": true}.
  WireAnswer RevokeSignInSessions(const WireRequest& request) const;
  // PATCH /users/{id} with {"accountEnabled": bool}: 204.
  WireAnswer PatchUser(const WireRequest& request) const;
  // GET /users/{id}: 200 user.json's shape.
  WireAnswer GetUser(const WireRequest& request) const;
  // GET /users/{id}/mailFolders/inbox/messageRules[?$skiptoken=n].
  WireAnswer ListInboxRules(const WireRequest& request) const;
  // PATCH .../messageRules/{rule} with {"isEnabled": bool}: 200 with the
  // rule; 404 ErrorItemNotFound; an isReadOnly rule 403 ErrorAccessDenied
  // (Graph documents no answer for it; RestGraph re-reads the list to tell).
  WireAnswer PatchInboxRule(const WireRequest& request) const;
  // GET /users/{id}/mailFolders/{well-known name}.
  WireAnswer GetMailFolder(const WireRequest& request) const;
  // GET /users/delta (ISO-12): without a token the first page of a full
  // round; the World's opaque links travel as $skiptoken (next) and
  // $deltatoken (delta) of https links on the served host. An expired
  // token is 410 resyncRequired, a link never handed out 400.
  WireAnswer ReadUsersDelta(const WireRequest& request) const;
  // GET /domains: the token's tenant's verified domains.
  WireAnswer ListDomains(const WireRequest& request) const;
  // GET /users?$top=N: the first N users (1..999, default 100) by UPN, in
  // one page (CheckM365Access reads one to probe User.Read.All).
  WireAnswer ListUsers(const WireRequest& request) const;

 private:
  WireAnswer Error(const WireRequest& request, int status,
                   absl::string_view code, absl::string_view message) const;
  // The answer for a world result other than kDone.
  WireAnswer Refused(const WireRequest& request, WorldResult result) const;
  WireAnswer Ok(const WireRequest& request, int status, std::string body) const;
  std::string NextLink(const WireRequest& request, size_t offset) const;
  // The World link a delta request names; nullopt when it names two.
  static absl::optional<std::string> DeltaLinkOf(const WireRequest& request);
  // The https URL that carries the World's `link` in `parameter`.
  static std::string DeltaUrl(const WireRequest& request,
                              absl::string_view parameter,
                              absl::string_view link);

  World* const world_;
  const ports::Clock* const clock_;
  const int rules_page_size_;
};

// The one property of a PATCH body `{"<name>": bool}`; nullopt when the body
// is not a JSON object whose only property is that boolean.
absl::optional<bool> ParseBoolPatch(absl::string_view body,
                                    absl::string_view name);

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_GRAPH_ENDPOINTS_H_
